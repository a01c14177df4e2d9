"""Chapter 21's code: the hand-sized Elman and Jordan networks (course_lib.scratch.toy_rnn)
against central finite differences and torch autograd, the source's numbers they reproduce,
and the chapter's figures and widget (gradient norm against time lag), drawn headlessly."""

import numpy as np
import pytest
import torch

from course_lib.gradcheck import numerical_gradient, rel_error
from course_lib.scratch import toy_rnn

FD_TOL = 1e-8


def elman_loss(x, y, activation, h_init):
    return lambda w: toy_rnn.l2_loss(toy_rnn.elman_forward(x, w, h_init, activation)[0], y)[0]


def torch_elman(x, y, w, activation, h_init):
    w = torch.tensor(w, requires_grad=True)
    h, total = torch.tensor(h_init, dtype=torch.float64), 0
    for xt, yt in zip(x, y):
        a = w[0] * xt + w[1] * h
        h = torch.tanh(a) if activation == "tanh" else a
        total = total + (w[2] * h - yt).abs()
    total.backward()
    return w.grad.numpy()


def torch_jordan(X, Y, w, squared=False):
    w = torch.tensor(w, requires_grad=True)
    W_in = torch.stack([w[[0, 2]], w[[1, 3]]])
    prev, total = torch.tensor(0.0, dtype=torch.float64), 0
    for xt, yt in zip(torch.tensor(X), Y):
        prev = w[4:6] @ torch.tanh(W_in @ xt + w[6:8] * prev)
        total = total + ((prev - yt) ** 2 / 2 if squared else (prev - yt).abs())
    total.backward()
    return w.grad.numpy()


# ------------------------------------------------------------------------------ Elman


@pytest.mark.parametrize("activation", ["linear", "tanh"])
def test_elman_backward_matches_finite_differences_and_autograd(activation):
    rng = np.random.default_rng(1)
    x, y, w = rng.normal(size=7), rng.normal(size=7), rng.normal(size=3)
    y_hat, cache = toy_rnn.elman_forward(x, w, h_init=0.3, activation=activation)
    _, dy = toy_rnn.l2_loss(y_hat, y)
    dw, steps = toy_rnn.elman_backward(dy, cache)
    numeric = numerical_gradient(elman_loss(x, y, activation, 0.3), w.copy())
    assert rel_error(dw, numeric) < FD_TOL
    assert rel_error(dw, torch_elman(x, y, w, activation, 0.3)) < 1e-12
    assert np.allclose(steps["contrib"].sum(axis=0), dw)


@pytest.mark.parametrize("activation", ["linear", "tanh"])
def test_elman_contributions_split_the_gradient_by_loss_step_and_use_step(activation):
    rng = np.random.default_rng(2)
    x, dy, w = rng.normal(size=5), rng.normal(size=5), rng.normal(size=3)
    _, cache = toy_rnn.elman_forward(x, w, h_init=-0.2, activation=activation)
    C = toy_rnn.elman_contributions(dy, cache)
    dw, _ = toy_rnn.elman_backward(dy, cache)
    assert C.shape == (5, 5, 3)
    assert np.allclose(C.sum(axis=(0, 1)), dw)
    assert np.allclose(np.triu(C[:, :, 0], k=1), 0)  # a loss never reaches a later step
    # each loss alone: its row is the gradient of that one loss
    for t in range(5):
        only_t = np.zeros(5)
        only_t[t] = dy[t]
        assert np.allclose(C[t].sum(axis=0), toy_rnn.elman_backward(only_t, cache)[0])


def test_elman_worked_example_numbers():
    y_hat, cache = toy_rnn.elman_forward(toy_rnn.ELMAN_X, toy_rnn.ELMAN_W)
    loss, dy = toy_rnn.l2_loss(y_hat, toy_rnn.ELMAN_Y)
    dw, steps = toy_rnn.elman_backward(dy, cache)
    assert np.allclose(y_hat, [0.45, 1.215, 2.2005, 3.34035])
    assert loss == pytest.approx(22.79415)
    assert np.allclose(steps["dh"], [-2.2797, -1.971, -1.53, -0.9])
    assert np.allclose(dw, [-14.4117, -5.2515, -8.0065])


