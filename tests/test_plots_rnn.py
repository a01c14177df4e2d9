"""Chapter 20's diagrams (course_lib.plots) and its memory widget (course_lib.widgets),
drawn headlessly."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.plots import (
    draw_deep_rnns,
    draw_elman_jordan,
    draw_lagged_models,
    draw_recurrent_edge_types,
    draw_rnn_flavours,
    draw_rnn_unrolled,
)
from course_lib.widgets import (
    impulse_response,
    memory_span,
    plot_rnn_memory,
    rnn_memory_widget,
)


def texts(artist) -> list[str]:
    """Every non-empty text drawn in a figure or in one axes."""
    return [t.get_text() for t in artist.findobj(plt.Text) if t.get_text()]


def test_flavours_draw_five_panels_with_their_names():
    fig = draw_rnn_flavours()
    assert len(fig.axes) == 5
    shown = texts(fig)
    for name in ("one to one", "one to many", "many to one", "many to many (seq2seq)"):
        assert name in shown
    assert "encoder" in shown and "decoder" in shown
    with pytest.raises(ValueError):
        draw_rnn_flavours(axes=plt.subplots(1, 2)[1])


def test_deep_rnns_and_edge_types_have_their_panels():
    assert len(draw_deep_rnns().axes) == 3
    fig = draw_recurrent_edge_types()
    assert [ax.get_title() for ax in fig.axes] == [
        "to the same node",
        "back to an earlier layer",
        "forward to a later layer",
        "across two time steps",
    ]


def test_unrolled_diagram_writes_one_copy_per_step_and_custom_labels():
    ax = draw_rnn_unrolled(steps=3)
    shown = texts(ax)
    assert [s for s in shown if s.startswith("t = ")] == ["t = 1", "t = 2", "t = 3"]
    assert shown.count("$W_{hh}$") == 1 + 3  # the rolled loop and every unrolled step
    ax = draw_rnn_unrolled(
        steps=2, weights=("a", "b", "c"), x_labels=["1", "2"], h_labels=["0.5", "1.35"],
        y_labels=["0.45", "1.215"],
    )  # fmt: skip
    assert {"0.5", "1.35", "0.45", "1.215"} <= set(texts(ax))
    with pytest.raises(ValueError):
        draw_rnn_unrolled(steps=0)
    with pytest.raises(ValueError):
        draw_rnn_unrolled(steps=2, x_labels=["only one"])


def test_elman_and_jordan_titles_count_the_recurrent_weights():
    fig = draw_elman_jordan(n_in=2, n_hidden=3, n_out=1)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == [
        "Jordan (1986): 1 × 3 = 3 recurrent weights",
        "Elman (1990): 3 × 3 = 9 recurrent weights",
    ]
    fig = draw_elman_jordan(n_hidden=4, n_out=2)
    assert "Elman (1990): 4 × 4 = 16" in fig.axes[1].get_title()


def test_lagged_models_label_their_extra_inputs():
    fig = draw_lagged_models(lags=2)
    assert [ax.get_title() for ax in fig.axes] == ["NOE", "NARX", "NBJ"]
    noe, narx, nbj = (set(texts(ax)) for ax in fig.axes)
    assert "$y_{t-2}$" in noe and "$\\hat y_{t-2}$" not in noe
    assert "$\\hat y_{t-1}$" in narx
    assert {"$y_{t-1}$", "$e_{t-1}$", "$e_{t-2}$"} <= nbj
    with pytest.raises(ValueError):
        draw_lagged_models(lags=0)


def test_impulse_response_of_a_linear_unit_is_geometric():
    h = impulse_response(0.7, input_scale=2.0, steps=6, activation="linear")
    assert np.allclose(h, 2.0 * 0.7 ** np.arange(6))
    tanh = impulse_response(0.7, input_scale=2.0, steps=6)
    assert tanh[0] == pytest.approx(np.tanh(2.0))
    assert tanh[1] == pytest.approx(np.tanh(0.7 * tanh[0]))
    assert np.all(np.abs(impulse_response(3.0, 5.0, steps=20)) <= 1)  # tanh stays bounded
    with pytest.raises(ValueError):
        impulse_response(0.5, activation="relu")


def test_memory_span_matches_the_closed_form():
    for w in (0.5, 0.9, -0.8):
        h = impulse_response(w, 1.0, steps=500, activation="linear")
        # |w|^(t-1) >= 0.01  <=>  t <= 1 + ln(0.01) / ln|w|
        assert memory_span(h) == int(np.floor(1 + np.log(0.01) / np.log(abs(w))))
    assert memory_span(np.ones(7)) == 7  # never forgets within the window
    assert memory_span(np.zeros(3)) == 0


def test_plot_rnn_memory_reports_both_units():
    ax = plot_rnn_memory(0.5, 1.0, steps=30)
    assert ax.memory == {"tanh": 7, "linear": 7}
    assert "remembered for 7 steps (tanh), 7 (linear)" in ax.get_title()
    assert ax.get_yscale() == "log" and ax.get_legend() is not None
    ax = plot_rnn_memory(1.2, 3.0, steps=20)
    assert ax.memory["tanh"] == 20 and "≥ 20" in ax.get_title()


def test_memory_widget_redraws():
    w = rnn_memory_widget(w_hh=0.6, input_scale=1.0)
    assert [c.description for c in w.children[:2]] == ["w_hh", "input"]
    w.children[0].value = 0.95
    assert w.kwargs == {"w_hh": 0.95, "input_scale": 1.0}
