"""Activation functions and their derivatives, in NumPy.

For each activation there is a function ``name(x, ...)`` and its derivative with respect to
``x``, ``name_grad(x, ...)``, both elementwise: a layer's backward pass multiplies the
upstream gradient by ``name_grad(x)``. The dtype follows the input (float32 in, float32 out;
integers become float64), and a scalar in gives a scalar out.

=============  ==========================================  ======================================
name           f(x)                                        f'(x)
=============  ==========================================  ======================================
identity       x                                           1
sigmoid        1 / (1 + e^-x)                              σ(x) (1 - σ(x))
tanh           (e^x - e^-x) / (e^x + e^-x)                 1 - tanh²(x)
relu           max(0, x)                                   1 if x > 0 else 0
leaky_relu     x if x > 0 else α x   (α = 0.01)            1 if x > 0 else α
prelu          x if x > 0 else α x   (α learned)           1 if x > 0 else α   (and d/dα below)
elu            x if x > 0 else α (e^x - 1)   (α = 1)       1 if x > 0 else α e^x
relu6          min(max(0, x), 6)   (ReLU-n: cap = n)       1 if 0 < x < cap else 0
softsign       x / (1 + |x|)                               1 / (1 + |x|)²
softplus       log(1 + e^x)                                σ(x)
=============  ==========================================  ======================================

At the kinks the derivatives take PyTorch's values (ReLU and ReLU-6: 0 at x = 0 and at the
cap; leaky ReLU, PReLU and ELU: the left-hand value at x = 0), so they agree with autograd
everywhere. The formulas are the numerically stable ones: nothing overflows for any finite
input (the sigmoid, for instance, is computed from ``e^-|x|``, which is at most 1).

``maxout(x, w, b)`` is the maximum of ``k`` linear functions of a whole input vector, so it
is a layer rather than an elementwise function; ``maxout_grad`` is its backward pass.
``ACTIVATIONS`` maps each name of a one-argument activation to ``(f, f_grad)``.
"""

from __future__ import annotations

import numpy as np


def _float(x) -> np.ndarray:
    """``x`` as a floating-point array (its own float dtype, or float64)."""
    x = np.asarray(x)
    return x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)


def _out(a: np.ndarray):
    """A 0-d array back to a scalar of the same dtype; other arrays unchanged."""
    return a[()] if a.ndim == 0 else a


# ------------------------------------------------------------------------- identity


def identity(x):
    """The identity, ``f(x) = x``: no nonlinearity at all (a linear unit)."""
    return _out(_float(x).copy())


def identity_grad(x):
    """Derivative of the identity: 1 everywhere."""
    return _out(np.ones_like(_float(x)))


# --------------------------------------------------------------------- the S-shaped ones


def sigmoid(x):
    """The logistic sigmoid ``1 / (1 + e^-x)``, computed without overflow.

    For ``x >= 0`` it uses ``1 / (1 + e^-x)``, for ``x < 0`` the equal ``e^x / (1 + e^x)``;
    both only ever take ``e`` to the power ``-|x|``, which lies in (0, 1].
    """
    x = _float(x)
    e = np.exp(-np.abs(x))
    return _out(np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype))


def sigmoid_grad(x):
    """Derivative of the sigmoid, ``σ(x) (1 - σ(x))``.

    Computed as ``e^-|x| / (1 + e^-|x|)²`` (the same number, since σ' is even), which keeps
    its full relative precision where ``1 - σ(x)`` would round to 0 (x beyond about 37).
    """
    x = _float(x)
    e = np.exp(-np.abs(x))
    return _out((e / (1 + e) ** 2).astype(x.dtype))


def tanh(x):
    """The hyperbolic tangent ``(e^x - e^-x) / (e^x + e^-x)`` (NumPy's, which is stable)."""
    return _out(np.tanh(_float(x)))


def tanh_grad(x):
    """Derivative of tanh, ``1 - tanh²(x) = 1 / cosh²(x)``.

    Computed as ``4 e^-2|x| / (1 + e^-2|x|)²`` (the same number), which keeps its relative
    precision for large ``|x|`` where ``1 - tanh²`` rounds to 0.
    """
    x = _float(x)
    e = np.exp(-2 * np.abs(x))
    return _out((4 * e / (1 + e) ** 2).astype(x.dtype))


def softsign(x):
    """Softsign ``x / (1 + |x|)``: S-shaped like tanh, but it approaches ±1 only as 1/|x|."""
    x = _float(x)
    return _out(x / (1 + np.abs(x)))


def softsign_grad(x):
    """Derivative of softsign, ``1 / (1 + |x|)²``."""
    x = _float(x)
    return _out(1 / (1 + np.abs(x)) ** 2)


# ----------------------------------------------------------------------- the ReLU family


def relu(x):
    """The rectified linear unit ``max(0, x)``."""
    x = _float(x)
    return _out(np.maximum(x, 0).astype(x.dtype))


def relu_grad(x):
    """Derivative of ReLU: 1 where ``x > 0``, else 0 (0 at x = 0, as in PyTorch)."""
    x = _float(x)
    return _out((x > 0).astype(x.dtype))


def leaky_relu(x, alpha: float = 0.01):
    """Leaky ReLU: ``x`` for ``x > 0``, ``alpha * x`` otherwise (``max(alpha x, x)`` for
    ``alpha < 1``)."""
    x = _float(x)
    return _out(np.where(x > 0, x, alpha * x).astype(x.dtype))


