"""Chapter 18's figures and widget: ILSVRC bars, block diagrams, accuracy against operations,
receptive fields."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.plots import (
    PALETTE,
    draw_block_diagram,
    draw_network_column,
    plot_accuracy_vs_ops,
    plot_top5_errors,
)
from course_lib.widgets import (
    plot_receptive_field,
    receptive_field_map,
    receptive_field_size,
    receptive_field_widget,
)

ENTRIES = [
    {"year": 2011, "name": "XRCE", "top5": 25.8, "cnn": False},
    {"year": 2012, "name": "AlexNet", "top5": 16.4, "others": {"[003]": 15.3}},
    {"year": 2015, "name": "ResNet", "top5": 3.57},
]


def test_top5_bars_show_each_entry_and_the_other_sources():
    ax = plot_top5_errors(ENTRIES, human=5.1, title="t")
    heights = [p.get_height() for p in ax.patches if p.get_height() > 0]
    assert heights == [25.8, 16.4, 3.57]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2011\nXRCE", "2012\nAlexNet",
                                                           "2015\nResNet"]  # fmt: skip
    diamonds = [line for line in ax.lines if line.get_marker() == "D"]
    assert len(diamonds) == 1 and diamonds[0].get_ydata()[0] == 15.3
    assert any("15.3" in t.get_text() for t in ax.texts)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "another source's figure" in labels and any("human" in lab for lab in labels)
    assert "not a CNN" in labels and ax.get_ylabel() == "top-5 error (%)"
    plt.close("all")


def test_block_diagram_boxes_arrows_and_shortcut():
    ax = draw_block_diagram([["x"], ["3×3 conv"], ["3×3 conv"], ["+"]], skip="identity")
    texts = [t.get_text() for t in ax.texts]
    assert {"x", "3×3 conv", "+", "identity"} <= set(texts)
    assert len(ax.patches) == 4  # one box per label
    arrows = [a for a in ax.texts if hasattr(a, "arrow_patch") and a.arrow_patch is not None]
    assert len(arrows) == 3 + 1  # between rows, and the shortcut's arrow head
    assert any(line.get_color() == PALETTE["vermillion"] for line in ax.lines)
    plt.close("all")


def test_top5_diamonds_sit_beside_the_bar_and_apart():
    entries = [{"year": 2014, "name": "VGG", "top5": 7.3, "others": {"a": 8.8, "b": 9.0}}]
    ax = plot_top5_errors(entries)
    xs = [line.get_xdata()[0] for line in ax.lines if line.get_marker() == "D"]
    half_bar = ax.patches[0].get_width() / 2
    assert len(xs) == 2 and min(xs) > half_bar and xs[0] != xs[1]  # outside the bar, not stacked
    plt.close("all")


def test_layer_stack_with_side_branches_and_shortcuts():
    labels = ["input", "conv", "inception 4a", "block 1", "block 2", "FC"]
    ax = draw_network_column(labels, side={2: "aux\nclassifier"}, residual=[3, 4], projection=[4],
                          title="t")  # fmt: skip
    texts = [t.get_text() for t in ax.texts]
    assert set(labels) | {"aux\nclassifier"} <= set(texts)
    assert len(ax.patches) == len(labels) + 1  # one box per label and per side branch
    arrows = [a for a in ax.texts if hasattr(a, "arrow_patch") and a.arrow_patch is not None]
    assert len(arrows) == (len(labels) - 1) + 1 + 2  # the chain, the branch, two shortcut heads
    shortcuts = [line for line in ax.lines if line.get_color() == PALETTE["vermillion"]]
    assert [line.get_linestyle() for line in shortcuts] == ["-", "--"]  # the projection dashed
    assert ax.get_title() == "t"
    plt.close("all")


def test_block_diagram_branches_fan_out_and_collect():
    ax = draw_block_diagram([["in"], ["1×1", "3×3", "pool"], ["1×1", None, "1×1"], ["concat"]])
    arrows = [a for a in ax.texts if hasattr(a, "arrow_patch") and a.arrow_patch is not None]
    assert len(arrows) == 3 + 3 + 3  # fan out, branch by branch, collect
    assert len(ax.patches) == 1 + 3 + 2 + 1  # None draws no box
    with pytest.raises(ValueError):
        draw_block_diagram([["a", "b"], ["c", "d", "e"]])
    dense = draw_block_diagram([["x"], ["l1"], ["l2"], ["l3"]], dense=True)
    arrows = [a for a in dense.texts if hasattr(a, "arrow_patch") and a.arrow_patch is not None]
    assert len(arrows) == 3 + 3  # the chain, plus x->l2, x->l3, l1->l3
    plt.close("all")


def test_accuracy_vs_ops_scatter():
    ax = plot_accuracy_vs_ops(["a", "b"], [1.0, 10.0], [60.0, 75.0], [5.0, 100.0], title="t",
                              offsets={"b": (-4, -8)})  # fmt: skip
    offsets = np.vstack([c.get_offsets() for c in ax.collections if len(c.get_offsets())])
    assert offsets.tolist() == [[1.0, 60.0], [10.0, 75.0]]
    sizes = [c.get_sizes()[0] for c in ax.collections[:2]]
    assert sizes[1] / sizes[0] == pytest.approx(20)  # area proportional to parameters
    assert ax.get_xscale() == "log" and "accuracy" in ax.get_ylabel()
    assert [t.get_text() for t in ax.texts] == ["a", "b"]
    assert ax.texts[1].get_ha() == "right"  # a label moved to the left ends at its circle
    plt.close("all")


@pytest.mark.parametrize(("n", "k", "stride", "dilation"), [(2, 2, 1, 1), (3, 3, 1, 1),
                                                            (2, 3, 2, 1), (2, 3, 1, 2),
                                                            (1, 7, 1, 1)])  # fmt: skip
def test_receptive_field_map_matches_the_formula(n, k, stride, dilation):
    grad = receptive_field_map(n, k, stride, dilation)
    cols = np.nonzero(grad.any(axis=0))[0]
    assert cols.max() - cols.min() + 1 == receptive_field_size(n, k, stride, dilation)


def test_receptive_field_counts_paths():
    grad = receptive_field_map(2, 3)
    nonzero = grad[grad > 0]
    assert nonzero.max() == 9 and nonzero.min() == 1  # centre: 3x3 paths; corner: one
    assert nonzero.sum() == 81  # every path from the 9 middle units to their 9 inputs
    assert receptive_field_size(3, 3) == 7 and receptive_field_size(2, 2) == 3
    assert receptive_field_size(2, 3, stride=2) == 7


def test_plot_receptive_field_and_widget():
    ax = plot_receptive_field(3, 3)
    assert ax.field == 7 and "7×7" in ax.get_title()
    w = receptive_field_widget()
    assert [c.description for c in w.children[:4]] == ["layers", "kernel", "stride", "dilation"]
    w.children[0].value = 2  # moving a slider redraws without error
    assert w.kwargs["n_layers"] == 2
    plt.close("all")
