"""Loss functions and weight penalties in NumPy, each with its gradient.

A data loss takes the network's output for a batch and the targets and returns
``(loss, dscores)``: the loss **averaged over the N examples** (a Python float) and its
gradient with respect to the output, shaped like the output (so the 1/N is already in it).
That gradient is the ``dout`` that starts the backward pass. A penalty takes a weight array
and returns ``(loss, dw)`` in the same way; the full objective is
``data loss + Σ penalties`` and the gradients simply add.

Conventions, and how they relate to PyTorch (checked in ``tests/test_scratch_losses.py``):

- :func:`softmax_loss` is ``F.cross_entropy(scores, y)`` (natural log, mean over N).
- :func:`svm_loss` sums the hinge over the wrong classes and averages over N (CS231n);
  ``F.multi_margin_loss`` also divides by the number of classes C, so
  ``svm_loss = C * F.multi_margin_loss``.
- :func:`mse_loss` is the "quadratic cost" of Nielsen's book, ``(1/N) Σ_n ½ ||pred_n -
  target_n||²``: half the squared error summed over the M outputs, averaged over the
  examples. ``F.mse_loss`` averages over all N * M entries and has no ½, so
  ``mse_loss = (M / 2) * F.mse_loss``. The ½ makes the gradient ``(pred - target) / N``.
- :func:`l2_penalty` is ``½ reg Σ w²`` (gradient ``reg * w``, the "weight decay" term).

Nothing is upcast: float32 scores give float32 gradients.
"""

from __future__ import annotations

import numpy as np


def _rows(y):
    """Integer class labels as an index array (they may come as a list or a torch tensor)."""
    return np.asarray(y).astype(np.intp, copy=False)


def one_hot(y, num_classes: int, dtype=np.float64):
    """One-hot encode integer labels: (N,) -> (N, num_classes) with a single 1 per row."""
    y = _rows(y)
    out = np.zeros((y.shape[0], num_classes), dtype=dtype)
    out[np.arange(y.shape[0]), y] = 1
    return out


def softmax(scores):
    """Softmax along the last axis: ``p_k = exp(s_k) / Σ_j exp(s_j)``.

    Each row's maximum is subtracted before exponentiating. That changes nothing
    (the factor ``exp(-max)`` cancels between numerator and denominator) but keeps every
    ``exp`` at most 1, so large scores cannot overflow. Works on one example (C,) or a batch
    (N, C); each row of the result sums to 1.
    """
    scores = np.asarray(scores)
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    e /= e.sum(axis=-1, keepdims=True)
    return e


def softmax_loss(scores, y):
    """Softmax cross-entropy (multinomial logistic regression), mean over the batch::

        p = softmax(s)        L_n = -log p[n, y_n]        loss = (1/N) Σ_n L_n
        dscores = (p - onehot(y)) / N

    Natural log throughout, so a correct class at probability 0.13 costs -ln 0.13 ≈ 2.04
    (not the base-10 0.89). ``log p`` is computed as ``s - max(s) - log Σ exp(s - max(s))``
    (the log-sum-exp trick), so it is finite even when p underflows to 0.
    scores (N, C), y (N,) integer labels in 0..C-1. Returns ``(loss, dscores)``.
    Same as ``F.cross_entropy(scores, y)``.
    """
    y = _rows(y)
    N = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(N)
    loss = -log_probs[rows, y].sum() / N
    dscores = np.exp(log_probs, out=log_probs)  # the probabilities, reusing the array
    dscores[rows, y] -= 1
    dscores /= N
    return float(loss), dscores


