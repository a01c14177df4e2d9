"""course_lib.scratch.recurrent: every backward pass against central finite differences
(float64) and against PyTorch autograd on the same weights and inputs; float32 stays float32."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from course_lib.gradcheck import numerical_gradient_array, rel_error
from course_lib.scratch.recurrent import (
    gru_backward,
    gru_forward,
    gru_step_backward,
    gru_step_forward,
    init_gru_params,
    init_lstm_params,
    init_rnn_params,
    lstm_backward,
    lstm_forward,
    lstm_step_backward,
    lstm_step_forward,
    rnn_backward,
    rnn_forward,
    rnn_step_backward,
    rnn_step_forward,
    sigmoid,
    temporal_affine_backward,
    temporal_affine_forward,
    temporal_softmax_loss,
)

N, T, D, H, V = 3, 4, 5, 6, 7  # small: finite differences cost two forward passes per entry
FD_TOL = 1e-7  # finite differences in float64
TORCH_TOL = 1e-10  # same float64 arithmetic in a different order


def randn(*shape, seed):
    return np.random.default_rng(seed).standard_normal(shape)


def assert_fd(f, inputs, dout, grads, names):
    """Check each analytic gradient against the numeric gradient of sum(f(*inputs) * dout)."""
    for x, grad, name in zip(inputs, grads, names):
        num = numerical_gradient_array(lambda _: f(*inputs), x, dout)
        err = rel_error(num, grad)
        assert err < FD_TOL, f"{name}: relative error {err:.1e}"


def assert_close(ours, theirs, name, tol=TORCH_TOL):
    theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else theirs
    err = rel_error(ours, theirs)
    assert err < tol, f"{name}: relative error {err:.1e} against PyTorch"


def assert_weight_grads(module, dWx, dWh, dbx, dbh=None, layer=""):
    """Our weight gradients against autograd's in a torch RNN/LSTM/GRU ``module`` (``layer``
    "_l0" for a whole-sequence module): torch stores the weights transposed, and where we
    have one bias both of torch's biases must equal it."""
    grad = {
        n: getattr(module, n + layer).grad for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
    }
    assert_close(dWx, grad["weight_ih"].T, "dWx")
    assert_close(dWh, grad["weight_hh"].T, "dWh")
    assert_close(dbx, grad["bias_ih"], "dbx")
    assert_close(dbx if dbh is None else dbh, grad["bias_hh"], "dbh")


def t64(a, grad=True):
    return torch.tensor(a, dtype=torch.float64, requires_grad=grad)


def load(module, suffix="", **weights):
    """Copy NumPy weights (already in PyTorch's layout) into a float64 torch module."""
    module = module.double()
    with torch.no_grad():
        for name, value in weights.items():
            getattr(module, name + suffix).copy_(torch.from_numpy(value))
    return module


# ------------------------------------------------------------------------------------ RNN


def rnn_data(seed=0):
    return (
        randn(N, D, seed=seed),
        randn(N, H, seed=seed + 1),
        randn(D, H, seed=seed + 2) * 0.5,
        randn(H, H, seed=seed + 3) * 0.5,
        randn(H, seed=seed + 4) * 0.5,
    )


def test_rnn_step_backward_matches_finite_differences():
    x, h_prev, Wx, Wh, b = inputs = rnn_data()
    dh = randn(N, H, seed=10)
    _, cache = rnn_step_forward(*inputs)
    grads = rnn_step_backward(dh, cache)
    f = lambda *a: rnn_step_forward(*a)[0]
    assert_fd(f, inputs, dh, grads, ["dx", "dh_prev", "dWx", "dWh", "db"])


def test_rnn_backward_matches_finite_differences():
    _, h0, Wx, Wh, b = rnn_data()
    x = randn(N, T, D, seed=11)
    dh = randn(N, T, H, seed=12)  # upstream gradient on every time step
    inputs = [x, h0, Wx, Wh, b]
    _, cache = rnn_forward(*inputs)
    grads = rnn_backward(dh, cache)
    f = lambda *a: rnn_forward(*a)[0]
    assert_fd(f, inputs, dh, grads, ["dx", "dh0", "dWx", "dWh", "db"])