def leaky_relu_grad(x, alpha: float = 0.01):
    """Derivative of leaky ReLU: 1 where ``x > 0``, else ``alpha``."""
    x = _float(x)
    return _out(np.where(x > 0, 1.0, alpha).astype(x.dtype))


def prelu(x, alpha):
    """Parametric ReLU: leaky ReLU whose slope ``alpha`` is a learned parameter (a number, or
    an array that broadcasts against ``x``, e.g. one slope per channel)."""
    x = _float(x)
    return _out(np.where(x > 0, x, np.asarray(alpha) * x).astype(x.dtype))


def prelu_grad(x, alpha):
    """Derivative of PReLU with respect to ``x``: 1 where ``x > 0``, else ``alpha``."""
    x = _float(x)
    return _out(np.where(x > 0, 1.0, np.asarray(alpha) * np.ones_like(x)).astype(x.dtype))


def prelu_grad_alpha(x, alpha=None):
    """Derivative of PReLU with respect to its slope: ``x`` where ``x <= 0``, else 0.

    (It does not depend on ``alpha``; the argument is accepted so that all PReLU functions
    take the same arguments.) Sum it times the upstream gradient over the elements that
    share one ``alpha`` to get the slope's gradient.
    """
    x = _float(x)
    return _out(np.where(x > 0, 0.0, x).astype(x.dtype))


def elu(x, alpha: float = 1.0):
    """Exponential linear unit: ``x`` for ``x > 0``, ``alpha (e^x - 1)`` otherwise.

    ``np.expm1`` computes ``e^x - 1`` accurately near 0, and only non-positive inputs reach
    the exponential, so nothing overflows.
    """
    x = _float(x)
    return _out(np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))).astype(x.dtype))


def elu_grad(x, alpha: float = 1.0):
    """Derivative of ELU: 1 where ``x > 0``, else ``alpha e^x`` (which is ``elu(x) + alpha``)."""
    x = _float(x)
    return _out(np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0))).astype(x.dtype))


def relu6(x, cap: float = 6.0):
    """ReLU-6, ``min(max(0, x), 6)``: bounded in [0, 6]; ``cap`` gives ReLU-n (ReLU-5: 5)."""
    x = _float(x)
    return _out(np.clip(x, 0, cap).astype(x.dtype))


def relu6_grad(x, cap: float = 6.0):
    """Derivative of ReLU-6: 1 where ``0 < x < cap``, else 0 (a unit below 0 is dead, one
    above the cap is stuck: neither passes a gradient)."""
    x = _float(x)
    return _out(((x > 0) & (x < cap)).astype(x.dtype))


def softplus(x):
    """Softplus ``log(1 + e^x)``, a smooth ReLU, computed as ``max(x, 0) + log(1 + e^-|x|)``
    so that it never overflows."""
    x = _float(x)
    return _out((np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))).astype(x.dtype))


def softplus_grad(x):
    """Derivative of softplus: ``e^x / (1 + e^x)``, which is the sigmoid."""
    return sigmoid(x)


# ------------------------------------------------------------------------------ maxout


def maxout(x, w, b):
    """Maxout layer: each of ``M`` units outputs the largest of ``k`` linear functions of the
    input, ``out[n, m] = max_j (x[n] @ w[j][:, m] + b[j][m])``.

    x: (N, D) inputs; w: (k, D, M) weights; b: (k, M) biases. Returns (N, M).
    With k = 2, ``w[1] = 0`` and ``b[1] = 0`` it is ReLU(x @ w[0] + b[0]); with
    ``w[1] = alpha w[0]`` and ``b[1] = alpha b[0]`` it is leaky ReLU with slope ``alpha``.
    """
    x, w, b = _float(x), np.asarray(w), np.asarray(b)
    z = np.einsum("nd,kdm->knm", x, w) + b[:, None, :]  # (k, N, M): every piece
    return z.max(axis=0)


def maxout_grad(x, w, b, dout):
    """Backward pass of :func:`maxout` for the upstream gradient ``dout`` (N, M).

    Only the winning piece of each unit passes the gradient on (ties go to the first
    piece, as NumPy's and PyTorch's ``argmax`` do). Returns ``(dx, dw, db)``, shaped like
    ``x``, ``w`` and ``b``.
    """
    x, w, b, dout = _float(x), np.asarray(w), np.asarray(b), np.asarray(dout)
    z = np.einsum("nd,kdm->knm", x, w) + b[:, None, :]
    k = w.shape[0]
    win = np.argmax(z, axis=0)  # (N, M): index of the largest piece
    dz = (np.arange(k)[:, None, None] == win[None]) * dout[None]  # (k, N, M)
    dx = np.einsum("knm,kdm->nd", dz, w)
    dw = np.einsum("nd,knm->kdm", x, dz)
    db = dz.sum(axis=1)
    return dx.astype(x.dtype), dw.astype(w.dtype), db.astype(b.dtype)


ACTIVATIONS = {
    "identity": (identity, identity_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "softsign": (softsign, softsign_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
    "elu": (elu, elu_grad),
    "relu6": (relu6, relu6_grad),
    "softplus": (softplus, softplus_grad),
}
"""Each one-argument activation (default constants) by name: ``(f, f_grad)``."""
