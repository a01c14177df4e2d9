"""Figures and the widget of chapters 15 (CIFAR-10 with a fully connected network) and 19
(autoencoders), drawn headlessly."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from course_lib.plots import (
    COLORS,
    class_accuracy,
    decode_to_images,
    plot_class_accuracy,
    plot_codes_2d,
    plot_latent_grid,
    show_reconstructions,
)
from course_lib.widgets import latent_walk_widget, plot_latent_walk


def test_class_accuracy_is_the_recall_of_each_class():
    y_true = [0, 0, 0, 1, 1, 2]
    y_pred = [0, 0, 1, 1, 0, 0]
    assert np.allclose(class_accuracy(y_true, y_pred), [2 / 3, 1 / 2, 0.0])
    # a class with no examples gets 0, not a division by zero
    assert np.allclose(class_accuracy([0, 0], [0, 1], k=3), [0.5, 0.0, 0.0])


def test_plot_class_accuracy_draws_one_bar_per_class_and_model():
    classes = ["cat", "dog", "ship"]
    ax = plot_class_accuracy(
        {"linear": [0.2, 0.3, 0.5], "MLP": [0.3, 0.4, 0.6]}, classes, chance=1 / 3, title="t"
    )
    assert len(ax.patches) == 6
    heights = sorted(round(p.get_height(), 6) for p in ax.patches)
    assert heights == [20, 30, 30, 40, 50, 60]  # drawn in percent
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"linear", "MLP"} <= set(labels) and any("chance" in t for t in labels)
    assert [t.get_text() for t in ax.get_xticklabels()] == classes
    assert ax.get_ylabel() and ax.get_xlabel()
    with pytest.raises(ValueError, match="3 classes"):
        plot_class_accuracy({"short": [0.5, 0.5]}, classes)


def test_show_reconstructions_is_a_named_grid():
    originals = torch.rand(10, 1, 28, 28)
    fig = show_reconstructions(
        {"original": originals, "reconstruction": originals * 0.5}, title="2 x 10"
    )
    assert len(fig.axes) == 20
    assert fig.axes[0].get_ylabel() == "original" and fig.axes[10].get_ylabel() == "reconstruction"
    shown = fig.axes[10].images[0].get_array()
    assert np.allclose(shown, originals[0, 0].numpy() * 0.5)
    assert fig.axes[0].images[0].get_clim() == (0, 1)  # one grey scale for every panel
    colour = show_reconstructions({"rgb": torch.rand(3, 3, 8, 8)})
    assert colour.axes[0].images[0].get_array().shape == (8, 8, 3)
    with pytest.raises(ValueError):
        show_reconstructions({"a": torch.rand(3, 8, 8), "b": torch.rand(2, 8, 8)})


def test_plot_codes_2d_draws_each_label_as_its_glyph():
    rng = np.random.default_rng(0)
    codes, labels = rng.normal(size=(300, 2)), rng.integers(0, 10, size=300)
    ax = plot_codes_2d(torch.tensor(codes), torch.tensor(labels), max_points=200)
    assert len(ax.collections) == len(np.unique(labels[:200]))
    assert sum(len(c.get_offsets()) for c in ax.collections) == 200
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [str(d) for d in range(10)]
    # ten classes, eight palette colours: 8 and 9 reuse 0's and 1's colour, not ad-hoc ones
    colours = [tuple(np.round(c.get_facecolor()[0][:3], 3)) for c in ax.collections]
    palette = {tuple(np.round(plt.matplotlib.colors.to_rgb(c), 3)) for c in COLORS}
    assert set(colours) <= palette
    with pytest.raises(ValueError, match="2-D"):
        plot_codes_2d(np.zeros((5, 3)), np.zeros(5))


def linear_decoder(z):
    """A toy decoder: image pixel (i, j) = sigmoid(z1 * i / 7 - z2 * j / 7)."""
    z = torch.as_tensor(z)
    i = torch.arange(8.0).view(1, 8, 1) / 7
    j = torch.arange(8.0).view(1, 1, 8) / 7
    return torch.sigmoid(z[:, 0].view(-1, 1, 1) * i - z[:, 1].view(-1, 1, 1) * j).unsqueeze(1)


def test_decode_to_images_accepts_tensors_and_channels():
    images = decode_to_images(linear_decoder, [(0.0, 0.0), (1.0, 2.0)])
    assert images.shape == (2, 8, 8) and np.allclose(images[0], 0.5)
    with pytest.raises(ValueError, match="one image per code"):
        decode_to_images(lambda z: np.zeros((1, 8, 8)), np.zeros((3, 2)))


def test_plot_latent_grid_tiles_the_decoded_images():
    ax = plot_latent_grid(linear_decoder, (-2, 2), (-1, 1), n=4, title="grid")
    assert ax.tiles.shape == (32, 32)
    # top-left tile: smallest z1, largest z2; bottom-right: largest z1, smallest z2
    top_left = decode_to_images(linear_decoder, [(-2, 1)])[0]
    bottom_right = decode_to_images(linear_decoder, [(2, -1)])[0]
    assert np.allclose(ax.tiles[:8, :8], top_left)
    assert np.allclose(ax.tiles[-8:, -8:], bottom_right)
    assert ax.get_xlabel() and ax.get_ylabel()


def test_latent_walk_shows_the_decoded_code():
    rng = np.random.default_rng(1)
    codes, labels = rng.normal(size=(50, 2)), rng.integers(0, 10, size=50)
    fig = plot_latent_walk(linear_decoder, 0.5, -0.5, codes, labels)
    assert np.allclose(fig.decoded, decode_to_images(linear_decoder, [(0.5, -0.5)])[0])
    assert "(0.50, -0.50)" in fig.axes[0].get_title()
    bare = plot_latent_walk(linear_decoder, 0.0, 0.0)  # no codes: an empty plane and the image
    assert np.allclose(bare.decoded, 0.5)


def test_latent_walk_widget_sliders_span_the_codes():
    codes = np.array([[-1.0, 0.0], [3.0, 2.0]])
    w = latent_walk_widget(linear_decoder, codes, np.array([0, 1]), x=10.0, y=1.0)
    z1, z2 = w.children[:2]
    assert (z1.description, z1.min, z1.max, z1.value) == ("z1", -1.0, 3.0, 3.0)  # clipped
    assert (z2.min, z2.max, z2.value) == (0.0, 2.0, 1.0)
    z2.value = 0.5  # moving a slider redraws without error
    assert w.kwargs == {"z1": 3.0, "z2": 0.5}


def test_latent_walk_can_be_cut_to_a_window():
    codes, labels = np.array([[-80.0, 0.0], [0.0, 1.0], [1.0, 2.0]]), np.array([1, 0, 2])
    fig = plot_latent_walk(linear_decoder, 0.5, 1.0, codes, labels, xlim=(-1, 2), ylim=(0, 3))
    assert fig.axes[0].get_xlim() == (-1, 2) and fig.axes[0].get_ylim() == (0, 3)
    w = latent_walk_widget(linear_decoder, codes, labels, xlim=(-1, 2), ylim=(0, 3))
    z1, z2 = w.children[:2]
    assert (z1.min, z1.max, z2.min, z2.max) == (-1.0, 2.0, 0.0, 3.0)


def test_show_reconstructions_keeps_the_title_above_the_grid():
    rows = {name: torch.rand(10, 1, 28, 28) for name in ("a", "b", "c", "d", "e")}
    fig = show_reconstructions(rows, title="five rows")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    title_bottom = fig._suptitle.get_window_extent(renderer).y0
    grid_top = max(ax.get_window_extent(renderer).y1 for ax in fig.axes)
    assert title_bottom >= grid_top + 5, "the title touches the top row"
