"""Numeric gradients by central differences, in float64, and a relative-error helper.

The CS231n way of knowing that a hand-written backward pass is right: compare it with

    df/dx_i  ≈  (f(x + h e_i) - f(x - h e_i)) / (2 h)

one coordinate at a time, and look at the relative error (about 1e-7 or less is right for
float64; 1e-2 or more is a bug).
"""

from __future__ import annotations

import numpy as np


def rel_error(x, y, eps: float = 1e-8) -> float:
    """Largest elementwise relative error ``|x - y| / max(eps, |x| + |y|)``."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"shapes differ: {x.shape} vs {y.shape}")
    return float(np.max(np.abs(x - y) / np.maximum(eps, np.abs(x) + np.abs(y)), initial=0.0))


def _check_float64(x: np.ndarray) -> None:
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError(
            "gradient checks need a float64 NumPy array (float32 rounding swamps the "
            f"differences); got {type(x).__name__} of dtype {getattr(x, 'dtype', None)}"
        )


def numerical_gradient(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Gradient of a scalar function ``f(x)`` at ``x`` by central differences.

    ``x`` is changed in place one entry at a time and restored, so ``f`` must read it.
    """
    _check_float64(x)
    grad = np.zeros_like(x)
    for ix in np.ndindex(x.shape):
        old = x[ix]
        x[ix] = old + h
        fp = float(f(x))
        x[ix] = old - h
        fm = float(f(x))
        x[ix] = old
        grad[ix] = (fp - fm) / (2 * h)
    return grad


def numerical_gradient_array(f, x: np.ndarray, dout: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Gradient of ``sum(f(x) * dout)`` with respect to ``x``: what a layer's backward pass
    returns for the upstream gradient ``dout``.  ``f`` returns an array shaped like ``dout``."""
    _check_float64(x)
    dout = np.asarray(dout, dtype=np.float64)
    grad = np.zeros_like(x)
    for ix in np.ndindex(x.shape):
        old = x[ix]
        x[ix] = old + h
        pos = np.array(f(x), dtype=np.float64)
        x[ix] = old - h
        neg = np.array(f(x), dtype=np.float64)
        x[ix] = old
        grad[ix] = np.sum((pos - neg) * dout) / (2 * h)
    return grad


def check_gradient(analytic, numeric, tol: float = 1e-6, name: str = "gradient") -> float:
    """Compare an analytic gradient with a numeric one; print and return the relative error.

    Raises ``AssertionError`` when the error exceeds ``tol``.
    """
    err = rel_error(analytic, numeric)
    ok = err <= tol
    print(f"{name}: relative error {err:.2e} ({'ok' if ok else f'FAILED, tolerance {tol:.0e}'})")
    if not ok:
        raise AssertionError(f"{name}: relative error {err:.2e} exceeds {tol:.0e}")
    return err
