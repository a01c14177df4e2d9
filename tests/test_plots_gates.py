"""Chapter 22's figures and widget: cell diagrams, accuracy curves, the gate-memory knob."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.plots import (
    COLORS,
    draw_gru_cell,
    draw_lstm_cell,
    plot_accuracy_by_length,
    plot_accuracy_curves,
)
from course_lib.widgets import gate_memory, gate_memory_widget, plot_gate_memory


def test_cell_diagrams_draw_their_gates():
    lstm = draw_lstm_cell()
    texts = [t.get_text() for t in lstm.texts]
    for label in ("$f_t$", "$i_t$", "$g_t$", "$o_t$", "$c_{t-1}$", "$c_t$", "$h_t$"):
        assert label in texts
    assert texts.count("σ") == 3 and "+" in texts and "×" in texts
    gru = draw_gru_cell()
    texts = [t.get_text() for t in gru.texts]
    for label in ("$r_t$", "$z_t$", "$n_t$", "1−"):
        assert label in texts
    assert texts.count("σ") == 2 and not [t for t in texts if "c_" in t]
    plt.close("all")


def test_accuracy_curves_one_panel_per_setting_and_one_colour_per_model():
    steps = [25, 50, 75]
    runs = {"RNN": np.array([[0.1, 0.2, 0.3], [0.1, 0.3, 0.5]]), "LSTM": [[0.5, 0.9, 1.0]]}
    fig = plot_accuracy_curves(steps, {"T = 10": runs, "T = 30": runs}, chance=0.25)
    assert len(fig.axes) == 2
    first = fig.axes[0]
    means = [line for line in first.lines if line.get_label() == "RNN"]
    assert np.allclose(means[0].get_ydata(), [0.1, 0.25, 0.4])
    assert means[0].get_color() == COLORS[0]
    assert any(line.get_label() == "chance" for line in first.lines)
    assert first.get_legend() is not None and first.get_xlabel() == "training step"
    plt.close("all")


def test_accuracy_by_length_mean_and_seeds():
    ax = plot_accuracy_by_length((10, 30), {"GRU": [[1.0, 0.5], [1.0, 0.7]]}, chance=0.1)
    mean = next(line for line in ax.lines if line.get_label() == "GRU")
    assert np.allclose(mean.get_ydata(), [1.0, 0.6])
    assert len(ax.lines) == 1 + 2 + 1  # the mean, one dotted line per seed, chance
    assert "sequence length" in ax.get_xlabel()
    plt.close("all")


def test_gate_memory_follows_the_equations():
    m = gate_memory(forget_bias=1.0, input_bias=0.0, rnn_weight=0.5, steps=6, seed=3)
    f = 1 / (1 + np.exp(-1.0))
    assert m["f"] == pytest.approx(f) and m["i"] == pytest.approx(0.5)
    assert np.allclose(m["lstm_first"], f ** np.arange(6))
    assert m["lstm_distractors"][0] == 0.0  # nothing but the symbol at step 1
    # a direct recomputation of the RNN's dependence on x_1 by finite differences
    g = np.concatenate([[0.0], 0.5 * np.random.default_rng(3).choice([-1.0, 1.0], size=5)])

    def last_state(x1):
        h = 0.0
        for k in range(6):
            h = np.tanh(0.5 * h + (x1 if k == 0 else g[k]))
        return h

    numeric = (last_state(1 + 1e-6) - last_state(1 - 1e-6)) / 2e-6
    assert m["rnn_first"][-1] == pytest.approx(abs(numeric), rel=1e-5)
    with pytest.raises(ValueError):
        gate_memory(steps=0)


def test_open_forget_and_closed_input_gate_keep_the_first_input():
    default = gate_memory(0.0, 0.0, steps=100)
    chrono = gate_memory(np.log(99), -np.log(99), steps=100)
    assert default["lstm_first"][-1] < 1e-20 < chrono["lstm_first"][-1]
    assert chrono["lstm_first"][-1] > chrono["lstm_distractors"][-1]
    half_open = gate_memory(np.log(99), 0.0, steps=100)
    assert half_open["lstm_distractors"][-1] > chrono["lstm_first"][-1]


def test_plot_gate_memory_and_widget():
    ax = plot_gate_memory(forget_bias=2.0, input_bias=-1.0, rnn_weight=0.9, steps=40)
    assert len(ax.lines) == 3 and ax.get_yscale() == "log"
    assert ax.memory["f"] == pytest.approx(1 / (1 + np.exp(-2.0)))
    assert "40" in ax.get_title() and ax.get_legend() is not None
    widget = gate_memory_widget(steps=50)
    assert [c.description for c in widget.children[:4]] == ["b_f", "b_i", "w_hh", "T"]
    plt.close("all")
