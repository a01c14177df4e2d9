"""Chapter 11's figures (course_lib.plots), drawn headlessly: activation histograms layer by
layer, activation spread per layer, 2-D preprocessing pictures and update/weight ratios."""

import matplotlib.pyplot as plt
import numpy as np

from course_lib.plots import (
    PALETTE,
    plot_layer_histograms,
    plot_layer_std,
    plot_point_clouds,
    plot_update_ratios,
)


def test_layer_histograms_one_row_per_scheme_one_panel_per_layer():
    rng = np.random.default_rng(0)
    acts = {"small": [rng.normal(0, 0.1**k, 50) for k in range(3)],
            "He": [rng.normal(0, 1, 50) for _ in range(2)]}  # fmt: skip
    fig = plot_layer_histograms(acts, title="t")
    axes = np.array(fig.axes).reshape(2, 3)
    assert axes[0, 0].get_title().startswith("layer 1")
    assert not axes[1, 2].axison  # the shorter row leaves its last panel empty
    assert "small" in axes[0, 0].get_ylabel() and "He" in axes[1, 0].get_ylabel()
    assert axes[1, 1].get_xlabel() == "activation"
    assert fig._suptitle.get_text() == "t"
    plt.close(fig)


def test_layer_histograms_fixed_limits_and_constant_layers():
    fig = plot_layer_histograms({"zeros": [np.zeros(10), np.zeros(10)]}, limits=(-1, 1))
    assert fig.axes[0].get_xlim() == (-1, 1)
    fig2 = plot_layer_histograms({"zeros": [np.zeros(10)]})  # no spread: still drawn
    assert len(fig2.axes) == 1
    plt.close("all")


def test_layer_std_lines_log_scale_and_legend():
    ax = plot_layer_std({"a": [1, 0.1, 0.01], "b": [1, 1, 1]}, title="t")
    assert len(ax.get_lines()) == 2
    assert ax.get_yscale() == "log"
    assert list(ax.get_lines()[0].get_xdata()) == [1, 2, 3]
    assert ax.get_lines()[0].get_color() == PALETTE["blue"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    assert ax.get_title() == "t"
    assert plot_layer_std({"a": [1, 2]}, log=False).get_yscale() == "linear"
    plt.close("all")


def test_point_clouds_share_symmetric_limits():
    rng = np.random.default_rng(1)
    x = rng.normal(3, 2, (100, 2))
    fig = plot_point_clouds({"original": x, "centred": x - x.mean(0)}, title="t")
    a, b = fig.axes
    assert a.get_xlim() == b.get_xlim() == a.get_ylim()
    assert a.get_xlim()[0] == -a.get_xlim()[1]
    assert a.get_title() == "original" and b.get_xlabel() == "feature 1"
    plt.close(fig)
    fig, axes = plt.subplots(1, 2)
    assert plot_point_clouds({"p": x, "q": x}, axes=axes) is fig
    plt.close(fig)


def test_update_ratios_lines_and_target():
    ax = plot_update_ratios({"layer 1": [1e-2, 1e-3], "layer 2": [1e-4, 1e-4]}, title="t")
    lines = ax.get_lines()
    assert len(lines) == 3  # two layers and the target line
    assert list(lines[2].get_ydata()) == [1e-3, 1e-3]
    assert ax.get_yscale() == "log"
    assert "rule of thumb" in ax.get_legend().get_texts()[-1].get_text()
    plt.close("all")


def test_deep_activations_scales_and_errors():
    import pytest

    from course_lib.widgets import deep_activations

    acts = deep_activations(1.0, "relu", layers=3, width=50, batch=40)
    assert len(acts) == 3 and acts[0].shape == (40, 50) and (acts[0] >= 0).all()
    small = deep_activations(0.1, "tanh", layers=4, width=50, batch=40)
    assert small[-1].std() < small[0].std()
    sig = deep_activations(1.0, "sigmoid", layers=2, width=20, batch=10)
    assert ((sig[-1] > 0) & (sig[-1] < 1)).all()
    with pytest.raises(ValueError):
        deep_activations(1.0, "gelu")


def test_plot_deep_activations_and_widget_build_headlessly():
    from course_lib.widgets import init_widget, plot_deep_activations

    fig = plot_deep_activations(2.0, "relu", layers=3)
    assert len(fig.axes) == 3 and fig.axes[0].get_xlim() == (0, 3)
    assert "relu" in fig._suptitle.get_text()
    plt.close(fig)
    w = init_widget(0.5, "sigmoid")
    assert w.children[0].value == 0.5 and w.children[1].value == "sigmoid"
    plt.close("all")


def test_layer_histograms_drop_zeros_reports_their_share():
    acts = {"ReLU": [np.array([0.0, 0.0, 0.0, 1.0])]}
    fig = plot_layer_histograms(acts, limits=(0, 2), drop_zeros=True)
    assert "75% at 0" in fig.axes[0].get_title()
    plt.close(fig)


def test_point_clouds_axis_labels_per_panel():
    pts = np.array([[1.0, -1.0], [0.5, 2.0], [-1.0, 0.0]])
    fig = plot_point_clouds({"a": pts, "b": pts}, labels=[("x", "y"), ("u", "v")])
    assert fig.axes[0].get_xlabel() == "x" and fig.axes[1].get_ylabel() == "v"
    plt.close(fig)
