"""Recurrent layers in NumPy: vanilla RNN, LSTM and GRU, forward and backward (BPTT).

Shapes are batch-first, as with ``batch_first=True`` in PyTorch: N = batch, T = time steps,
D = input size, H = hidden size, V = output size (vocabulary). Every forward function returns
``(out, cache)`` and its backward takes the upstream gradient and that cache. The cells use
PyTorch's gate order and equations, so that copying the weights of ``torch.nn.RNN``,
``nn.LSTM`` or ``nn.GRU`` (transposed) gives the same numbers:

- RNN:  ``Wx = weight_ih.T``, ``Wh = weight_hh.T``, ``b = bias_ih + bias_hh``
- LSTM: the same, gate blocks of width H in the order i, f, g, o
- GRU:  ``Wx = weight_ih.T``, ``Wh = weight_hh.T``, ``bx = bias_ih``, ``bh = bias_hh``
  (the GRU keeps its two biases apart: the reset gate multiplies only the hidden one),
  gate blocks in the order r, z, n

Nothing is upcast: float32 inputs and weights give float32 outputs and gradients.
"""

from __future__ import annotations

import numpy as np


def sigmoid(x):
    """Logistic function ``1 / (1 + exp(-x))``, computed without overflow for any ``x``."""
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1, e) / (1 + e)


# ----------------------------------------------------------------------------- vanilla RNN


def rnn_step_forward(x, h_prev, Wx, Wh, b):
    """One step of a vanilla (Elman) RNN: ``h = tanh(x Wx + h_prev Wh + b)``.

    Shapes: x (N, D), h_prev (N, H), Wx (D, H), Wh (H, H), b (H,) -> h (N, H).
    Returns ``(h, cache)``.
    """
    h = np.tanh(x @ Wx + h_prev @ Wh + b)
    return h, (x, h_prev, Wx, Wh, h)


def rnn_step_backward(dh, cache):
    """Backward pass of :func:`rnn_step_forward`.

    With ``da = dh * (1 - h**2)`` (tanh' = 1 - tanh²):
    ``dx = da Wxᵀ``, ``dh_prev = da Whᵀ``, ``dWx = xᵀ da``, ``dWh = h_prevᵀ da``,
    ``db = Σ_n da``. dh (N, H). Returns ``(dx, dh_prev, dWx, dWh, db)``.
    """
    x, h_prev, Wx, Wh, h = cache
    da = dh * (1 - h**2)
    return da @ Wx.T, da @ Wh.T, x.T @ da, h_prev.T @ da, da.sum(axis=0)


def rnn_forward(x, h0, Wx, Wh, b):
    """Run a vanilla RNN over a whole sequence: ``h_t = tanh(x_t Wx + h_{t-1} Wh + b)``.

    Shapes: x (N, T, D), h0 (N, H) -> h (N, T, H), the hidden states h_1 ... h_T.
    Returns ``(h, cache)``; the cache holds one step cache per time step.
    """
    h_prev, hs, caches = h0, [], []
    for t in range(x.shape[1]):
        h_prev, cache = rnn_step_forward(x[:, t], h_prev, Wx, Wh, b)
        hs.append(h_prev)
        caches.append(cache)
    return np.stack(hs, axis=1), caches


def rnn_backward(dh, cache):
    """Backpropagation through time for :func:`rnn_forward`.

    dh (N, T, H) is the upstream gradient of every hidden state (from the loss at each step).
    Going backwards from t = T, the gradient reaching h_t is ``dh[:, t]`` plus what flows back
    from step t + 1; the weights are shared, so their gradients are summed over all steps.
    Returns ``(dx, dh0, dWx, dWh, db)`` with dx (N, T, D), dh0 (N, H).
    """
    _, _, Wx, Wh, _ = cache[0]
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), 0
    dxs, dh_next = [], 0
    for t in reversed(range(dh.shape[1])):
        dx_t, dh_next, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dh_next, cache[t])
        dxs.append(dx_t)
        dWx += dWx_t
        dWh += dWh_t
        db = db + db_t
    return np.stack(dxs[::-1], axis=1), dh_next, dWx, dWh, db


# ------------------------------------------------------------------------------------ LSTM


