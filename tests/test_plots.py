import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from course_lib.plots import (
    COLORS,
    MISTAKE,
    draw_biological_neuron,
    draw_network,
    draw_perceptron,
    plot_confusion_matrix,
    plot_decision_boundary,
    plot_history,
    plot_timeline,
    show_images,
    top_confusions,
    use_course_style,
)
from course_lib.training import History


def test_plot_history_with_and_without_validation():
    keys = ("epoch", "train_loss", "train_acc", "time", "val_loss", "val_acc")
    h = History(
        [dict(zip(keys, (1, 1.0, 0.5, 1, 1.1, 0.4))), dict(zip(keys, (2, 0.5, 0.8, 1, 0.7, 0.7)))]
    )
    fig = plot_history(h, title="run")
    assert len(fig.axes) == 2 and len(fig.axes[0].lines) == 2
    regression = History([{"epoch": 1, "train_loss": 1.0, "train_acc": None, "time": 1}])
    assert len(plot_history(regression).axes) == 1


def test_show_images_marks_mistakes_in_red():
    images = torch.rand(5, 1, 28, 28)
    fig = show_images(images, labels=[1, 2, 3, 4, 5], preds=[1, 2, 0, 4, 5], ncols=3)
    titles = [ax.title for ax in fig.axes if ax.get_title()]
    assert [t.get_text() for t in titles][:3] == ["1→1", "2→2", "3→0"]
    assert titles[2].get_color() == MISTAKE and titles[0].get_color() == "black"
    colour = show_images(np.random.rand(2, 3, 8, 8), labels=[0, 1], classes=["cat", "dog"])
    assert [ax.get_title() for ax in colour.axes] == ["cat", "dog"]


def test_show_images_rejects_bad_input():
    with pytest.raises(ValueError):
        show_images(torch.rand(0, 1, 4, 4))
    with pytest.raises(ValueError):
        show_images(torch.rand(3, 1, 4, 4), labels=[1, 2])


def test_decision_boundary_colours_the_plane():
    X = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    y = np.array([0, 1, 1, 0])
    ax = plot_decision_boundary(lambda P: P[:, 1] > 0.5, X, y)
    assert ax.collections and ax.get_xlabel() == "$x_1$"
    with pytest.raises(ValueError, match="2-D"):
        plot_decision_boundary(lambda P: P[:, 0], np.zeros((3, 3)), [0, 1, 0])


def test_confusion_matrix_counts():
    fig, ax = plt.subplots()
    plot_confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 2, 0], classes=["a", "b", "c"], ax=ax)
    cells = [t.get_text() for t in ax.texts]
    assert cells == ["1", "1", "0", "0", "1", "0", "1", "0", "2"]
    plot_confusion_matrix([0, 1], [1, 1], normalize=True)


def test_confusion_matrix_normalised_with_the_diagonal_hidden():
    fig, ax = plt.subplots()
    y_true, y_pred = [0, 0, 0, 0, 1, 1, 2, 2], [0, 0, 0, 1, 1, 1, 2, 0]
    plot_confusion_matrix(y_true, y_pred, classes=["a", "b", "c"], ax=ax, normalize=True,
                          hide_diagonal=True)  # fmt: skip
    cells = [t.get_text() for t in ax.texts]
    assert cells == ["25.0", "0.0", "0.0", "0.0", "50.0", "0.0"]  # the diagonal is left out
    assert top_confusions(y_true, y_pred, n=2, classes="abc") == [("c", "a", 1), ("a", "b", 1)]


def test_course_style_uses_the_colour_blind_safe_palette():
    use_course_style()
    assert plt.rcParams["axes.prop_cycle"].by_key()["color"] == COLORS
    assert plt.rcParams["figure.facecolor"] == "white"  # legible on a dark page too


def test_diagrams_and_timeline_draw():
    ax = draw_network((784, 256, 10))
    assert "784 units" in " ".join(t.get_text() for t in ax.texts)
    assert len(ax.patches) == 7 + 7 + 7  # 8 slots a layer, one of them the "⋮" gap
    assert "$\\Sigma$" in [t.get_text() for t in draw_perceptron(n_inputs=2).texts]
    assert len(draw_biological_neuron().texts) >= 5
    ax = plot_timeline([(1958, "perceptron"), (1986, "backprop")], periods=[(1970, 1985, "q")])
    labels = sorted(t.get_text() for t in ax.texts)
    assert len(labels) == 2 and "1958" in labels[1] and "backprop" in labels[0]
    with pytest.raises(ValueError):
        draw_network((3,))


def test_graph_types_draws_four_networks():
    from course_lib.plots import draw_graph_types

    fig = draw_graph_types()
    titles = [ax.get_title().lower() for ax in fig.axes]
    assert len(titles) == 4 and any("recurrent" in t for t in titles)
