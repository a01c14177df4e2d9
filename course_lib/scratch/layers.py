"""Fully connected layers and their activations in NumPy, forward and backward.

Every forward function returns ``(out, cache)`` and its backward takes the upstream gradient
``dout`` (the gradient of the loss with respect to ``out``, same shape) and that cache, and
returns the gradient with respect to each input, in the same order as the forward's
arguments. A network is these pairs chained: the forward passes run first to last and keep
their caches, the backward passes run last to first (see :mod:`course_lib.scratch.mlp`).

Shapes: a batch ``x`` is (N, d1, ..., dk): N examples, each flattened to D = d1 * ... * dk
numbers by the affine layer (an MNIST batch (N, 1, 28, 28) becomes (N, 784)); ``w`` is
(D, M) and ``b`` is (M,), so ``torch.nn.Linear(D, M)`` holds ``w.T`` as its ``weight``.
Nothing is upcast: float32 inputs and weights give float32 outputs and gradients (float64
for gradient checks, float32 for training).
"""

from __future__ import annotations

import numpy as np

from course_lib.scratch.recurrent import sigmoid as _sigmoid

# ---------------------------------------------------------------------------------- affine


def affine_forward(x, w, b):
    """A fully connected (affine) layer: ``out = x w + b``, each example flattened first.

    x (N, d1, ..., dk) is read as (N, D) with D = d1 * ... * dk (a view, no copy, when x is
    contiguous); w (D, M); b (M,) -> out (N, M). The bias is added in place to the product,
    so no second (N, M) array is made. Returns ``(out, cache)``.
    """
    out = np.dot(x.reshape(x.shape[0], -1), w)
    if out.dtype == np.result_type(out, b):
        out += b
    else:  # say integer x and w with a float b: no in-place add into an integer array
        out = out + b
    return out, (x, w)


def affine_backward(dout, cache):
    """Backward pass of :func:`affine_forward`.

    With ``X`` the flattened input (N, D) and ``dout`` (N, M)::

        dx = dout wᵀ   (reshaped back to x's shape)
        dw = Xᵀ dout   (each weight w[d, m] meets x[n, d] in every example: a sum over n)
        db = Σ_n dout[n]

    Returns ``(dx, dw, db)``.
    """
    x, w = cache
    dx = np.dot(dout, w.T).reshape(x.shape)
    dw = np.dot(x.reshape(x.shape[0], -1).T, dout)
    return dx, dw, dout.sum(axis=0)


# ----------------------------------------------------------------------------- activations


def relu_forward(x):
    """Rectified linear unit, elementwise: ``out = max(0, x)``. Returns ``(out, cache)``."""
    return np.maximum(x, 0), x


def relu_backward(dout, cache):
    """Backward pass of :func:`relu_forward`: ``dx = dout * [x > 0]``.

    The gradient passes where the input was positive and is stopped elsewhere (at exactly 0
    we take the derivative as 0, as PyTorch does).
    """
    x = cache
    return dout * (x > 0)


def sigmoid_forward(x):
    """Logistic sigmoid, elementwise: ``out = 1 / (1 + exp(-x))``, without overflow for any x.

    Returns ``(out, cache)``; the cache is ``out`` itself, all the backward pass needs.
    """
    out = _sigmoid(x)
    return out, out


def sigmoid_backward(dout, cache):
    """Backward pass of :func:`sigmoid_forward`: ``dx = dout * σ(x) (1 - σ(x))``.

    σ' is at most 1/4 (at x = 0) and near 0 for large ``|x|``: the saturation that slows
    sigmoid networks down.
    """
    out = cache
    return dout * out * (1 - out)


def tanh_forward(x):
    """Hyperbolic tangent, elementwise. Returns ``(out, cache)``; the cache is ``out``."""
    out = np.tanh(x)
    return out, out


def tanh_backward(dout, cache):
    """Backward pass of :func:`tanh_forward`: ``dx = dout * (1 - tanh(x)²)``."""
    out = cache
    return dout * (1 - out * out)


# --------------------------------------------------------------------------------- sandwich


def affine_relu_forward(x, w, b):
    """An affine layer followed by a ReLU (CS231n's ``layer_utils`` sandwich).

    x (N, d1, ..., dk), w (D, M), b (M,) -> out (N, M). Returns ``(out, cache)``.
    """
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    return out, (fc_cache, relu_cache)


def affine_relu_backward(dout, cache):
    """Backward pass of :func:`affine_relu_forward`. Returns ``(dx, dw, db)``."""
    fc_cache, relu_cache = cache
    return affine_backward(relu_backward(dout, relu_cache), fc_cache)