def svm_loss(scores, y, margin=1.0, squared=False):
    """Multiclass SVM (hinge) loss, summed over the wrong classes and averaged over N::

        L_n = Σ_{j ≠ y_n} max(0, s[n, j] - s[n, y_n] + margin)        loss = (1/N) Σ_n L_n

    A wrong class costs nothing once the correct class beats it by ``margin``. Gradient: each
    wrong class with a positive term gets +1/N, the correct class gets -1/N times the number
    of such classes. ``squared=True`` squares each term (the squared hinge), and the
    gradient sends ``2 * term`` instead of 1 through the max.
    scores (N, C), y (N,) integer labels. Returns ``(loss, dscores)``.
    ``F.multi_margin_loss(scores, y, margin=margin)`` is this loss divided by C (``p=2`` for
    the squared hinge).
    """
    y = _rows(y)
    N = scores.shape[0]
    rows = np.arange(N)
    margin = float(margin)  # a Python float: a NumPy float64 would upcast float32 scores
    margins = scores - scores[rows, y][:, None] + margin
    np.maximum(margins, 0, out=margins)
    margins[rows, y] = 0
    if squared:
        loss = np.sum(margins * margins) / N
        dscores = 2 * margins
    else:
        loss = margins.sum() / N
        dscores = (margins > 0).astype(scores.dtype)
    dscores[rows, y] = -dscores.sum(axis=1)
    dscores /= N
    return float(loss), dscores


def mse_loss(pred, target):
    """Quadratic cost (Nielsen's book): half the squared error, summed over outputs and
    averaged over the N examples::

        loss = (1/N) Σ_n ½ Σ_k (pred[n, k] - target[n, k])²        dpred = (pred - target) / N

    pred and target have the same shape, (N, M) or (N,) (one output per example). For
    classification, target is the one-hot encoding of the labels (:func:`one_hot`).
    ``F.mse_loss(pred, target)`` averages over all N * M entries without the ½, so this is
    ``(M / 2) * F.mse_loss(pred, target)``. Returns ``(loss, dpred)``.
    """
    N = pred.shape[0]
    diff = pred - np.asarray(target, dtype=pred.dtype)
    loss = 0.5 * np.sum(diff * diff) / N
    diff /= N
    return float(loss), diff


def l1_loss(pred, target):
    """Absolute error summed over outputs and averaged over the N examples::

        loss = (1/N) Σ_n Σ_k |pred[n, k] - target[n, k]|        dpred = sign(pred - target) / N

    (the gradient at an exact hit is taken as 0, as PyTorch does). ``F.l1_loss`` averages
    over all N * M entries, so this is ``M * F.l1_loss(pred, target)``; divided by M it is
    the mean absolute error. Returns ``(loss, dpred)``.
    """
    N = pred.shape[0]
    diff = pred - np.asarray(target, dtype=pred.dtype)
    loss = np.abs(diff).sum() / N
    return float(loss), np.sign(diff) / N


# -------------------------------------------------------------------------------- penalties


def l2_penalty(w, reg):
    """L2 penalty (squared Frobenius norm): ``loss = ½ reg Σ w²``, ``dw = reg * w``.

    Added to the data loss, its gradient shrinks every weight towards 0 by a constant
    fraction per step (weight decay); it prefers many small weights to a few large ones.
    Returns ``(loss, dw)``.
    """
    reg = float(reg)  # a Python float keeps float32 weights float32
    return float(0.5 * reg * np.sum(w * w)), reg * w


def l1_penalty(w, reg):
    """L1 penalty: ``loss = reg Σ |w|``, ``dw = reg * sign(w)`` (0 at w = 0, as in PyTorch).

    Its pull towards 0 has the same size for every weight, small or large, so small weights
    reach exactly 0: it prefers sparse weights (a feature selector). Returns ``(loss, dw)``.
    """
    reg = float(reg)
    return float(reg * np.abs(w).sum()), reg * np.sign(w)


def elastic_net_penalty(w, l1, l2):
    """Elastic net, the sum of the two: ``loss = l1 Σ |w| + ½ l2 Σ w²``, i.e.
    ``l1_penalty(w, l1) + l2_penalty(w, l2)``; ``dw = l1 sign(w) + l2 w``.
    Returns ``(loss, dw)``."""
    loss1, dw1 = l1_penalty(w, l1)
    loss2, dw2 = l2_penalty(w, l2)
    return loss1 + loss2, dw1 + dw2