def test_rnn_step_matches_torch_rnncell():
    x, h_prev, Wx, Wh, b_ih = rnn_data()
    b_hh = randn(H, seed=20)
    cell = load(nn.RNNCell(D, H), weight_ih=Wx.T, weight_hh=Wh.T, bias_ih=b_ih, bias_hh=b_hh)
    xt, ht = t64(x), t64(h_prev)
    dh = randn(N, H, seed=21)
    out = cell(xt, ht)
    out.backward(torch.from_numpy(dh))
    h, cache = rnn_step_forward(x, h_prev, Wx, Wh, b_ih + b_hh)
    dx, dh_prev, dWx, dWh, db = rnn_step_backward(dh, cache)
    assert_close(h, out, "h")
    assert_close(dx, xt.grad, "dx")
    assert_close(dh_prev, ht.grad, "dh_prev")
    assert_weight_grads(cell, dWx, dWh, db)


def test_rnn_forward_backward_match_torch_rnn():
    _, h0, Wx, Wh, b_ih = rnn_data()
    b_hh = randn(H, seed=30)
    x = randn(N, T, D, seed=31)
    dh = randn(N, T, H, seed=32)
    rnn = load(
        nn.RNN(D, H, batch_first=True, nonlinearity="tanh"),
        "_l0",
        weight_ih=Wx.T,
        weight_hh=Wh.T,
        bias_ih=b_ih,
        bias_hh=b_hh,
    )
    xt, h0t = t64(x), t64(h0[None])  # torch wants h0 as (layers, N, H)
    out, h_last = rnn(xt, h0t)
    out.backward(torch.from_numpy(dh))

    h, cache = rnn_forward(x, h0, Wx, Wh, b_ih + b_hh)
    dx, dh0, dWx, dWh, db = rnn_backward(dh, cache)
    assert h.shape == (N, T, H)
    assert_close(h, out, "h")
    assert_close(h[:, -1], h_last[0], "h_T")
    assert_close(dx, xt.grad, "dx")
    assert_close(dh0, h0t.grad[0], "dh0")
    assert_weight_grads(rnn, dWx, dWh, db, layer="_l0")


# ----------------------------------------------------------------------------------- LSTM


def lstm_data(seed=0):
    return (
        randn(N, D, seed=seed),
        randn(N, H, seed=seed + 1),
        randn(N, H, seed=seed + 2),
        randn(D, 4 * H, seed=seed + 3) * 0.5,
        randn(H, 4 * H, seed=seed + 4) * 0.5,
        randn(4 * H, seed=seed + 5) * 0.5,
    )


def test_lstm_step_backward_matches_finite_differences():
    inputs = lstm_data()
    dh, dc = randn(N, H, seed=40), randn(N, H, seed=41)
    _, _, cache = lstm_step_forward(*inputs)
    grads = lstm_step_backward(dh, dc, cache)
    # one function of all inputs whose output is [h, c], so upstream [dh, dc] checks both paths
    f = lambda *a: np.concatenate(lstm_step_forward(*a)[:2], axis=1)
    dout = np.concatenate([dh, dc], axis=1)
    assert_fd(f, inputs, dout, grads, ["dx", "dh_prev", "dc_prev", "dWx", "dWh", "db"])


def test_lstm_backward_matches_finite_differences():
    _, h0, c0, Wx, Wh, b = lstm_data()
    x = randn(N, T, D, seed=42)
    dh = randn(N, T, H, seed=43)
    inputs = [x, h0, Wx, Wh, b]
    _, cache = lstm_forward(*inputs, c0=c0)
    grads = lstm_backward(dh, cache)
    f = lambda *a: lstm_forward(*a, c0=c0)[0]
    assert_fd(f, inputs, dh, grads, ["dx", "dh0", "dWx", "dWh", "db"])


def test_lstm_step_matches_torch_lstmcell():
    x, h_prev, c_prev, Wx, Wh, b_ih = lstm_data()
    b_hh = randn(4 * H, seed=50)
    cell = load(nn.LSTMCell(D, H), weight_ih=Wx.T, weight_hh=Wh.T, bias_ih=b_ih, bias_hh=b_hh)
    xt, ht, ct = t64(x), t64(h_prev), t64(c_prev)
    dh, dc = randn(N, H, seed=51), randn(N, H, seed=52)
    h_t, c_t = cell(xt, (ht, ct))
    torch.autograd.backward([h_t, c_t], [torch.from_numpy(dh), torch.from_numpy(dc)])

    h, c, cache = lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b_ih + b_hh)
    dx, dh_prev, dc_prev, dWx, dWh, db = lstm_step_backward(dh, dc, cache)
    assert_close(h, h_t, "h")
    assert_close(c, c_t, "c")
    assert_close(dx, xt.grad, "dx")
    assert_close(dh_prev, ht.grad, "dh_prev")
    assert_close(dc_prev, ct.grad, "dc_prev")
    assert_weight_grads(cell, dWx, dWh, db)


