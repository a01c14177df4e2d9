"""Chapter 8's figure: computational graphs with forward values and gradients."""

import matplotlib.pyplot as plt
import pytest
from matplotlib import patches

from course_lib.plots import (
    GRAPH_GRAD_COLOR,
    GRAPH_VALUE_COLOR,
    draw_computational_graph,
    graph_layout,
)

# f = (x + y) z, with q = x + y
EDGES = [("x", "q"), ("y", "q"), ("q", "f"), ("z", "f")]


def texts(ax, color=None):
    return [t.get_text() for t in ax.texts if color is None or t.get_color() == color]


def test_layout_runs_left_to_right_and_inputs_stand_before_their_first_use():
    pos = graph_layout(EDGES)
    assert pos["x"][0] == pos["y"][0] == 0 and pos["q"][0] == 1 and pos["f"][0] == 2
    assert pos["z"][0] == 1, "an input that is used late stands one column before its gate"
    # inputs one row each, top to bottom in the order the walk from the output meets them
    assert pos["x"][1] > pos["y"][1] > pos["z"][1]
    assert pos["q"][1] == (pos["x"][1] + pos["y"][1]) / 2, "a gate sits between its inputs"
    assert pos["f"][1] == (pos["q"][1] + pos["z"][1]) / 2


def test_layout_rejects_a_cycle():
    with pytest.raises(ValueError, match="cycle"):
        graph_layout([("a", "b"), ("b", "c"), ("c", "a")])


def test_values_above_in_green_gradients_below_in_red():
    ax = draw_computational_graph(
        EDGES,
        values={"x": -2, "y": 5, "z": -4, "q": 3, "f": -12},
        grads={"x": -4, "y": -4, "z": 3, "q": -4, "f": 1},
        labels={"q": "+", "f": "×"},
        fmt="{:g}",
        title="f = (x + y) z",
    )
    values, grads = texts(ax, GRAPH_VALUE_COLOR), texts(ax, GRAPH_GRAD_COLOR)
    assert sorted(values) == sorted(["-2", "5", "-4", "3", "-12"]), "one value per wire"
    assert sorted(grads) == sorted(["-4", "-4", "3", "-4", "1"]), "one gradient per wire"
    assert {"+", "×", "x", "y", "z"} <= set(texts(ax)), "operation symbols and input names"
    assert ax.get_title() == "f = (x + y) z"
    assert ax.get_legend() is not None
    for t in ax.texts:
        if t.get_text() in values and t.get_color() == GRAPH_VALUE_COLOR:
            assert t.get_va() == "bottom"  # written above its wire
    written = [t for t in texts(ax) if t]  # (the arrows are empty annotations)
    assert len(written) == 5 + 5 + 5  # node labels, values, gradients
    plt.close("all")


def test_shapes_follow_the_node_kinds():
    ax = draw_computational_graph(
        [("w", "m"), ("x", "m")], kinds={"w": "param"}, labels={"m": "×"}, legend=False
    )
    shapes = [type(p) for p in ax.patches]
    assert shapes.count(patches.Polygon) == 1  # the parameter: a diamond
    assert shapes.count(patches.Rectangle) == 1  # the input: a square
    assert shapes.count(patches.Circle) == 1  # the operation: a circle
    assert ax.get_legend() is None
    with pytest.raises(ValueError, match="kind"):
        draw_computational_graph([("a", "b")], kinds={"a": "leaf"})
    plt.close("all")


def test_a_value_used_twice_shows_each_branch_and_the_sum():
    edges = [("w", "m1"), ("w", "m2"), ("m1", "s"), ("m2", "s")]
    ax = draw_computational_graph(
        edges,
        values={"w": 0.5, "m1": 1.0, "m2": 2.0, "s": 3.0},
        grads={"w": 6.0, ("w", "m1"): 2.0, ("w", "m2"): 4.0, "m1": 1.0, "m2": 1.0, "s": 1.0},
    )
    grads = texts(ax, GRAPH_GRAD_COLOR)
    assert "2.00" in grads and "4.00" in grads, "the gradient along each branch"
    assert "Σ 6.00" in grads, "their sum, under the node"
    assert texts(ax, GRAPH_VALUE_COLOR).count("0.50") == 2, "the value on both wires"
    plt.close("all")


def test_strings_are_written_as_they_are_and_pos_overrides_the_layout():
    ax = draw_computational_graph(
        [("W", "q")],
        values={"W": "[0.22, 0.26]"},
        pos={"W": (0, 5)},
        label_at=0.5,
    )
    assert "[0.22, 0.26]" in texts(ax, GRAPH_VALUE_COLOR)
    label = next(t for t in ax.texts if t.get_text() == "W")
    assert label.get_position()[1] == pytest.approx(5 * 1.3)  # rows in units of spacing
    plt.close("all")


def test_fontsize_sets_the_size_of_the_numbers_on_the_wires():
    edges = [("w", "m1"), ("w", "m2")]
    grads = {"w": 3.0, ("w", "m1"): 1.0, ("w", "m2"): 2.0}
    ax = draw_computational_graph(edges, values={"w": 0.5}, grads=grads, fontsize=12)
    wire_texts = [t for t in ax.texts if t.get_color() in (GRAPH_VALUE_COLOR, GRAPH_GRAD_COLOR)]
    assert len(wire_texts) == 2 + 2 + 1  # two values, two branch gradients, their sum
    assert {t.get_fontsize() for t in wire_texts} == {12}
    default = draw_computational_graph(edges, values={"w": 0.5}, grads=grads)
    assert {t.get_fontsize() for t in default.texts if t.get_text() == "0.50"} == {8.5}
    plt.close("all")
