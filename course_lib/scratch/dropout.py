"""Inverted dropout in NumPy, forward and backward (Srivastava et al., 2014), CS231n style.

In training, each unit is kept with probability ``1 - p`` and zeroed with probability ``p``;
the kept units are divided by ``1 - p``, so every unit's expected output equals its input::

    mask = (u >= p) / (1 - p)     with u ~ U(0, 1), one draw per unit
    out  = x * mask               E[out] = x * (1 - p) / (1 - p) = x

At test time the layer is the identity: because the scaling happened in training ("inverted"
dropout), nothing has to be rescaled at test time. The backward pass sends the gradient
through the same mask: a unit dropped in the forward pass stays dropped in the backward pass.

``dropout_param`` is a dict:

- ``p``: the probability of *dropping* a unit, as in ``torch.nn.Dropout(p)`` and Keras'
  ``Dropout(rate)`` (CS231n's assignments use ``p`` for the *keep* probability instead);
- ``mode``: ``"train"`` or ``"test"`` (required);
- ``seed``: optional; if given, the mask is drawn from ``np.random.default_rng(seed)``, so
  two calls with the same seed drop the same units (used for gradient checks).
"""

from __future__ import annotations

import numpy as np


def dropout_forward(x, dropout_param: dict):
    """Inverted dropout of an array x of any shape.

    In ``"train"`` mode each element is zeroed with probability ``p`` and the survivors are
    scaled by ``1 / (1 - p)``; in ``"test"`` mode ``out = x``. Returns ``(out, cache)``, where
    the cache holds the mask (scaled, x's dtype; None in test mode) and the dict.
    """
    p = float(dropout_param["p"])
    mode = dropout_param["mode"]
    if not 0.0 <= p < 1.0:
        raise ValueError(f"dropout_param['p'] must be in [0, 1), got {p}")
    if mode == "train":
        rng = np.random.default_rng(dropout_param.get("seed"))
        keep = rng.random(x.shape) >= p
        mask = (keep / (1.0 - p)).astype(x.dtype, copy=False)
        out = x * mask
    elif mode == "test":
        mask = None
        out = x.copy()
    else:
        raise ValueError(f"dropout_param['mode'] must be 'train' or 'test', not {mode!r}")
    return out, (dropout_param, mask)


def dropout_backward(dout, cache):
    """Backward pass of :func:`dropout_forward`: ``dx = dout * mask`` in train mode (the
    same units stay dropped), ``dx = dout`` in test mode. Returns dx."""
    dropout_param, mask = cache
    if dropout_param["mode"] == "train":
        return dout * mask
    return dout.copy()
