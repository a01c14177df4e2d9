"""Chapter 6's figures (course_lib.plots) and its hinge-vs-softmax widget (course_lib.widgets),
drawn headlessly, and the numbers they compute."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_lib.plots import (
    huber,
    margin_losses,
    plot_line_fits,
    plot_margin_losses,
    plot_regression_losses,
    plot_weight_templates,
)
from course_lib.widgets import hinge_softmax_widget, hinge_terms, plot_hinge_vs_softmax

CAT_CAR_FROG = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])


def test_huber_matches_pytorch_on_both_sides_of_delta():
    r = np.linspace(-4, 4, 81)
    for delta in (0.5, 1.0, 2.0):
        expected = F.huber_loss(
            torch.tensor(r), torch.zeros(len(r), dtype=torch.float64), reduction="none",
            delta=delta,
        ).numpy()  # fmt: skip
        assert np.allclose(huber(r, delta), expected)


def test_regression_loss_figure_draws_three_losses_and_their_derivatives():
    fig = plot_regression_losses(limit=2.0, delta=1.0)
    assert len(fig.axes) == 2
    for ax in fig.axes:
        assert len(ax.get_legend().get_texts()) == 3
        assert ax.get_xlabel().startswith("residual")
    # the derivative panel: the squared error's derivative is r itself
    line = fig.axes[1].get_lines()[0]
    x, y = line.get_data()
    assert np.allclose(x, y)


def test_line_fits_draw_outliers_above_the_frame_at_its_edge():
    x = np.arange(10.0)
    y = 0.5 * x
    bad = np.zeros(10, bool)
    bad[[2, 7]] = True
    y[bad] *= 10  # 10 and 35
    ax = plot_line_fits(x, y, {"a": (0.5, 0.0), "b": (1.0, 1.0)}, outliers=bad, ylim=(0, 6))
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == "data" and "a" in labels and "b" in labels
    assert any("above the frame, up to 35" in t for t in labels)
    assert ax.get_ylim() == (0, 6)
    # the two fitted lines
    assert len(ax.get_lines()) == 2


def test_margin_losses_values():
    m = np.array([-1.0, 0.0, 1.0, 3.0])
    losses = margin_losses(m)
    assert np.allclose(losses["hinge (SVM)"], [2, 1, 0, 0])
    assert np.allclose(losses["squared hinge"], [4, 1, 0, 0])
    assert np.allclose(losses["softmax cross-entropy"], np.log1p(np.exp(-m)))
    assert np.allclose(losses["0-1 loss (mistake or not)"], [1, 1, 0, 0])
    # two-class softmax cross-entropy is a function of the margin alone
    s = torch.tensor([[2.0, 2.0 - 3.0]])
    assert np.isclose(
        F.cross_entropy(s, torch.tensor([0])).item(), losses["softmax cross-entropy"][3]
    )


def test_margin_loss_figure_has_four_curves_and_labels():
    ax = plot_margin_losses()
    assert len(ax.get_legend().get_texts()) == 4
    assert ax.get_xlabel() and ax.get_ylabel() == "loss" and ax.get_title()


def test_weight_templates_one_row_per_model_one_column_per_class():
    w = {"none": torch.randn(10, 784), "L1": np.zeros((10, 784))}
    fig = plot_weight_templates(w, classes=[str(k) for k in range(10)], title="t")
    assert len(fig.axes) == 20
    assert fig.axes[0].get_ylabel() == "none" and fig.axes[10].get_ylabel() == "L1"
    assert [fig.axes[k].get_title() for k in range(10)] == [str(k) for k in range(10)]
    with pytest.raises(ValueError, match="expected"):
        plot_weight_templates({"bad": np.zeros((10, 100))}, classes=range(10))


def test_hinge_terms_reproduce_the_cat_car_frog_example():
    losses = [hinge_terms(s, y).sum() for s, y in zip(CAT_CAR_FROG, range(3))]
    assert np.allclose(losses, [2.9, 0.0, 12.9])
    with pytest.raises(ValueError):
        hinge_terms([1.0, 2.0], target=2)


def test_hinge_vs_softmax_figure_matches_pytorch():
    s = torch.tensor(CAT_CAR_FROG[:1], requires_grad=True)
    y = torch.tensor([0])
    fig = plot_hinge_vs_softmax(CAT_CAR_FROG[0], 0, names=["cat", "car", "frog"])
    assert len(fig.axes) == 2
    hinge = 3 * F.multi_margin_loss(s, y)
    (g_hinge,) = torch.autograd.grad(hinge, s)
    assert np.isclose(fig.hinge, hinge.item()) and np.isclose(fig.hinge, 2.9)
    assert np.allclose(fig.hinge_grad, g_hinge.numpy()[0])
    ce = F.cross_entropy(s, y)
    (g_ce,) = torch.autograd.grad(ce, s)
    assert np.isclose(fig.cross_entropy, ce.item())
    assert np.allclose(fig.softmax_grad, g_ce.numpy()[0])
    assert "2.900" in fig.axes[0].get_title()
    # a satisfied example: no red bars, hinge 0
    fig = plot_hinge_vs_softmax(CAT_CAR_FROG[1], 1)
    assert fig.hinge == 0 and not np.any(fig.hinge_grad)
    plt.close("all")


def test_hinge_softmax_widget_has_its_controls_and_redraws():
    w = hinge_softmax_widget()
    descriptions = [c.description for c in w.children[:-1]]
    assert descriptions == ["correct", "margin", "cat", "car", "frog"]
    w.children[2].value = 6.2  # raise the cat score past car + margin: redraws without error
    w.update()
