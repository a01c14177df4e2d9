"""Recurrent networks small enough to work by hand: the course source's Elman and Jordan examples.

Chapter 20 runs a scalar Elman network forward; chapter 21 runs it backward (BPTT) and works
through a small Jordan network by hand.  The functions follow the CS231n pattern of the rest of
``course_lib.scratch``: a forward pass returns ``(out, cache)``, a backward pass takes the
upstream gradient ``dy`` (one number per time step, ``dL/dŷ_t``) and the cache.  Backward passes
also return the per-step deltas, because the point of these examples is to look at them.

Elman (one input, one linear-or-tanh hidden unit, one output; weights ``w = (w0, w1, w2)``)::

    h_t = f(w0 x_t + w1 h_{t-1}),   ŷ_t = w2 h_t,   h_{-1} = h_init

Jordan (two inputs, two tanh hidden units, one identity output fed back; ``w = (w0, ..., w7)``)::

    a_t = (w0 x_t0 + w2 x_t1 + w6 ŷ_{t-1},   w1 x_t0 + w3 x_t1 + w7 ŷ_{t-1})
    h_t = tanh(a_t),   ŷ_t = w4 h_t0 + w5 h_t1,   ŷ_{-1} = y_init

(w0..w3: inputs to hidden units, w4, w5: hidden units to the output, w6, w7: the previous
output back to the hidden units.  This wiring is the one that reproduces the source's forward
numbers, e.g. ``H0 = tanh(0.3 * 0.5 - 0.5 * 0.2) = tanh(0.05)`` at t = 0.)

Every backward pass is tested against central finite differences and torch autograd in
``tests/test_toy_rnn.py``.
"""

from __future__ import annotations

import numpy as np

# The source's examples (chapter 20's Elman forward pass, chapter 21's Jordan example).
ELMAN_X = np.array([1.0, 2.0, 3.0, 4.0])
ELMAN_Y = np.array([2.0, 4.0, 8.0, 16.0])  # 2**x (the slide says x**2)
ELMAN_W = np.array([0.5, 0.7, 0.9])  # input -> hidden, hidden -> hidden, hidden -> output
JORDAN_W = np.array([0.3, -0.4, -0.5, 0.2, -0.1, -0.6, 0.1, 0.3])
JORDAN_X = np.array([[0.5, 0.2], [0.3, 0.4], [0.4, 0.1]])
JORDAN_Y = np.array([2.0, 3.0, 3.0])  # the source later shows the second target as 4

_ACTIVATIONS = {
    "linear": (lambda a: a, lambda h: np.ones_like(h)),
    "tanh": (np.tanh, lambda h: 1.0 - h**2),
}


def l2_loss(y_hat, y):
    """Per-step L2 loss summed over time, for one output per step: ``L = sum_t |ŷ_t - y_t|``.

    (The L2 norm of a one-element vector, ``sqrt(x**2)``, is ``|x|``.)  Returns ``(loss, dy)``
    with ``dy[t] = dL/dŷ_t = sign(ŷ_t - y_t)`` (0 where they are equal).
    """
    diff = np.asarray(y_hat, dtype=float) - np.asarray(y, dtype=float)
    return float(np.abs(diff).sum()), np.sign(diff)


def source_l2_derivative(x):
    """The source's formula for the L2 derivative, ``x / sqrt(|x|)`` (0 at 0).

    It is the derivative of ``(2/3) |x|**1.5``, not of ``|x| = sqrt(x**2)`` (whose derivative is
    ``x / |x|``); kept here to reproduce the source's numbers.
    """
    x = np.asarray(x, dtype=float)
    return np.divide(x, np.sqrt(np.abs(x)), out=np.zeros_like(x), where=x != 0)


# --------------------------------------------------------------------------- Elman


def elman_forward(x, w, h_init: float = 0.0, activation: str = "linear"):
    """Scalar Elman network over a sequence ``x`` of shape (T,); ``w = (w0, w1, w2)``.

    Returns ``(y_hat, cache)``: the outputs ``ŷ_t = w2 h_t`` (T,) and what the backward pass
    needs (the inputs, the weights, every ``h_t`` and every ``f'(a_t)``).
    """
    if activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}, got {activation!r}")
    f, fprime = _ACTIVATIONS[activation]
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    h, prev = np.zeros(len(x)), float(h_init)
    for t in range(len(x)):
        prev = f(w[0] * x[t] + w[1] * prev)
        h[t] = prev
    cache = {"x": x, "w": w, "h_init": float(h_init), "h": h, "fprime": fprime(h)}
    return w[2] * h, cache


