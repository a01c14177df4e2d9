"""Chapter 12's figures and widget: optimiser paths on the test surfaces, the four problems
of SGD, the momentum/Nesterov diagram, Taylor approximations, schedules and range tests."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_lib.plots import (  # noqa: E402
    draw_momentum_vs_nesterov,
    plot_lr_range_test,
    plot_lr_schedules,
    plot_momentum_fixes,
    plot_runs,
    plot_taylor_approximations,
)
from course_lib.widgets import (  # noqa: E402
    OPTIMISER_SURFACES,
    optimiser_path,
    optimiser_rules,
    optimiser_widget,
    plot_optimiser_paths,
)


@pytest.mark.parametrize("name", list(OPTIMISER_SURFACES))
def test_surface_gradients_match_finite_differences(name):
    s = OPTIMISER_SURFACES[name]
    w, h = np.array([0.3, -0.7]), 1e-6
    num = [(s["loss"](*(w + h * e)) - s["loss"](*(w - h * e))) / (2 * h) for e in np.eye(2)]
    assert np.allclose(s["grad"](w), num, rtol=1e-6, atol=1e-6)
    assert np.allclose(s["grad"](np.array(s["minimum"])), 0.0)


def test_optimiser_path_shape_start_and_divergence():
    p = optimiser_path("ill-conditioned quadratic", "SGD", 0.05, steps=30)
    assert p.shape == (31, 2)
    assert np.array_equal(p[0], OPTIMISER_SURFACES["ill-conditioned quadratic"]["start"])
    # beyond 2 / 25 the steep direction diverges and the run stops early
    assert len(optimiser_path("ill-conditioned quadratic", "SGD", 0.1, steps=500)) < 501
    a = optimiser_path("saddle", "SGD", 0.1, steps=5, noise=1.0, seed=3)
    b = optimiser_path("saddle", "SGD", 0.1, steps=5, noise=1.0, seed=3)
    assert np.array_equal(a, b)


def test_default_rates_reach_the_minimum_region():
    for name in OPTIMISER_SURFACES:
        ax = plot_optimiser_paths(name)
        assert set(ax.result) == set(optimiser_rules())
        assert all(np.isfinite(r["distance"]) for r in ax.result.values()), name
        plt.close("all")
    # on the Rosenbrock valley Adam ends nearer the minimum than plain SGD
    r = plot_optimiser_paths("Rosenbrock", ["SGD", "Adam"]).result
    assert r["Adam"]["distance"] < r["SGD"]["distance"]
    r = plot_optimiser_paths("saddle", ["SGD", "RMSProp"], learning_rate=0.05).result
    assert r["SGD"]["learning_rate"] == 0.05


def test_momentum_fixes():
    fig = plot_momentum_fixes(steps=100)
    r = fig.result
    assert r["local minimum"]["SGD"] > 0.5 and r["local minimum"]["momentum μ = 0.9"] < -0.9
    assert abs(r["saddle"]["SGD"]) < 0.2 and r["saddle"]["momentum μ = 0.9"] < -0.9
    assert len(fig.axes) == 4
    assert all(ax.get_xlabel() and ax.get_ylabel() for ax in fig.axes)


def test_diagram_taylor_schedules_range_test_runs():
    fig = draw_momentum_vs_nesterov()
    assert [ax.get_title().split(":")[0] for ax in fig.axes] == ["momentum", "Nesterov"]
    ax = plot_taylor_approximations(lambda x: np.exp(x) - 2 * x, lambda x: np.exp(x) - 2,
                                    lambda x: np.exp(x), 1.5, lim=(-1, 2.5))  # fmt: skip
    x_nt = ax.result["Newton step"][0]
    assert x_nt == pytest.approx(1.5 - (np.exp(1.5) - 2) / np.exp(1.5))
    ax = plot_lr_schedules({"a": [1, 0.5, 0.25], "b": [1, 1, 1]}, log=True)
    assert len(ax.get_lines()) == 2 and ax.get_yscale() == "log"
    lrs = np.geomspace(1e-4, 1, 50)
    ax = plot_lr_range_test(lrs, np.linspace(2.3, 0.5, 50), chosen=1e-2)
    assert ax.smoothed[0] == pytest.approx(2.3)  # bias correction: no pull towards 0


def test_plot_runs_band_mode_draws_mean_and_sd():
    """plot_runs(band=True): a mean line and a mean ± sd band; a 1-D array is one seed."""
    runs = {"x": np.array([[1.0, 2, 3], [3.0, 4, 5]]), "y": np.arange(1.0, 4.0)}
    ax = plot_runs(runs, band=True, logy=False, xlabel="epoch", title="t")
    assert ax.get_xlabel() == "epoch" and ax.get_title() == "t"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["x", "y"]
    assert np.allclose(ax.lines[0].get_ydata(), [2, 3, 4])
    assert np.allclose(ax.lines[0].get_xdata(), [1, 2, 3])
    assert ax.lines[0].get_linestyle() != ax.lines[1].get_linestyle()
    assert len(ax.collections) == 1  # a band only where there are two seeds or more
    lo, hi = ax.collections[0].get_paths()[0].vertices[:, 1].min(), 4 + np.sqrt(2)
    assert lo == pytest.approx(2 - np.sqrt(2)) and ax.get_ylim()[1] >= hi
    # the default (thin line per seed, thick median) is unchanged
    ax = plot_runs({"x": [np.ones(4), 2 * np.ones(4)]})
    assert len(ax.lines) == 3 and ax.get_yscale() == "log" and not ax.collections


def test_widget_builds():
    pytest.importorskip("ipywidgets")
    w = optimiser_widget()
    assert {c.description for c in w.children if hasattr(c, "description")} >= {
        "surface", "optimisers", "η", "steps"}  # fmt: skip