@pytest.mark.parametrize("zero_c0", [True, False])
def test_lstm_forward_backward_match_torch_lstm(zero_c0):
    _, h0, c0, Wx, Wh, b_ih = lstm_data()
    if zero_c0:
        c0 = np.zeros_like(c0)
    b_hh = randn(4 * H, seed=60)
    x = randn(N, T, D, seed=61)
    dh = randn(N, T, H, seed=62)
    lstm = load(
        nn.LSTM(D, H, batch_first=True),
        "_l0",
        weight_ih=Wx.T,
        weight_hh=Wh.T,
        bias_ih=b_ih,
        bias_hh=b_hh,
    )
    xt, h0t = t64(x), t64(h0[None])
    out, (h_last, c_last) = lstm(xt, (h0t, t64(c0[None], grad=False)))
    out.backward(torch.from_numpy(dh))

    # c0=None must mean zeros
    h, cache = lstm_forward(x, h0, Wx, Wh, b_ih + b_hh, c0=None if zero_c0 else c0)
    dx, dh0, dWx, dWh, db = lstm_backward(dh, cache)
    assert h.shape == (N, T, H) and cache[1].shape == (N, T, H)
    assert_close(h, out, "h")
    assert_close(cache[1][:, -1], c_last[0], "c_T")  # the documented place of the cell states
    assert_close(dx, xt.grad, "dx")
    assert_close(dh0, h0t.grad[0], "dh0")
    assert_weight_grads(lstm, dWx, dWh, db, layer="_l0")


# ------------------------------------------------------------------------------------ GRU


def gru_data(seed=0):
    return (
        randn(N, D, seed=seed),
        randn(N, H, seed=seed + 1),
        randn(D, 3 * H, seed=seed + 2) * 0.5,
        randn(H, 3 * H, seed=seed + 3) * 0.5,
        randn(3 * H, seed=seed + 4) * 0.5,
        randn(3 * H, seed=seed + 5) * 0.5,
    )


def test_gru_step_backward_matches_finite_differences():
    inputs = gru_data()
    dh = randn(N, H, seed=70)
    _, cache = gru_step_forward(*inputs)
    grads = gru_step_backward(dh, cache)
    f = lambda *a: gru_step_forward(*a)[0]
    assert_fd(f, inputs, dh, grads, ["dx", "dh_prev", "dWx", "dWh", "dbx", "dbh"])


def test_gru_backward_matches_finite_differences():
    _, h0, Wx, Wh, bx, bh = gru_data()
    x = randn(N, T, D, seed=71)
    dh = randn(N, T, H, seed=72)
    inputs = [x, h0, Wx, Wh, bx, bh]
    _, cache = gru_forward(*inputs)
    grads = gru_backward(dh, cache)
    f = lambda *a: gru_forward(*a)[0]
    assert_fd(f, inputs, dh, grads, ["dx", "dh0", "dWx", "dWh", "dbx", "dbh"])


def test_gru_step_matches_torch_grucell():
    x, h_prev, Wx, Wh, bx, bh = gru_data()
    cell = load(nn.GRUCell(D, H), weight_ih=Wx.T, weight_hh=Wh.T, bias_ih=bx, bias_hh=bh)
    xt, ht = t64(x), t64(h_prev)
    dh = randn(N, H, seed=80)
    out = cell(xt, ht)
    out.backward(torch.from_numpy(dh))

    h, cache = gru_step_forward(x, h_prev, Wx, Wh, bx, bh)
    dx, dh_prev, dWx, dWh, dbx, dbh = gru_step_backward(dh, cache)
    assert_close(h, out, "h")
    assert_close(dx, xt.grad, "dx")
    assert_close(dh_prev, ht.grad, "dh_prev")
    assert_weight_grads(cell, dWx, dWh, dbx, dbh)


