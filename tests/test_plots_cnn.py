"""Chapter 17's figures (course_lib.plots) and its feature-map widget (course_lib.widgets),
drawn headlessly."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from torch import nn

from course_lib.plots import (
    draw_cnn,
    draw_connection_table,
    feature_maps,
    plot_feature_maps,
    plot_filters,
    plot_per_class_accuracy,
)
from course_lib.widgets import feature_map_widget


def texts(artist) -> list[str]:
    """Every non-empty text drawn in a figure or in one axes."""
    return [t.get_text() for t in artist.findobj(plt.Text) if t.get_text()]


LENET = [
    ("input", (1, 28, 28), None),
    ("C1", (6, 28, 28), "conv 5×5"),
    ("S2", (6, 14, 14), "max pool 2×2"),
    ("C5", (120,), "conv 5×5"),
    ("output", (10,), "FC"),
]


def test_draw_cnn_labels_every_stage_and_operation():
    ax = draw_cnn(LENET, title="LeNet-5")
    shown = texts(ax)
    for label in ("input", "C1", "S2", "C5", "output", "1@28×28", "6@14×14", "120", "10"):
        assert label in shown
    for op in ("conv 5×5", "max pool 2×2", "FC"):
        assert op in shown
    assert ax.get_title() == "LeNet-5"
    with pytest.raises(ValueError):
        draw_cnn([])
    with pytest.raises(ValueError):
        draw_cnn([("x", (3, 4), None)])


def test_connection_table_marks_each_connection_and_counts_inputs():
    table = np.zeros((6, 16), dtype=bool)
    table[:3, 0] = True
    table[:, 15] = True
    ax = draw_connection_table(table)
    shown = texts(ax)
    assert shown.count("X") == table.sum() == 9
    assert "3" in shown and "6" in shown  # inputs of columns 0 and 15
    with pytest.raises(ValueError):
        draw_connection_table(np.zeros(6))


def test_plot_filters_grey_and_colour():
    fig = plot_filters(torch.randn(6, 1, 5, 5), ncols=3, title="six")
    drawn = [ax for ax in fig.axes if ax.images]
    assert len(drawn) == 6
    img = drawn[0].images[0]
    lo, hi = img.get_clim()
    assert lo == -hi  # symmetric about 0: mid-grey is a weight of 0
    fig = plot_filters(torch.randn(20, 3, 3, 3), max_filters=10)
    arrays = [ax.images[0].get_array() for ax in fig.axes if ax.images]
    assert len(arrays) == 10 and arrays[0].shape == (3, 3, 3)
    assert all(a.min() >= 0 and a.max() <= 1 for a in arrays)
    with pytest.raises(ValueError):
        plot_filters(torch.randn(4, 2, 3, 3))


def test_feature_maps_captures_a_layer_and_restores_the_mode():
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
    model.train()
    maps = feature_maps(model, torch.rand(1, 8, 8), model[1])
    assert maps.shape == (4, 8, 8) and (maps >= 0).all()
    assert model.training, "the model goes back to the mode it was in"
    batch = feature_maps(model, torch.rand(5, 1, 8, 8), model[2])
    assert batch.shape == (5, 4, 4, 4)
    with pytest.raises(ValueError):
        feature_maps(model, torch.rand(1, 8, 8), nn.ReLU())  # not part of the model


def test_plot_feature_maps_one_panel_per_map_plus_the_image():
    maps = torch.randn(10, 6, 6)
    fig = plot_feature_maps(maps, ncols=4, image=torch.rand(1, 6, 6), title="maps")
    titled = [ax.get_title() for ax in fig.axes if ax.images]
    assert titled[0] == "input" and titled[1:] == [f"map {k}" for k in range(10)]
    fig = plot_feature_maps(maps.unsqueeze(0), max_maps=3)
    assert len([ax for ax in fig.axes if ax.images]) == 3
    with pytest.raises(ValueError):
        plot_feature_maps(torch.randn(6, 6))


def test_per_class_accuracy_bars():
    y = np.array([0, 0, 1, 1, 2, 2, 2, 2])
    pred = np.array([0, 1, 1, 1, 2, 0, 0, 2])
    ax = plot_per_class_accuracy(y, {"model": pred, "perfect": y}, ["a", "b", "c"], chance=1 / 3)
    assert np.allclose(ax.accuracy["model"], [0.5, 1.0, 0.5])
    assert np.allclose(ax.accuracy["perfect"], 1.0)
    assert len(ax.patches) == 6
    with pytest.raises(ValueError):
        plot_per_class_accuracy(y, {"short": pred[:3]}, ["a", "b", "c"])


def test_feature_map_widget_redraws():
    model = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 2, 3))
    images = torch.rand(3, 3, 8, 8)
    w = feature_map_widget(model, images, {"conv1": model[1], "conv2": model[2]},
                           labels=[0, 1, 0], classes=["cat", "dog"])  # fmt: skip
    assert [c.description for c in w.children[:2]] == ["image", "layer"]
    w.children[0].value = 2
    w.children[1].value = "conv2"
    assert w.kwargs == {"index": 2, "layer": "conv2"}
