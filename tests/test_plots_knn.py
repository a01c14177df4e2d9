"""Chapter 5's figures (course_lib.plots) and its k-NN widget (course_lib.widgets), drawn
headlessly, and the numbers they compute."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.plots import (
    draw_pipeline,
    plot_class_regions,
    plot_colour_histogram,
    plot_cv_accuracy,
    plot_hog,
    plot_linear_classifier_2d,
    plot_unit_circles,
    show_neighbours,
)
from course_lib.widgets import knn_labels, knn_widget, plot_knn_regions


def three_clouds(n=15, seed=0):
    rng = np.random.default_rng(seed)
    centres = np.array([[-2.0, -2.0], [2.0, -1.0], [0.0, 2.0]])
    X = np.concatenate([c + 0.5 * rng.standard_normal((n, 2)) for c in centres])
    return X, np.repeat([0, 1, 2], n)


def test_unit_circles_lie_at_distance_one():
    ax = plot_unit_circles(ps=(1, 2, np.inf))
    lines = ax.get_lines()[:3]
    for line, norm in zip(lines, (1, 2, np.inf), strict=True):
        x, y = line.get_data()
        pts = np.c_[x, y]
        assert np.allclose(np.linalg.norm(pts, ord=norm, axis=1), 1.0)
    assert len(ax.get_legend().get_texts()) == 3


def test_knn_labels_majority_and_ties():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 3.0], [0.0, 4.0]])
    y = np.array([0, 0, 1, 1])
    # k = 1: the nearest point's label
    assert knn_labels(X, y, [[0.1, 0.0], [0.0, 3.2]], k=1).tolist() == [0, 1]
    # k = 3 from (0, 0): two 0s and one 1
    assert knn_labels(X, y, [[0.0, 0.0]], k=3).tolist() == [0]
    # k = 4: two votes each, a tie
    assert knn_labels(X, y, [[0.0, 0.0]], k=4).tolist() == [-1]
    with pytest.raises(ValueError):
        knn_labels(X, y, [[0.0, 0.0]], k=5)


def test_knn_labels_l1_and_l2_can_disagree():
    # from the origin: A at (2, 2) is 4 away in L1, 2.83 in L2; B at (3, 0) is 3 in both
    X, y = np.array([[2.0, 2.0], [3.0, 0.0]]), np.array([0, 1])
    assert knn_labels(X, y, [[0.0, 0.0]], k=1, p=1).tolist() == [1]
    assert knn_labels(X, y, [[0.0, 0.0]], k=1, p=2).tolist() == [0]


def test_knn_regions_one_neighbour_fits_every_training_point():
    X, y = three_clouds()
    ax = plot_knn_regions(X, y, k=1, p=2, resolution=40)
    assert ax.accuracy == 1.0 and ax.tie_share == 0.0
    assert "k = 1" in ax.get_title() and "L2" in ax.get_title()
    ax = plot_knn_regions(X, y, k=4, p=1, resolution=40)
    assert 0.0 <= ax.tie_share < 0.5 and "L1" in ax.get_title()


def test_class_regions_colour_ties_white_and_report_accuracy():
    X, y = three_clouds()

    def predict(P):
        out = (P[:, 0] > 0).astype(int)
        out[np.abs(P[:, 0]) < 0.5] = -1  # a band of ties
        return out

    ax = plot_class_regions(predict, X, y, lim=((-4, 4), (-4, 4)), resolution=80)
    image = ax.get_images()[0].get_array()
    assert np.allclose(image[40, 40], 1.0)  # the middle column: a tie, white
    assert ax.accuracy == pytest.approx(np.mean(predict(X) == y))
    assert 0.05 < ax.tie_share < 0.2
    with pytest.raises(ValueError):
        plot_class_regions(predict, np.zeros((3, 3)), np.zeros(3))


def test_linear_classifier_draws_one_line_per_class_and_the_argmax_regions():
    X, y = three_clouds()
    W = np.array([[-1.0, -1.0], [1.0, -0.3], [0.0, 1.0]])
    b = np.zeros(3)
    ax = plot_linear_classifier_2d(W, b, X, y, names=["a", "b", "c"])
    assert len(ax.get_lines()) == 3
    assert ax.accuracy == pytest.approx(np.mean(np.argmax(X @ W.T + b, axis=1) == y))
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["a", "b", "c", "a: score 0", "b: score 0", "c: score 0"]
    assert plot_linear_classifier_2d(W, b).accuracy is None


def test_cv_accuracy_mean_sd_and_best_k():
    ks = [1, 3, 5]
    acc = np.array([[0.2, 0.3, 0.25], [0.22, 0.32, 0.27], [0.18, 0.28, 0.23]])
    ax = plot_cv_accuracy(ks, acc, label="L2")
    assert ax.best_k == 3
    assert np.allclose(ax.mean, acc.mean(0))
    assert np.allclose(ax.sd, acc.std(0, ddof=1))
    assert "mean ± sd of 3 folds" in ax.get_legend().get_texts()[0].get_text()
    with pytest.raises(ValueError):
        plot_cv_accuracy(ks, acc[:, :2])


def test_show_neighbours_marks_the_other_classes():
    rng = np.random.default_rng(0)
    q, nb = rng.random((2, 3, 8, 8)), rng.random((2, 4, 3, 8, 8))
    fig = show_neighbours(q, nb, [0, 1], [[0, 1, 0, 0], [1, 1, 0, 1]], classes=["cat", "dog"],
                          distances=np.ones((2, 4)))  # fmt: skip
    axes = np.array(fig.axes).reshape(2, 5)
    assert axes[0, 0].get_title() == "cat"
    assert axes[0, 2].get_title().startswith("dog") and axes[0, 2].title.get_color() != "black"
    assert axes[0, 1].title.get_color() == "black"
    assert "1.0" in axes[1, 1].get_title()


def test_pipeline_has_a_box_per_step():
    ax = draw_pipeline([("a", "first"), "b", ("c", "")], title="three steps")
    assert len(ax.patches) == 3
    texts = [t.get_text() for t in ax.texts]
    assert {"a", "b", "c", "first"} <= set(texts)


def test_colour_histogram_bars_take_their_bins_colour():
    hist = np.arange(64) / np.arange(64).sum()
    ax = plot_colour_histogram(hist, levels=4)
    bars = ax.patches
    assert len(bars) == 64
    assert np.allclose(bars[0].get_facecolor()[:3], (0.125, 0.125, 0.125))
    assert np.allclose(bars[63].get_facecolor()[:3], (0.875, 0.875, 0.875))
    assert np.allclose(bars[48].get_facecolor()[:3], (0.875, 0.125, 0.125))  # red is slowest
    with pytest.raises(ValueError):
        plot_colour_histogram(np.ones(10))


def test_hog_glyphs_one_line_per_bin_and_cell():
    hist = np.zeros((9, 2, 2))
    hist[0, 0, 0] = 1.0  # one strong bin
    ax = plot_hog(hist, image=np.zeros((16, 16)), cell=8)
    assert len(ax.get_lines()) == 9 * 2 * 2
    lengths = [np.hypot(*(np.ptp(np.asarray(v)) for v in ln.get_data())) for ln in ax.get_lines()]
    assert max(lengths) == pytest.approx(0.96 * 8)
    assert sorted(lengths)[-2] == 0.0


def test_knn_widget_builds():
    pytest.importorskip("ipywidgets")
    X, y = three_clouds(5)
    w = knn_widget(X, y, k=3, p=1)
    assert {c.description for c in w.children[:-1]} == {"k", "distance"}
    plt.close("all")