def test_gru_forward_backward_match_torch_gru():
    _, h0, Wx, Wh, bx, bh = gru_data()
    x = randn(N, T, D, seed=90)
    dh = randn(N, T, H, seed=91)
    gru = load(
        nn.GRU(D, H, batch_first=True),
        "_l0",
        weight_ih=Wx.T,
        weight_hh=Wh.T,
        bias_ih=bx,
        bias_hh=bh,
    )
    xt, h0t = t64(x), t64(h0[None])
    out, h_last = gru(xt, h0t)
    out.backward(torch.from_numpy(dh))

    h, cache = gru_forward(x, h0, Wx, Wh, bx, bh)
    dx, dh0, dWx, dWh, dbx, dbh = gru_backward(dh, cache)
    assert h.shape == (N, T, H)
    assert_close(h, out, "h")
    assert_close(h[:, -1], h_last[0], "h_T")
    assert_close(dx, xt.grad, "dx")
    assert_close(dh0, h0t.grad[0], "dh0")
    assert_weight_grads(gru, dWx, dWh, dbx, dbh, layer="_l0")


# ----------------------------------------------------------------- affine layer and loss


def test_temporal_affine_matches_finite_differences_and_torch():
    h, W, b = randn(N, T, H, seed=100), randn(H, V, seed=101), randn(V, seed=102)
    dout = randn(N, T, V, seed=103)
    out, cache = temporal_affine_forward(h, W, b)
    grads = temporal_affine_backward(dout, cache)
    assert out.shape == (N, T, V)
    assert_fd(lambda *a: temporal_affine_forward(*a)[0], [h, W, b], dout, grads, "dh dW db".split())

    ht, Wt, bt = t64(h), t64(W), t64(b)
    out_t = ht @ Wt + bt
    out_t.backward(torch.from_numpy(dout))
    assert_close(out, out_t, "out")
    for ours, theirs, name in zip(grads, [ht, Wt, bt], ["dh", "dW", "db"]):
        assert_close(ours, theirs.grad, name)


def softmax_data(seed=110):
    scores = randn(N, T, V, seed=seed) * 2
    y = np.random.default_rng(seed + 1).integers(0, V, size=(N, T))
    mask = np.random.default_rng(seed + 2).random((N, T)) > 0.3
    return scores, y, mask


@pytest.mark.parametrize("use_mask", [False, True])
def test_temporal_softmax_loss_matches_finite_differences(use_mask):
    scores, y, mask = softmax_data()
    mask = mask if use_mask else None
    loss, dscores = temporal_softmax_loss(scores, y, mask)
    assert isinstance(loss, float)
    num = numerical_gradient_array(lambda s: temporal_softmax_loss(s, y, mask)[0], scores, 1.0)
    # the loss is a sum of N*T terms of size ~2, so its rounding (~1e-15) divided by 2h
    # limits the relative error of the smallest entries (~5e-4) to a few 1e-7
    assert rel_error(num, dscores) < 1e-6


@pytest.mark.parametrize("use_mask", [False, True])
def test_temporal_softmax_loss_matches_torch_cross_entropy(use_mask):
    scores, y, mask = softmax_data()
    st = t64(scores)
    per_step = F.cross_entropy(st.reshape(-1, V), torch.from_numpy(y).reshape(-1), reduction="none")
    if use_mask:
        per_step = per_step * torch.from_numpy(mask).reshape(-1)
    loss_t = per_step.sum() / N  # summed over time, averaged over the batch
    loss_t.backward()

    loss, dscores = temporal_softmax_loss(scores, y, mask if use_mask else None)
    assert abs(loss - loss_t.item()) < 1e-12 * abs(loss)
    assert_close(dscores, st.grad, "dscores")
    if use_mask:
        assert np.all(dscores[~mask] == 0)


def test_temporal_softmax_loss_known_values_and_stability():
    # uniform scores: every step costs log V
    loss, _ = temporal_softmax_loss(np.zeros((2, 3, 4)), np.zeros((2, 3), dtype=int))
    assert loss == pytest.approx(3 * np.log(4))
    # huge scores neither overflow nor change the result (log-sum-exp shift)
    scores, y, _ = softmax_data()
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        big = temporal_softmax_loss(scores + 1e4, y)
    small = temporal_softmax_loss(scores, y)
    assert big[0] == pytest.approx(small[0], rel=1e-9)
    assert rel_error(big[1], small[1]) < 1e-8


# ------------------------------------------------------------ float32 and initialisation


def test_sigmoid_is_stable_and_right():
    x = np.array([-1000.0, -30.0, -1.0, 0.0, 2.0, 1000.0], dtype=np.float32)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = sigmoid(x)
    assert s.dtype == np.float32
    assert np.allclose(s, 1 / (1 + np.exp(-x.astype(np.float64).clip(-500, 500))), rtol=1e-6)
    assert s[0] == 0 and s[-1] == 1 and s[3] == 0.5