def elman_backward(dy, cache):
    """Backpropagation through time for :func:`elman_forward`.

    ``dy`` (T,) holds ``dL/dŷ_t``.  Walking back from the last step, the hidden delta of step t
    is what its own output sends back plus what step t+1 sends back through ``w1``; each weight
    has one accumulator.  Returns ``(dw, steps)``: ``dw = (dL/dw0, dL/dw1, dL/dw2)`` and a dict
    of per-step arrays: ``dh`` (``dL/dh_t``, everything that reaches h_t), ``da`` (``dL/da_t``)
    and ``contrib`` (T, 3), what step t adds to each accumulator (its rows sum to ``dw``).
    """
    x, w, h, fp = cache["x"], cache["w"], cache["h"], cache["fprime"]
    dy = np.asarray(dy, dtype=float)
    T = len(x)
    h_prev = np.r_[cache["h_init"], h[:-1]]
    dh, da, contrib = np.zeros(T), np.zeros(T), np.zeros((T, 3))
    from_next = 0.0  # dL/dh_t arriving from step t+1 (none for the last step)
    for t in reversed(range(T)):
        dh[t] = dy[t] * w[2] + from_next
        da[t] = dh[t] * fp[t]
        contrib[t] = (da[t] * x[t], da[t] * h_prev[t], dy[t] * h[t])
        from_next = da[t] * w[1]
    return contrib.sum(axis=0), {"dh": dh, "da": da, "contrib": contrib}


def elman_contributions(dy, cache):
    """Every term of the BPTT sums of :func:`elman_backward`, split by where it comes from.

    Returns an array ``C`` of shape (T, T, 3): ``C[t, s, k]`` is what the loss at step ``t``
    contributes to ``dL/dw_k`` through the copy of the weights used at step ``s <= t`` (zero for
    ``s > t``).  ``C.sum(axis=(0, 1))`` is the gradient; ``t - s`` is the time lag the
    gradient travelled, and each step of lag multiplies the term by ``w1 f'(a)``.
    """
    x, w, h, fp = cache["x"], cache["w"], cache["h"], cache["fprime"]
    dy = np.asarray(dy, dtype=float)
    T = len(x)
    h_prev = np.r_[cache["h_init"], h[:-1]]
    C = np.zeros((T, T, 3))
    for t in range(T):
        C[t, t, 2] = dy[t] * h[t]
        da = dy[t] * w[2] * fp[t]  # dL_t/da_s, starting at s = t
        for s in range(t, -1, -1):
            C[t, s, 0], C[t, s, 1] = da * x[s], da * h_prev[s]
            if s > 0:
                da = da * w[1] * fp[s - 1]
    return C


# --------------------------------------------------------------------------- Jordan


def jordan_forward(X, w, y_init: float = 0.0):
    """Jordan network with two inputs, two tanh hidden units and one identity output.

    ``X`` (T, 2), ``w`` (8,) (wiring in the module docstring).  Returns ``(y_hat, cache)``:
    the outputs (T,) and the cache (``X``, ``w``, the hidden values ``h`` (T, 2), the tanh
    derivatives ``dtanh`` (T, 2) and the fed-back outputs ``y_prev`` (T,)).
    """
    X, w = np.asarray(X, dtype=float), np.asarray(w, dtype=float)
    W_in = np.array([[w[0], w[2]], [w[1], w[3]]])  # row j: the two input weights of unit j
    w_out, w_back = w[4:6], w[6:8]
    T = len(X)
    h, y_hat, y_prev = np.zeros((T, 2)), np.zeros(T), np.zeros(T)
    prev = float(y_init)
    for t in range(T):
        y_prev[t] = prev
        h[t] = np.tanh(W_in @ X[t] + w_back * prev)
        y_hat[t] = prev = w_out @ h[t]
    cache = {"X": X, "w": w, "h": h, "dtanh": 1.0 - h**2, "y_prev": y_prev}
    return y_hat, cache


def jordan_backward(dy, cache, decimals: int | None = None):
    """Backpropagation through time for :func:`jordan_forward`.

    Going back from the last step, the output delta of step t is the loss delta ``dy[t]`` plus
    what step t+1 sends back through the feedback weights w6, w7; the hidden deltas are the
    output delta times the output weight times tanh'.  One accumulator per weight.

    ``decimals`` rounds every delta as it is computed (as a hand calculation does; the weight
    gradients themselves are not rounded).  ``cache`` may be built by hand from printed values
    (keys ``X``, ``w``, ``h``, ``dtanh``, ``y_prev``).

    Returns ``(dw, steps)``: ``dw`` (8,) and per-step arrays ``d_out`` (T,), the output deltas,
    and ``d_a`` (T, 2), the hidden deltas ``dL/da_t``.
    """
    X, w = np.asarray(cache["X"], dtype=float), np.asarray(cache["w"], dtype=float)
    h, dtanh = np.asarray(cache["h"], dtype=float), np.asarray(cache["dtanh"], dtype=float)
    y_prev = np.asarray(cache["y_prev"], dtype=float)
    dy = np.asarray(dy, dtype=float)

    def r(v):
        return np.round(v, decimals) if decimals is not None else v

    T = len(X)
    d_out, d_a, dw = np.zeros(T), np.zeros((T, 2)), np.zeros(8)
    from_next = 0.0  # dL/dŷ_t arriving from step t+1 through w6 and w7
    for t in reversed(range(T)):
        d_out[t] = r(dy[t] + from_next)
        d_a[t] = r(d_out[t] * w[4:6] * dtanh[t])
        dw[[0, 1]] += d_a[t] * X[t, 0]  # w0: x0 -> H0, w1: x0 -> H1
        dw[[2, 3]] += d_a[t] * X[t, 1]  # w2: x1 -> H0, w3: x1 -> H1
        dw[4:6] += d_out[t] * h[t]
        dw[6:8] += d_a[t] * y_prev[t]
        from_next = d_a[t] @ w[6:8]
    return dw, {"d_out": d_out, "d_a": d_a}
