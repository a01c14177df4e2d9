"""Chapter 03's figure and widget: the gallery of activations and the activation knob,
drawn headlessly."""

import numpy as np
import pytest
import torch

from course_lib.plots import ACTIVATION_LABELS, COLORS, plot_activation_gallery
from course_lib.scratch.activations import ACTIVATIONS, relu6, relu6_grad, sigmoid
from course_lib.widgets import activation_inputs, activation_widget, plot_activation


def test_gallery_one_panel_per_activation_with_f_and_its_derivative():
    fig = plot_activation_gallery(ACTIVATIONS, title="all of them")
    shown = [ax for ax in fig.axes if ax.get_visible() and ax.axison]
    assert len(shown) == len(ACTIVATIONS)
    assert [ax.get_title() for ax in shown] == [ACTIVATION_LABELS[k] for k in ACTIVATIONS]
    first = shown[0]
    lines = {line.get_label(): line for line in first.lines}
    assert {"$f(z)$", "$f'(z)$"} <= set(lines)
    assert lines["$f(z)$"].get_color() == COLORS[0] and first.get_legend() is not None
    sig = shown[list(ACTIVATIONS).index("sigmoid")]
    curve = next(line for line in sig.lines if line.get_label() == "$f(z)$")
    assert np.allclose(curve.get_ydata(), sigmoid(curve.get_xdata()))
    assert all(ax.get_xlabel() for ax in shown)


def test_gallery_panel_with_its_own_range_and_an_unknown_name():
    fig = plot_activation_gallery({"my ReLU-6": (relu6, relu6_grad, (-2, 9))}, ncols=2)
    ax = fig.axes[0]
    assert ax.get_title() == "my ReLU-6"
    x = ax.lines[2].get_xdata()  # two zero lines, then f
    assert x.min() == -2 and x.max() == 9
    assert not fig.axes[1].axison  # the empty panel is switched off


def test_plot_activation_counts_saturated_and_dead_inputs():
    z = np.linspace(-1, 1, 2001)
    fig = plot_activation("sigmoid", scale=10.0, z=z)
    # sigma'(x) < 0.01 where |x| > 4.5951..., i.e. |z| > 0.4595...
    assert fig.small == pytest.approx(np.mean(np.abs(10 * z) > 4.59512), abs=1e-3)
    assert fig.zero == 0.0
    assert np.allclose(fig.outputs, sigmoid(10 * z))
    fig = plot_activation("relu", scale=1.0, z=torch.tensor(z))  # a tensor works too
    assert fig.zero == pytest.approx(np.mean(z <= 0)) and fig.small == fig.zero
    fig = plot_activation("leaky_relu", z=z)
    assert fig.small == 0.0 and fig.zero == 0.0  # its gradient is 0.01, never below
    axes = fig.axes
    assert "ReLU" in axes[0].get_title() and "%" in axes[1].get_title()
    assert all(ax.get_xlabel() for ax in axes[:3])


def test_plot_activation_default_inputs_and_bad_name():
    z = activation_inputs(1000, seed=1)
    assert z.shape == (1000,) and np.allclose(z, activation_inputs(1000, seed=1))
    fig = plot_activation("tanh", scale=0.1)
    assert fig.small == 0.0 and len(fig.outputs) == len(activation_inputs())
    with pytest.raises(ValueError, match="sigmoid"):
        plot_activation("swish")


def test_widget_has_a_menu_and_a_scale_slider():
    w = activation_widget(activation_inputs(500), name="tanh", scale=2.0)
    menu, slider = w.children[:2]
    assert menu.value == "tanh" and set(menu.options) >= {(ACTIVATION_LABELS["relu"], "relu")}
    assert slider.value == pytest.approx(2.0) and slider.description == "scale"
    menu.value = "elu"  # redraws without error
    slider.value = 20.0