def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    """One step of an LSTM (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al.
    2000), in PyTorch's form and gate order i, f, g, o::

        a = x Wx + h_prev Wh + b                 (N, 4H), split into four blocks of width H
        i = σ(a_i)   f = σ(a_f)   g = tanh(a_g)   o = σ(a_o)
        c = f * c_prev + i * g                   the cell state: only * and + touch it
        h = o * tanh(c)

    Shapes: x (N, D), h_prev and c_prev (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,).
    Returns ``(h, c, cache)``.
    """
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    i, f, o = sigmoid(a[:, :H]), sigmoid(a[:, H : 2 * H]), sigmoid(a[:, 3 * H :])
    g = np.tanh(a[:, 2 * H : 3 * H])
    c = f * c_prev + i * g
    tanh_c = np.tanh(c)
    h = o * tanh_c
    return h, c, (x, h_prev, c_prev, Wx, Wh, i, f, g, o, tanh_c)


def lstm_step_backward(dh, dc, cache):
    """Backward pass of :func:`lstm_step_forward`.

    dh, dc (N, H): upstream gradients of h and of c. The cell state gets both its own and
    the part coming through ``h = o tanh(c)``::

        dc_total = dc + dh * o * (1 - tanh(c)²)
        do = dh * tanh(c)   di = dc_total * g   df = dc_total * c_prev   dg = dc_total * i
        dc_prev = dc_total * f
        da = [di i(1-i), df f(1-f), dg (1-g²), do o(1-o)]          (N, 4H)
        dx = da Wxᵀ   dh_prev = da Whᵀ   dWx = xᵀ da   dWh = h_prevᵀ da   db = Σ_n da

    Returns ``(dx, dh_prev, dc_prev, dWx, dWh, db)``.
    """
    x, h_prev, c_prev, Wx, Wh, i, f, g, o, tanh_c = cache
    dc_total = dc + dh * o * (1 - tanh_c**2)
    da = np.concatenate(
        [
            dc_total * g * i * (1 - i),
            dc_total * c_prev * f * (1 - f),
            dc_total * i * (1 - g**2),
            dh * tanh_c * o * (1 - o),
        ],
        axis=1,
    )
    return da @ Wx.T, da @ Wh.T, dc_total * f, x.T @ da, h_prev.T @ da, da.sum(axis=0)


def lstm_forward(x, h0, Wx, Wh, b, c0=None):
    """Run an LSTM over a whole sequence (see :func:`lstm_step_forward` for one step).

    Shapes: x (N, T, D), h0 (N, H), c0 (N, H) or None for zeros -> h (N, T, H).
    Returns ``(h, cache)``. The cell states c_1 ... c_T (N, T, H) are ``cache[1]``, so a
    truncated-BPTT loop can carry ``c0 = cache[1][:, -1]`` into the next chunk.
    """
    h_prev, c_prev = h0, np.zeros_like(h0) if c0 is None else c0
    hs, cs, caches = [], [], []
    for t in range(x.shape[1]):
        h_prev, c_prev, cache = lstm_step_forward(x[:, t], h_prev, c_prev, Wx, Wh, b)
        hs.append(h_prev)
        cs.append(c_prev)
        caches.append(cache)
    return np.stack(hs, axis=1), (caches, np.stack(cs, axis=1))


def lstm_backward(dh, cache):
    """Backpropagation through time for :func:`lstm_forward`.

    dh (N, T, H): upstream gradients of every hidden state (none on the last cell state).
    Both h and c carry gradient back from step t + 1 to step t; the weight gradients are
    summed over the steps. Returns ``(dx, dh0, dWx, dWh, db)`` with dx (N, T, D), dh0 (N, H).
    (No dc0: c0 is a starting value, zeros or carried over from an earlier chunk.)
    """
    caches, _ = cache
    Wx, Wh = caches[0][3], caches[0][4]
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), 0
    dxs, dh_next, dc_next = [], 0, 0
    for t in reversed(range(dh.shape[1])):
        dx_t, dh_next, dc_next, dWx_t, dWh_t, db_t = lstm_step_backward(
            dh[:, t] + dh_next, dc_next, caches[t]
        )
        dxs.append(dx_t)
        dWx += dWx_t
        dWh += dWh_t
        db = db + db_t
    return np.stack(dxs[::-1], axis=1), dh_next, dWx, dWh, db


# ------------------------------------------------------------------------------------- GRU


