import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from course_lib.plots import (
    plot_confusion_matrix,
    plot_decision_boundary,
    plot_history,
    show_images,
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
    assert titles[2].get_color() == "tab:red" and titles[0].get_color() == "black"
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
