"""Batch normalisation in NumPy, forward and backward (Ioffe & Szegedy, 2015), CS231n style.

For a minibatch x (N, D), each of the D features is normalised with the batch's own
statistics and then scaled and shifted by learned parameters::

    mu    = (1/N) Σ_n x[n]                 sigma² = (1/N) Σ_n (x[n] - mu)²
    x_hat = (x - mu) / sqrt(sigma² + eps)  out    = gamma * x_hat + beta

At test time there is no batch to take statistics from (or a batch of one), so the layer
uses running averages collected during training instead::

    running_mean = momentum * running_mean + (1 - momentum) * mu
    running_var  = momentum * running_var  + (1 - momentum) * sigma²

``bn_param`` is a dict that carries the mode and that state between calls:

- ``mode``: ``"train"`` or ``"test"`` (required);
- ``eps``: added to the variance for numerical stability (default 1e-5);
- ``momentum``: how much of the old running average to keep (default 0.9);
- ``running_mean``, ``running_var``: arrays of shape (D,), created as zeros and ones on the
  first call, and updated in place in the dict in train mode;
- ``unbiased_running_var``: if True (default False, as in CS231n), the running variance is
  fed the unbiased batch variance (divided by N - 1), as ``torch.nn.BatchNorm1d`` does.

``torch.nn.BatchNorm1d(D, eps, momentum=m)`` corresponds to ``momentum = 1 - m`` here (PyTorch's
momentum is the weight of the *new* batch statistic) and ``unbiased_running_var=True``.
"""

from __future__ import annotations

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param: dict):
    """Batch normalisation of a batch x (N, D) with scale gamma (D,) and shift beta (D,).

    In ``"train"`` mode the batch mean and (biased) variance normalise x and update the
    running averages held in ``bn_param``; in ``"test"`` mode the running averages are used
    and nothing is updated. Returns ``(out, cache)``; out has x's shape and dtype.
    """
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    N, D = x.shape
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.ones(D, dtype=x.dtype))

    if mode == "train":
        mu = x.mean(axis=0)
        xc = x - mu
        var = (xc**2).mean(axis=0)
        inv_std = 1.0 / np.sqrt(var + eps)
        x_hat = xc * inv_std
        out = gamma * x_hat + beta
        fed_var = var * N / (N - 1) if bn_param.get("unbiased_running_var", False) else var
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * fed_var
        cache = (x_hat, gamma, inv_std)
    elif mode == "test":
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
        out = gamma * x_hat + beta
        bn_param["running_mean"], bn_param["running_var"] = running_mean, running_var
        cache = None
    else:
        raise ValueError(f"bn_param['mode'] must be 'train' or 'test', not {mode!r}")
    return out, cache


def batchnorm_backward(dout, cache):
    """Backward pass of :func:`batchnorm_forward` in train mode.

    With ``x_hat`` the normalised input and ``dx_hat = dout * gamma``, the batch statistics
    depend on every example, so the gradient of each example has three parts (the direct
    path, through the mean, through the variance); simplified they give::

        dgamma = Σ_n dout[n] * x_hat[n]      dbeta = Σ_n dout[n]
        dx = (1 / sqrt(sigma² + eps)) * (dx_hat - mean_n(dx_hat) - x_hat * mean_n(dx_hat * x_hat))

    Returns ``(dx, dgamma, dbeta)``. (In test mode the layer is a fixed affine map per
    feature; that case is not needed for training and has no backward here.)
    """
    if cache is None:
        raise ValueError("batchnorm_backward needs the cache of a train-mode forward pass")
    x_hat, gamma, inv_std = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = inv_std * (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0))
    return dx, dgamma, dbeta