def gru_step_forward(x, h_prev, Wx, Wh, bx, bh):
    """One step of a GRU (Cho et al. 2014), in PyTorch's form and gate order r, z, n::

        ax = x Wx + bx,  ah = h_prev Wh + bh     (N, 3H) each, blocks r, z, n of width H
        r = σ(ax_r + ah_r)                       reset gate
        z = σ(ax_z + ah_z)                       update gate
        n = tanh(ax_n + r * ah_n)                candidate state
        h = (1 - z) * n + z * h_prev

    Shapes: x (N, D), h_prev (N, H), Wx (D, 3H), Wh (H, 3H), bx and bh (3H,).
    Returns ``(h, cache)``.
    """
    H = h_prev.shape[1]
    ax = x @ Wx + bx
    ah = h_prev @ Wh + bh
    r = sigmoid(ax[:, :H] + ah[:, :H])
    z = sigmoid(ax[:, H : 2 * H] + ah[:, H : 2 * H])
    ah_n = ah[:, 2 * H :]
    n = np.tanh(ax[:, 2 * H :] + r * ah_n)
    h = (1 - z) * n + z * h_prev
    return h, (x, h_prev, Wx, Wh, r, z, n, ah_n)


def gru_step_backward(dh, cache):
    """Backward pass of :func:`gru_step_forward`. dh (N, H)::

        dn_pre = dh (1 - z) (1 - n²)             gradient of the candidate's pre-activation
        dz_pre = dh (h_prev - n) z (1 - z)
        dr_pre = dn_pre ah_n r (1 - r)
        dax = [dr_pre, dz_pre, dn_pre]    dah = [dr_pre, dz_pre, r dn_pre]
        dx = dax Wxᵀ   dh_prev = dh z + dah Whᵀ   dWx = xᵀ dax   dWh = h_prevᵀ dah
        dbx = Σ_n dax   dbh = Σ_n dah

    Returns ``(dx, dh_prev, dWx, dWh, dbx, dbh)``.
    """
    x, h_prev, Wx, Wh, r, z, n, ah_n = cache
    dn_pre = dh * (1 - z) * (1 - n**2)
    dz_pre = dh * (h_prev - n) * z * (1 - z)
    dr_pre = dn_pre * ah_n * r * (1 - r)
    dax = np.concatenate([dr_pre, dz_pre, dn_pre], axis=1)
    dah = np.concatenate([dr_pre, dz_pre, r * dn_pre], axis=1)
    dh_prev = dh * z + dah @ Wh.T
    return dax @ Wx.T, dh_prev, x.T @ dax, h_prev.T @ dah, dax.sum(axis=0), dah.sum(axis=0)


def gru_forward(x, h0, Wx, Wh, bx, bh):
    """Run a GRU over a whole sequence (see :func:`gru_step_forward` for one step).

    Shapes: x (N, T, D), h0 (N, H) -> h (N, T, H). Returns ``(h, cache)``.
    """
    h_prev, hs, caches = h0, [], []
    for t in range(x.shape[1]):
        h_prev, cache = gru_step_forward(x[:, t], h_prev, Wx, Wh, bx, bh)
        hs.append(h_prev)
        caches.append(cache)
    return np.stack(hs, axis=1), caches


def gru_backward(dh, cache):
    """Backpropagation through time for :func:`gru_forward`.

    dh (N, T, H): upstream gradients of every hidden state.
    Returns ``(dx, dh0, dWx, dWh, dbx, dbh)`` with dx (N, T, D), dh0 (N, H).
    """
    _, _, Wx, Wh, *_ = cache[0]
    dWx, dWh, dbx, dbh = np.zeros_like(Wx), np.zeros_like(Wh), 0, 0
    dxs, dh_next = [], 0
    for t in reversed(range(dh.shape[1])):
        dx_t, dh_next, dWx_t, dWh_t, dbx_t, dbh_t = gru_step_backward(dh[:, t] + dh_next, cache[t])
        dxs.append(dx_t)
        dWx += dWx_t
        dWh += dWh_t
        dbx = dbx + dbx_t
        dbh = dbh + dbh_t
    return np.stack(dxs[::-1], axis=1), dh_next, dWx, dWh, dbx, dbh


# ------------------------------------------------------------------ output layer and loss


def temporal_affine_forward(h, W, b):
    """The same affine map at every time step: ``out[:, t] = h[:, t] W + b``.

    Shapes: h (N, T, H), W (H, V), b (V,) -> out (N, T, V). Returns ``(out, cache)``.
    """
    return h @ W + b, (h, W)


