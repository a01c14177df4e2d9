"""Chapter 4's figures (course_lib.plots): a worked forward-pass diagram, the flattening of an
image and the trace of one forward pass, drawn headlessly."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from matplotlib import patches

from course_lib.plots import draw_forward_example, plot_flattening, plot_forward_trace


def texts(artist) -> list[str]:
    """Every non-empty text drawn in a figure or in one axes."""
    return [t.get_text() for t in artist.findobj(plt.Text) if t.get_text()]


def circles(ax) -> int:
    return sum(isinstance(p, patches.Circle) for p in ax.patches)


def arrows(ax) -> int:
    return sum(1 for t in ax.texts if getattr(t, "arrow_patch", None) is not None)


def test_forward_example_draws_every_unit_and_edge_by_default():
    ax = draw_forward_example((3, 4, 2))
    assert circles(ax) == 9
    assert arrows(ax) == 3 * 4 + 4 * 2
    assert {"input", "hidden", "output"} <= set(texts(ax))


def test_forward_example_writes_weights_values_and_bias_units():
    edges = [((0, 0), (1, 0)), ((0, 1), (1, 0)), ((1, 0), (2, 1))]
    ax = draw_forward_example(
        (2, 1, 2),
        edges,
        weights={edges[0]: "0.5", edges[2]: "-1.2"},
        values={(0, 0): "3", (2, 1): "0.25"},
        biases={(1, 0): "0.1", (2, 0): "b"},
        names=["in", "mid", "out"],
        title="worked example",
    )
    shown = texts(ax)
    assert arrows(ax) == 3 + 2  # the three edges and one bias edge per biased unit
    assert {"0.5", "-1.2", "3", "0.25", "0.1", "b", "in", "mid", "out"} <= set(shown)
    assert shown.count("1.0") == 2  # one constant unit per layer with biases
    assert ax.get_title() == "worked example"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"layer_sizes": (3,)},
        {"layer_sizes": (2, 0, 1)},
        {"layer_sizes": (2, 2), "edges": [((0, 0), (1, 2))]},  # no unit 2 in layer 1
        {"layer_sizes": (2, 2, 2), "edges": [((0, 0), (2, 0))]},  # skips a layer
        {"layer_sizes": (2, 2), "biases": {(0, 0): "b"}},  # inputs have no bias
    ],
)
def test_forward_example_rejects_what_it_cannot_draw(kwargs):
    with pytest.raises(ValueError):
        draw_forward_example(**kwargs)


def test_flattening_shows_the_rows_one_after_the_other():
    fig = plot_flattening(np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]]))
    left, right = fig.axes
    vector = right.images[0].get_array()
    assert vector.shape == (1, 9)
    assert np.array_equal(np.asarray(vector).ravel(), [0, 1, 0, 1, 1, 1, 0, 1, 0])
    assert len(right.patches) == 3 and len(left.patches) == 3  # a colour band per row
    written = [t.get_text() for t in right.texts]  # small images get their values written in
    assert written == ["0", "1", "0", "1", "1", "1", "0", "1", "0"]
    assert "the vector: 9 values, row after row" in texts(right)


def test_flattening_accepts_an_mnist_shaped_tensor_and_refuses_colour():
    fig = plot_flattening(torch.rand(1, 28, 28), title="a digit")
    assert fig.axes[1].images[0].get_array().shape == (1, 784)
    assert not fig.axes[1].texts  # 784 values are too many to write in
    assert fig._suptitle.get_text() == "a digit"
    with pytest.raises(ValueError):
        plot_flattening(np.zeros((3, 8, 8)))
    with pytest.raises(ValueError):
        plot_flattening(np.zeros((4, 4)), axes=plt.subplots(1, 3)[1])


def test_forward_trace_marks_a_wrong_and_a_right_prediction():
    probs = np.array([0.1, 0.6, 0.3])
    hidden = np.array([0.0, 1.5, 0.0, 2.0])
    axes = plot_forward_trace(np.zeros((28, 28)), hidden, probs, label=2)
    assert len(axes) == 3
    assert axes[1].get_title() == "hidden layer: 2 of 4 units above 0"
    assert axes[2].get_title() == "output: predicts 1 (p = 0.60)"
    bars = axes[2].patches
    assert bars[1].get_facecolor() != bars[0].get_facecolor()  # the wrong answer stands out
    axes = plot_forward_trace(torch.zeros(1, 28, 28), torch.tensor(hidden), probs, label=1)
    assert axes[0].get_title() == "input (label 1)"


def test_forward_trace_checks_its_inputs():
    with pytest.raises(ValueError):
        plot_forward_trace(np.zeros((4, 4)), np.zeros((2, 3)), np.ones(3) / 3)
    with pytest.raises(ValueError):
        plot_forward_trace(np.zeros((4, 4)), np.zeros(3), np.ones(3) / 3, axes=[plt.gca()])
