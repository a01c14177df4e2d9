"""Chapter 9's figures (course_lib.plots), drawn headlessly: learning curves of the fixes,
histograms of the sigmoid's gradient factor and per-fold cross-validation accuracies."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.plots import (
    PALETTE,
    plot_fix_curves,
    plot_fold_accuracies,
    plot_sigmoid_factors,
)


def test_fix_curves_draw_one_line_per_run_plus_the_reference():
    curves = {"source": [0.1, 0.2, 0.3], "+ cross-entropy": [0.5, 0.7, 0.8, 0.85]}
    ax = plot_fix_curves(curves, reference=("printed", [0.07, 0.08, 0.14]), title="t")
    lines = ax.get_lines()
    assert len(lines) == 3
    assert list(lines[1].get_xdata()) == [1, 2, 3, 4]
    assert list(lines[1].get_ydata()) == [0.5, 0.7, 0.8, 0.85]
    assert lines[0].get_color() == PALETTE["blue"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [*curves, "printed"]
    assert ax.get_ylim() == (0, 1.0) and ax.get_xlabel() == "epoch"
    assert list(ax.get_xticks()) == [1, 2, 3, 4]
    assert ax.get_title() == "t"


def test_fix_curves_without_reference_on_given_axes_and_a_legend_beside_them():
    fig, ax = plt.subplots()
    legend = {"loc": "upper left", "bbox_to_anchor": (1.01, 1)}
    assert plot_fix_curves({"a": [0.2], "b": [0.3]}, ax=ax, legend=legend) is ax
    assert len(ax.get_lines()) == 2
    assert ax.get_legend()._loc == 2  # "upper left"


def test_sigmoid_factors_histograms_share_of_values_and_means():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(200, 10))
    s = 1 / (1 + np.exp(-z))
    factors = {"hidden": s * (1 - s), "saturated": np.full(50, 0.001)}
    ax = plot_sigmoid_factors(factors, title="σ'")
    stairs = [p for p in ax.patches]
    assert len(stairs) == 2
    # each histogram is a share: it sums to 1 (all values lie in [0, 1/4])
    for patch in stairs:
        assert patch.get_data().values.sum() == pytest.approx(1.0)
    means = [line.get_xdata()[0] for line in ax.get_lines()]
    assert means == pytest.approx([factors["hidden"].mean(), 0.001])
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[1] == "saturated (mean 0.001)"
    assert ax.get_xlim() == (0, 0.25)


def test_fold_accuracies_dots_mean_and_spread():
    fold_acc = {"network": [0.9, 0.95, 1.0, 0.9, 0.95], "majority": [0.3, 0.35, 0.3, 0.4, 0.3]}
    ax = plot_fold_accuracies(fold_acc, title="folds")
    lines = ax.get_lines()
    assert len(lines) == 6  # spread bar, mean tick, fold dots per model
    bar, tick, dots = lines[:3]
    acc = np.array(fold_acc["network"])
    assert bar.get_xdata() == pytest.approx(
        [acc.mean() - acc.std(ddof=1), acc.mean() + acc.std(ddof=1)]
    )
    assert list(tick.get_xdata()) == pytest.approx([acc.mean()] * 2)
    assert list(dots.get_xdata()) == list(acc) and set(dots.get_ydata()) == {1}  # first row on top
    ticks = dict(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels())))
    assert ticks == {1: "network", 0: "majority"}
    assert ax.get_xlabel() == "accuracy on the held-out fold"