def temporal_affine_backward(dout, cache):
    """Backward pass of :func:`temporal_affine_forward`.

    dout (N, T, V). ``dh = dout Wᵀ``; W and b are shared by all N·T positions, so
    ``dW = Σ_{n,t} h[n,t]ᵀ dout[n,t]`` and ``db = Σ_{n,t} dout[n,t]``.
    Returns ``(dh, dW, db)``.
    """
    h, W = cache
    H, V = W.shape
    dW = h.reshape(-1, H).T @ dout.reshape(-1, V)
    return dout @ W.T, dW, dout.sum(axis=(0, 1))


def temporal_softmax_loss(scores, y, mask=None):
    """Softmax cross-entropy at every time step, summed over time and averaged over the batch
    (the CS231n convention)::

        p[n, t] = softmax(scores[n, t])
        loss = -(1/N) Σ_n Σ_t mask[n, t] log p[n, t, y[n, t]]
        dscores[n, t] = mask[n, t] (p[n, t] - onehot(y[n, t])) / N

    The log-softmax is computed as ``s - max(s) - log Σ exp(s - max(s))`` so that no exp
    overflows. Shapes: scores (N, T, V), y (N, T) integer targets, mask (N, T) bool, True
    where the step counts (None: all). Returns ``(loss, dscores)``, loss a Python float.
    """
    N, T, V = scores.shape
    shifted = scores - scores.max(axis=2, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=2, keepdims=True))
    m = np.ones((N, T), scores.dtype) if mask is None else np.asarray(mask).astype(scores.dtype)
    n_idx, t_idx = np.arange(N)[:, None], np.arange(T)[None, :]
    loss = -(m * log_probs[n_idx, t_idx, y]).sum() / N
    dscores = np.exp(log_probs)
    dscores[n_idx, t_idx, y] -= 1
    dscores *= m[:, :, None] / N
    return float(loss), dscores


# -------------------------------------------------------------------------- initialisation


def _uniform(rng, shape, bound, dtype):
    return rng.uniform(-bound, bound, size=shape).astype(dtype)


def init_rnn_params(D, H, rng, dtype=np.float64):
    """Weights of a vanilla RNN drawn like PyTorch's: every entry ~ U(-1/√H, 1/√H).

    ``rng`` is a ``numpy.random.Generator`` (or a seed). Returns
    ``{"Wx": (D, H), "Wh": (H, H), "b": (H,)}`` in ``dtype`` (float32 for training).
    """
    rng, k = np.random.default_rng(rng), 1 / np.sqrt(H)
    return {
        "Wx": _uniform(rng, (D, H), k, dtype),
        "Wh": _uniform(rng, (H, H), k, dtype),
        "b": _uniform(rng, (H,), k, dtype),
    }


def init_lstm_params(D, H, rng, forget_bias=1.0, dtype=np.float64):
    """Weights of an LSTM drawn like PyTorch's, U(-1/√H, 1/√H), with the forget-gate block of
    the bias, ``b[H:2H]``, set to ``forget_bias`` (1.0: Jozefowicz, Zaremba & Sutskever 2015;
    a forget gate near σ(1) ≈ 0.73 keeps the memory at the start of training).

    Returns ``{"Wx": (D, 4H), "Wh": (H, 4H), "b": (4H,)}``, gate blocks i, f, g, o.
    """
    rng, k = np.random.default_rng(rng), 1 / np.sqrt(H)
    params = {
        "Wx": _uniform(rng, (D, 4 * H), k, dtype),
        "Wh": _uniform(rng, (H, 4 * H), k, dtype),
        "b": _uniform(rng, (4 * H,), k, dtype),
    }
    params["b"][H : 2 * H] = forget_bias
    return params


def init_gru_params(D, H, rng, dtype=np.float64):
    """Weights of a GRU drawn like PyTorch's, U(-1/√H, 1/√H).

    Returns ``{"Wx": (D, 3H), "Wh": (H, 3H), "bx": (3H,), "bh": (3H,)}``, gate blocks r, z, n.
    """
    rng, k = np.random.default_rng(rng), 1 / np.sqrt(H)
    return {
        "Wx": _uniform(rng, (D, 3 * H), k, dtype),
        "Wh": _uniform(rng, (H, 3 * H), k, dtype),
        "bx": _uniform(rng, (3 * H,), k, dtype),
        "bh": _uniform(rng, (3 * H,), k, dtype),
    }