def test_elman_rejects_unknown_activation():
    with pytest.raises(ValueError, match="activation"):
        toy_rnn.elman_forward([1.0], (1, 1, 1), activation="relu")


# ------------------------------------------------------------------------------ Jordan


def test_jordan_wiring_reproduces_the_sources_first_step():
    y_hat, cache = toy_rnn.jordan_forward(toy_rnn.JORDAN_X, toy_rnn.JORDAN_W)
    assert np.allclose(cache["h"][0], np.tanh([0.05, -0.16]))
    assert round(float(cache["h"][0, 0]), 2) == 0.05 and round(float(cache["h"][0, 1]), 2) == -0.16
    assert cache["y_prev"][0] == 0 and cache["y_prev"][1] == pytest.approx(y_hat[0])
    # the step-2 pre-activation of H1 that the source prints (it used y_hat_1 = 0.091)
    assert -0.4 * 0.3 + 0.2 * 0.4 + 0.3 * 0.091 == pytest.approx(-0.0127)


def test_jordan_backward_matches_finite_differences_and_autograd():
    rng = np.random.default_rng(3)
    X, Y, w = rng.normal(size=(6, 2)), rng.normal(size=6), rng.normal(size=8)
    y_hat, cache = toy_rnn.jordan_forward(X, w)
    _, dy = toy_rnn.l2_loss(y_hat, Y)
    dw, steps = toy_rnn.jordan_backward(dy, cache)
    numeric = numerical_gradient(
        lambda v: toy_rnn.l2_loss(toy_rnn.jordan_forward(X, v)[0], Y)[0], w.copy()
    )
    assert rel_error(dw, numeric) < FD_TOL
    assert rel_error(dw, torch_jordan(X, Y, w)) < 1e-12
    assert steps["d_out"].shape == (6,) and steps["d_a"].shape == (6, 2)
    # any upstream gradient: the squared error's
    dw_sq, _ = toy_rnn.jordan_backward(y_hat - Y, cache)
    assert rel_error(dw_sq, torch_jordan(X, Y, w, squared=True)) < 1e-12


def test_jordan_example_gradient_and_the_target_slip():
    y_hat, cache = toy_rnn.jordan_forward(toy_rnn.JORDAN_X, toy_rnn.JORDAN_W)
    dw, _ = toy_rnn.jordan_backward(toy_rnn.l2_loss(y_hat, toy_rnn.JORDAN_Y)[1], cache)
    dw4, _ = toy_rnn.jordan_backward(toy_rnn.l2_loss(y_hat, [2.0, 4.0, 3.0])[1], cache)
    assert np.allclose(dw, dw4)  # only the sign of y_hat - y matters for |y_hat - y|
    assert rel_error(dw, torch_jordan(toy_rnn.JORDAN_X, toy_rnn.JORDAN_Y, toy_rnn.JORDAN_W)) < 1e-12


def test_jordan_backward_on_the_sources_printed_numbers_gives_its_w6_and_w7():
    printed = {
        "X": toy_rnn.JORDAN_X,
        "w": toy_rnn.JORDAN_W,
        "h": [[0.05, -0.16], [0.059, -0.0127], [0.079, 0.136]],
        "dtanh": [[0.99, 0.97], [0.99, 0.99], [0.99, 0.98]],
        "y_prev": [0.0, 0.091, 0.0019],
    }
    dw, steps = toy_rnn.jordan_backward([0.30, 0.44, -0.27], printed, decimals=3)
    assert dw[6] == pytest.approx(-0.0044077, abs=1e-12)
    assert dw[7] == pytest.approx(-0.0261789, abs=1e-12)
    assert np.allclose(steps["d_out"], [0.208, 0.49, -0.27])  # the source prints 2.078


def test_losses():
    loss, dy = toy_rnn.l2_loss([1.0, 3.0, 2.0], [2.0, 1.0, 2.0])
    assert loss == 3.0 and dy.tolist() == [-1.0, 1.0, 0.0]
    d = toy_rnn.source_l2_derivative([0.091, -4.0, 0.0])
    assert np.allclose(d, [np.sqrt(0.091), -2.0, 0.0])


# ------------------------------------------------------------------ figures and widget


