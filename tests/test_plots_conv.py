"""Chapter 16's figures and widget: matrices drawn cell by cell, a convolution step, pooling
grids, feature-map grids, Kirsch's kernels and the kernel widget."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.plots import (
    draw_conv_step,
    draw_fractional_regions,
    draw_layer_stack,
    draw_matrix,
    draw_pooling,
    fractional_pool_edges,
    show_feature_maps,
)
from course_lib.widgets import KERNELS, kernel_widget, kirsch_kernels, plot_kernel_response

X_IMAGE = np.array([[255, 0, 0, 0, 255], [0, 255, 0, 255, 0], [0, 0, 255, 0, 0],
                    [0, 255, 0, 255, 0], [255, 0, 0, 0, 255]])  # fmt: skip
CENTRE_VS_RING = np.array([[-1, -1, -1], [-1, 2, -1], [-1, -1, -1]])


def test_draw_matrix_writes_every_number_and_outlines_windows():
    ax = draw_matrix(np.arange(6).reshape(2, 3), windows=[(0, 1, 2, 2)], bold=[(1, 2)], title="t")
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["0", "1", "2", "3", "4", "5"]
    assert [t.get_fontweight() for t in ax.texts].count("bold") == 1
    assert len(ax.patches) == 6 + 2  # six cells, the window's fill and its outline
    assert ax.get_title() == "t" and ax.get_ylim()[0] > ax.get_ylim()[1]  # row 0 on top
    assert draw_matrix([[0.5, 1.0]]).texts[0].get_text() == "0.50"
    with pytest.raises(ValueError):
        draw_matrix([1, 2, 3])
    plt.close("all")


def test_draw_conv_step_computes_the_x_example():
    fig = draw_conv_step(X_IMAGE, CENTRE_VS_RING, row=2, col=1)
    assert fig.out.tolist() == [[0, -765, 0], [-765, -510, -765], [0, -765, 0]]
    assert len(fig.axes) == 3 and "= -765" in fig.axes[2].get_title()
    padded = draw_conv_step([[5, 2, 1], [1, 3, 2], [7, 1, 9]],
                            [[-1, -1, -1], [-1, 2, -1], [-1, -1, 2]], pad=1)  # fmt: skip
    assert padded.out.tolist() == [[13, -2, -5], [-13, 5, -12], [9, -20, 12]]
    assert "padding 1" in padded.axes[0].get_title()
    assert draw_conv_step(np.ones((5, 5)), np.ones((3, 3)), stride=2).out.shape == (2, 2)
    plt.close("all")


def test_draw_pooling_max_and_average():
    fig = draw_pooling([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]])
    assert fig.out.tolist() == [[6, 8], [3, 4]]
    bold = [t.get_text() for t in fig.axes[0].texts if t.get_fontweight() == "bold"]
    assert sorted(bold) == ["3", "4", "6", "8"]
    x = np.arange(49.0).reshape(7, 7)
    fig = draw_pooling(x, size=3, stride=2, kind="avg", windows=[(0, 0), (1, 1)])
    assert fig.out.shape == (3, 3) and fig.out[0, 0] == pytest.approx(8.0)
    assert "average" in fig.axes[1].get_title()
    with pytest.raises(ValueError):
        draw_pooling(x, kind="median")
    plt.close("all")


def test_show_feature_maps_scales_and_titles():
    rng = np.random.default_rng(0)
    maps = [rng.normal(size=(6, 5)), np.abs(rng.normal(size=(6, 5))), rng.random((3, 6, 5))]
    fig = show_feature_maps(maps, titles=["a", "b", "c"], ncols=2, signed=[True, False, False],
                            title="maps")  # fmt: skip
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 3 and [ax.get_title() for ax in shown] == ["a", "b", "c"]
    lo, hi = shown[0].images[0].get_clim()
    assert lo == -hi == -np.abs(maps[0]).max()  # signed: symmetric around 0
    assert shown[1].images[0].get_clim()[0] == maps[1].min()
    assert shown[2].images[0].get_array().shape == (6, 5, 3)  # (C, H, W) shown as colour
    clipped = show_feature_maps([maps[0]], percentile=50)
    assert clipped.axes[0].images[0].get_clim()[1] < np.abs(maps[0]).max()
    plt.close("all")


def test_kirsch_kernels_are_eight_rotations_that_sum_to_zero():
    kernels = kirsch_kernels()
    assert list(kernels) == [f"Kirsch {d}" for d in ("N", "NE", "E", "SE", "S", "SW", "W", "NW")]
    assert kernels["Kirsch N"].tolist() == [[5, 5, 5], [-3, 0, -3], [-3, -3, -3]]
    assert kernels["Kirsch E"][:, 2].tolist() == [5, 5, 5]
    assert kernels["Kirsch S"].tolist() == np.rot90(kernels["Kirsch N"], 2).tolist()
    assert all(k.sum() == 0 and k[1, 1] == 0 for k in kernels.values())
    assert len({k.tobytes() for k in kernels.values()}) == 8
    assert {"identity", "box blur", "sharpen", "bottom Sobel", "outline"} <= set(KERNELS)


def test_plot_kernel_response_identity_and_relu():
    image = np.random.default_rng(1).random((12, 10))
    fig = plot_kernel_response(image, KERNELS["identity"], title="identity")
    assert np.allclose(fig.filtered, image[1:-1, 1:-1])  # valid: 2 pixels smaller
    fig = plot_kernel_response(image, KERNELS["bottom Sobel"])
    assert (fig.relu >= 0).all() and np.allclose(fig.relu, np.maximum(fig.filtered, 0))
    assert len([ax for ax in fig.axes if ax.images]) == 3
    with pytest.raises(ValueError):
        plot_kernel_response(np.zeros((3, 8, 8)), KERNELS["identity"])
    plt.close("all")


def test_kernel_widget_presets_and_typed_entries_redraw():
    w = kernel_widget(np.random.default_rng(2).random((16, 16)), kernel="bottom Sobel")
    preset, grid, picture = w.children
    assert w.draws == 1 and picture.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert np.array_equal(w.kernel(), KERNELS["bottom Sobel"])
    preset.value = "Kirsch W"  # fills the nine boxes, then draws once
    assert w.draws == 2 and np.array_equal(w.kernel(), KERNELS["Kirsch W"])
    grid.children[4].value = 7.0  # typing an entry redraws
    assert w.draws == 3 and w.kernel()[1, 1] == 7.0
    plt.close("all")


def test_draw_layer_stack_boxes_arrows_and_legend():
    layers = [("input", "image", "32×32×3"), ("conv", "conv 3×3", "32×32×16"),
              ("relu", "ReLU", ""), ("pool", "max pool", "16×16×16"),
              ("flatten", "flatten", "4096"), ("linear", "linear", "10")]  # fmt: skip
    ax = draw_layer_stack(layers, title="t", per_row=3)
    texts = [t.get_text() for t in ax.texts]
    assert "conv 3×3" in texts and "32×32×16" in texts and "ReLU" in texts
    assert len(ax.patches) == len(layers)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [k for k, *_ in layers]
    with pytest.raises(ValueError):
        draw_layer_stack([("dropout", "x", "")])
    plt.close("all")


def test_fractional_pool_edges_and_regions():
    edges = fractional_pool_edges(36, 2**0.5, rng=0)
    assert edges[0] == 0 and edges[-1] == 36 and len(edges) == 26  # 36 / sqrt(2) = 25.5 -> 25
    assert set(np.diff(edges)) == {1, 2}
    assert not np.array_equal(edges, fractional_pool_edges(36, 2**0.5, rng=1))
    with pytest.raises(ValueError):
        fractional_pool_edges(36, 2.5)
    ax = draw_fractional_regions(36, seed=0)
    rows, cols = ax.edges
    assert len(rows) == len(cols) == 26 and "25×25" in ax.get_title()
    plt.close("all")
