"""Chapter 7's figures (course_lib.plots) and its learning-rate / batch-size widget
(course_lib.widgets), drawn headlessly, and the SGD path behind them."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.plots import plot_contour_paths, plot_loss_valley
from course_lib.widgets import (
    least_squares_loss,
    minibatch_sgd_path,
    plot_sgd_path,
    sgd_widget,
)


def problem(n=40, seed=0):
    """Two correlated inputs and a target that is nearly linear in them."""
    rng = np.random.default_rng(seed)
    x1 = rng.normal(size=n)
    x2 = 0.8 * x1 + 0.6 * rng.normal(size=n)
    X = np.c_[x1, x2]
    return X, X @ np.array([0.5, -0.3]) + 0.05 * rng.normal(size=n)


def test_least_squares_loss_matches_the_definition_on_one_point_and_a_grid():
    X, y = problem()
    w = np.array([0.2, 0.7])
    assert least_squares_loss(X, y, w) == pytest.approx(0.5 * np.mean((X @ w - y) ** 2))
    grid = np.stack(np.meshgrid(np.linspace(-1, 1, 5), np.linspace(-1, 1, 4)), axis=-1)
    L = least_squares_loss(X, y, grid)
    assert L.shape == (4, 5)
    assert L[2, 3] == pytest.approx(0.5 * np.mean((X @ grid[2, 3] - y) ** 2))


def test_full_batch_path_is_plain_gradient_descent():
    X, y = problem()
    run = minibatch_sgd_path(X, y, 0.1, batch_size=len(X), epochs=3, start=(1.0, 1.0))
    w = np.array([1.0, 1.0])
    for k in range(3):
        w = w - 0.1 * X.T @ (X @ w - y) / len(X)
        assert np.allclose(run["path"][k + 1], w)
    assert run["steps"] == 3 and run["epoch"].tolist() == [0, 1, 2, 3]
    assert np.all(np.diff(run["loss"]) < 0), "a small full-batch step always lowers the loss"


def test_minibatch_counts_steps_with_a_partial_last_batch_and_is_seeded():
    X, y = problem(n=40)
    run = minibatch_sgd_path(X, y, 0.05, batch_size=16, epochs=2, seed=3)
    assert run["steps"] == 2 * 3  # 16 + 16 + 8 per epoch
    assert np.allclose(run["epoch"][1:4], [0.4, 0.8, 1.0])
    again = minibatch_sgd_path(X, y, 0.05, batch_size=16, epochs=2, seed=3)
    other = minibatch_sgd_path(X, y, 0.05, batch_size=16, epochs=2, seed=4)
    assert np.array_equal(run["path"], again["path"])
    assert not np.array_equal(run["path"], other["path"])
    with pytest.raises(ValueError):
        minibatch_sgd_path(X, y, 0.05, batch_size=0)


def test_learning_rate_past_two_over_the_largest_curvature_diverges():
    X, y = problem()
    top = np.linalg.eigvalsh(X.T @ X / len(X)).max()
    fine = minibatch_sgd_path(X, y, 1.9 / top, len(X), epochs=300, start=(2.0, 2.0))
    blown = minibatch_sgd_path(X, y, 2.1 / top, len(X), epochs=2000, start=(2.0, 2.0))
    w_star = np.linalg.solve(X.T @ X, X.T @ y)
    assert not fine["diverged"] and np.allclose(fine["path"][-1], w_star, atol=1e-3)
    assert blown["diverged"] and blown["loss"][-1] > 1e6 and blown["steps"] < 2000


def test_online_sgd_ends_near_the_minimum_but_not_on_it():
    X, y = problem()
    run = minibatch_sgd_path(X, y, 0.05, batch_size=1, epochs=20)
    w_star = np.linalg.solve(X.T @ X, X.T @ y)
    loss_star = least_squares_loss(X, y, w_star)
    assert run["steps"] == 20 * len(X)
    assert 0 < run["loss"][-1] - loss_star < 0.01


def test_contour_plot_draws_paths_start_and_minimum():
    X, y = problem()

    def loss(W1, W2):
        return least_squares_loss(X, y, np.stack([W1, W2], axis=-1))

    paths = {"a": np.array([[1.0, 1.0], [0.5, 0.0], [0.4, -0.2]]), "b": np.zeros((2, 2))}
    ax = plot_contour_paths(loss, paths, (-2, 2), (-2, 2), minimum=(0.5, -0.3), title="t")
    legend = ax.get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == ["a", "b", "minimum"]
    assert legend.get_frame_on() and legend.markerscale < 1, "the star must not read as a point"
    assert ax.get_title() == "t" and ax.get_xlabel() == "$w_1$"
    assert ax.get_xlim() == (-2, 2)


def test_valley_is_a_3d_surface():
    ax = plot_loss_valley(lambda a, b: a**2 + 3 * b**2, title="valley")
    assert ax.name == "3d" and ax.get_zlabel() == "loss" and ax.get_title() == "valley"


def test_plot_sgd_path_reports_progress_or_divergence():
    X, y = problem()
    fig = plot_sgd_path(X, y, 0.3, batch_size=8, epochs=4)
    result = fig.result
    assert len(fig.axes) == 2 and not result["diverged"]
    assert result["steps"] == 4 * 5
    assert result["loss"][-1] >= result["loss_star"] - 1e-12
    assert "20 updates" in fig.axes[1].get_title()
    blown = plot_sgd_path(X, y, 10.0, batch_size=len(X), epochs=50).result
    assert blown["diverged"]
    with pytest.raises(ValueError):
        plot_sgd_path(np.ones((5, 3)), np.ones(5), 0.1, 2)
    plt.close("all")


def test_sgd_widget_has_its_sliders_and_redraws():
    X, y = problem()
    w = sgd_widget(X, y, learning_rate=0.1, batch_size=7)
    names = [c.description for c in w.children[:4]]
    assert names == ["η", "batch", "epochs", "seed"]
    assert w.children[1].value == 8  # the nearest batch size offered
    assert w.children[1].options[-1] == len(X)  # and the whole data set
    w.children[0].value = 0.5  # moving a slider redraws without error
    assert w.kwargs["learning_rate"] == pytest.approx(0.5)