def _run_all(dtype):
    """Forward and backward of every layer on the same data cast to ``dtype``."""
    cast = lambda *a: [np.asarray(v, dtype=dtype) for v in a]
    x, h0, dh = cast(randn(N, T, D, seed=1), randn(N, H, seed=2), randn(N, T, H, seed=3))
    rnn = cast(*init_rnn_params(D, H, 0).values())
    lstm = cast(*init_lstm_params(D, H, 0).values())
    gru = cast(*init_gru_params(D, H, 0).values())
    W, b = cast(randn(H, V, seed=4), randn(V, seed=5))
    y = np.random.default_rng(6).integers(0, V, size=(N, T))
    runs = {}
    h, c = rnn_forward(x, h0, *rnn)
    runs["rnn"] = (h, *rnn_backward(dh, c))
    h, c = lstm_forward(x, h0, *lstm)
    runs["lstm"] = (h, c[1], *lstm_backward(dh, c))
    h, c = gru_forward(x, h0, *gru)
    runs["gru"] = (h, *gru_backward(dh, c))
    h, c = rnn_step_forward(x[:, 0], h0, *rnn)
    runs["rnn_step"] = (h, *rnn_step_backward(dh[:, 0], c))
    h, cc, c = lstm_step_forward(x[:, 0], h0, h0, *lstm)
    runs["lstm_step"] = (h, cc, *lstm_step_backward(dh[:, 0], dh[:, 1], c))
    h, c = gru_step_forward(x[:, 0], h0, *gru)
    runs["gru_step"] = (h, *gru_step_backward(dh[:, 0], c))
    scores, c = temporal_affine_forward(dh, W, b)
    runs["affine"] = (scores, *temporal_affine_backward(scores, c))
    runs["loss"] = temporal_softmax_loss(scores, y, np.ones((N, T), dtype=bool))
    return runs


def test_float32_stays_float32_and_agrees_with_float64():
    runs32, runs64 = _run_all(np.float32), _run_all(np.float64)
    for name, arrays in runs32.items():
        for i, (a32, a64) in enumerate(zip(arrays, runs64[name])):
            if isinstance(a32, float):  # the loss value
                assert a32 == pytest.approx(a64, rel=1e-5)
                continue
            assert a32.dtype == np.float32, f"{name}[{i}] came back as {a32.dtype}"
            assert np.allclose(a32, a64, rtol=1e-4, atol=1e-5), f"{name}[{i}]"


@pytest.mark.parametrize(
    "init, shapes",
    [
        (init_rnn_params, {"Wx": (D, H), "Wh": (H, H), "b": (H,)}),
        (init_lstm_params, {"Wx": (D, 4 * H), "Wh": (H, 4 * H), "b": (4 * H,)}),
        (init_gru_params, {"Wx": (D, 3 * H), "Wh": (H, 3 * H), "bx": (3 * H,), "bh": (3 * H,)}),
    ],
)
def test_init_shapes_bounds_dtype_and_seed(init, shapes):
    params = init(D, H, np.random.default_rng(0))
    assert {k: v.shape for k, v in params.items()} == shapes
    bound = 1 / np.sqrt(H)
    for k, v in params.items():
        assert v.dtype == np.float64
        if not (init is init_lstm_params and k == "b"):
            assert np.all(np.abs(v) <= bound), k
    same = init(D, H, np.random.default_rng(0))
    assert all(np.array_equal(params[k], same[k]) for k in params)
    assert all(v.dtype == np.float32 for v in init(D, H, 1, dtype=np.float32).values())


def test_init_lstm_puts_forget_bias_in_the_f_block():
    b = init_lstm_params(D, H, np.random.default_rng(0), forget_bias=5.0)["b"]
    assert np.all(b[H : 2 * H] == 5.0)  # i, f, g, o: the forget gate is the second block
    others = np.concatenate([b[:H], b[2 * H :]])
    assert np.all(np.abs(others) <= 1 / np.sqrt(H))
    assert np.all(init_lstm_params(D, H, 0)["b"][H : 2 * H] == 1.0)  # the default
    # with zero input and zero state the forget gate is σ(forget_bias); the step cache holds
    # (x, h_prev, c_prev, Wx, Wh, i, f, g, o, tanh_c)
    zeros = np.zeros((1, H))
    _, _, cache = lstm_step_forward(
        np.zeros((1, D)), zeros, zeros, np.zeros((D, 4 * H)), np.zeros((H, 4 * H)), b
    )
    assert np.allclose(cache[6], sigmoid(5.0))