def test_gradient_norms_vs_lag_linear_rate_is_the_spectral_radius():
    from course_lib.widgets import gradient_norms_vs_lag, scaled_recurrent_matrix

    W = scaled_recurrent_matrix(32, 1.3, 0)
    assert np.abs(np.linalg.eigvals(W)).max() == pytest.approx(1.3)
    lags, norms = gradient_norms_vs_lag(0.8, "linear", hidden=32, steps=80, seeds=2)
    assert lags.tolist() == list(range(1, 81)) and norms.shape == (2, 80)
    rate = (norms[:, -1] / norms[:, 39]) ** (1 / 40)  # the long-run factor per step
    assert np.allclose(rate, 0.8, atol=0.03)
    _, tanh_norms = gradient_norms_vs_lag(0.8, "tanh", hidden=32, steps=80, seeds=2)
    assert np.all(tanh_norms[:, -1] <= norms[:, -1])  # tanh' <= 1 only shrinks
    with pytest.raises(ValueError):
        gradient_norms_vs_lag(1.0, "relu")


def test_gradient_norm_is_the_jacobian_norm_from_autograd():
    from course_lib.widgets import gradient_norms_vs_lag, scaled_recurrent_matrix

    hidden, steps, burn_in = 8, 5, 3
    _, norms = gradient_norms_vs_lag(1.2, "tanh", hidden, steps, seeds=1, burn_in=burn_in)
    rng = np.random.default_rng([0, 0])  # the same draws as seed 0 inside
    W = torch.tensor(scaled_recurrent_matrix(hidden, 1.2, rng))
    u = torch.tensor(rng.standard_normal((burn_in + steps, hidden)))
    h = torch.zeros(hidden, dtype=torch.float64)
    for t in range(burn_in):
        h = torch.tanh(h @ W + u[t])

    def run(h_start):
        for t in range(burn_in, burn_in + steps):
            h_start = torch.tanh(h_start @ W + u[t])
        return h_start

    J = torch.autograd.functional.jacobian(run, h)
    assert norms[0, -1] == pytest.approx(torch.linalg.matrix_norm(J, 2).item(), rel=1e-10)


def test_plot_gradient_vs_lag_and_widget():
    from course_lib.widgets import gradient_lag_widget, plot_gradient_vs_lag

    ax = plot_gradient_vs_lag((0.5, 1.5), "linear", hidden=16, steps=20, seeds=2)
    assert set(ax.norms) == {0.5, 1.5} and ax.norms[0.5][-1] < 1 < ax.norms[1.5][-1]
    assert ax.get_yscale() == "log" and ax.get_legend() is not None
    w = gradient_lag_widget()
    assert [c.description for c in w.children[:3]] == ["ρ", "f", "input size"]
    w.children[0].value = 2.0  # moving a slider redraws without error
    assert w.kwargs["radius"] == 2.0


def test_draw_bptt_and_jordan_network():
    from course_lib.plots import draw_bptt, draw_jordan_network

    full = draw_bptt(steps=6)
    cut = draw_bptt(steps=6, chunk=3)
    assert len(cut.lines) == len(full.lines) + 1  # one dashed cut
    assert any(t.get_text() == "detach()" for t in cut.texts)
    with pytest.raises(ValueError):
        draw_bptt(steps=1)
    ax = draw_jordan_network(toy_rnn.JORDAN_W)
    labels = [t.get_text() for t in ax.texts]
    assert "$w_0$ = 0.3" in labels and "$w_7$ = 0.3" in labels


def test_plot_runs_marks_diverged_runs_and_cuts_the_axis():
    from course_lib.plots import plot_runs

    curves = {
        "fine": [np.linspace(1, 0.1, 50), np.linspace(1.2, 0.2, 50)],
        "blows up": [np.r_[np.logspace(0, 30, 20), np.inf], np.logspace(0, 1, 50)],
    }
    ax = plot_runs(curves, smooth=5, ymax=1e6)
    assert ax.get_ylim()[1] == pytest.approx(1e6)
    crosses = [line for line in ax.lines if line.get_marker() == "x"]
    assert len(crosses) == 1 and crosses[0].get_ydata()[0] <= 1e6
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["fine", "blows up"]
