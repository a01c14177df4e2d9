"""Chapter 14's figures and widget, drawn headlessly."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_lib.plots import (  # noqa: E402
    draw_rbf_net,
    plot_gaussian_shapes,
    plot_gaussian_sum,
    plot_k_curve,
    plot_rbf_fit,
)
from course_lib.widgets import (  # noqa: E402
    plot_rbf_widths,
    rbf_least_squares_fit,
    rbf_widget,
)


def sine(n=60, seed=0):
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0, 1, n))
    return x, np.sin(2 * np.pi * x) + rng.uniform(-0.1, 0.1, n)


def test_gaussian_shapes_and_sum():
    ax = plot_gaussian_shapes()
    assert len(ax.lines) == 3 and ax.get_legend() is not None
    peak = ax.lines[0].get_ydata().max()
    assert np.isclose(peak, 1 / np.sqrt(2 * np.pi), atol=1e-4)
    ax = plot_gaussian_sum([0.0, 1.0], [0.3, 0.3], [1.0, -0.5], bias=0.2, target=np.sin)
    total = ax.lines[-1].get_ydata()
    bumps = ax.lines[0].get_ydata() + ax.lines[1].get_ydata()
    assert np.allclose(total, bumps + 0.2)
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_legend() is not None


@pytest.mark.parametrize("k", [1, 2, 4, 7])
def test_draw_rbf_net(k):
    ax = draw_rbf_net(k)
    assert len(ax.patches) == k + 2  # input, k units, output
    assert f"k = {k}" in ax.get_title()


def test_plot_rbf_fit_and_k_curve():
    x, y = sine()
    grid = np.linspace(0, 1, 50)
    truth = np.sin(2 * np.pi * grid)
    ax = plot_rbf_fit(x, y, grid, truth, truth=truth, centers=[0.25, 0.75], widths=[0.2, 0.2],
                      weights=[1, -1], title="t")  # fmt: skip
    labels = [h.get_label() for h in ax.get_legend().legend_handles]
    assert {"data", "true sin(2πx)", "RBF net", "centres", "weighted Gaussians"} <= set(labels)
    ax = plot_k_curve([1, 2, 4], [0.3, 0.1, 0.01], [0.4, 0.1, 0.02], [0.01, 0.01, 0.01],
                      noise=0.0033, label="shared")  # fmt: skip
    plot_k_curve([1, 2, 4], [0.3, 0.2, 0.1], [0.4, 0.3, 0.2], noise=0.0033, ax=ax, label="own")
    assert sum(line.get_label() == "noise variance" for line in ax.lines) == 1
    assert ax.lines[0].get_color() != ax.lines[-1].get_color()
    assert ax.get_yscale() == "log"


def test_rbf_widths_plot_reports_errors_and_wider_is_smoother():
    x, y = sine()
    xv, yv = sine(seed=1)
    ax = plot_rbf_widths(
        x, y, k=4, scale=1.0, X_val=xv, y_val=yv, truth=lambda g: np.sin(2 * np.pi * g)
    )
    assert 0 < ax.train_mse < 0.05 and 0 < ax.val_mse < 0.05
    assert "validation" in ax.get_title()
    narrow = plot_rbf_widths(x, y, k=4, scale=0.1)
    assert narrow.train_mse > ax.train_mse  # gaps between narrow bumps
    one = rbf_least_squares_fit(x, y, k=1)
    assert one["widths"].shape == (1,) and one["w"].shape == (1, 1)


def test_rbf_widget_builds():
    pytest.importorskip("ipywidgets")
    x, y = sine()
    w = rbf_widget(x, y)
    assert {c.description for c in w.children if hasattr(c, "description")} >= {"k", "width ×"}
