"""A multilayer perceptron in NumPy, built from the layers and losses of this subpackage.

``MLP([784, 256, 10])`` is a network with 784 inputs, one hidden layer of 256 units and 10
outputs: ``L = len(sizes) - 1`` affine layers with weights ``W1 … WL`` (shape
(sizes[l-1], sizes[l])) and biases ``b1 … bL`` in the dict ``params``. Each hidden layer is
affine, then the activation; the last layer is affine only, and its outputs are the
**scores** (unnormalised log-probabilities for the softmax loss). :meth:`MLP.loss` runs the
forward pass keeping every layer's cache, the loss, and the backward pass from the last
layer to the first, and returns the gradient of every parameter::

    model = MLP([784, 256, 10], seed=0)
    loss, grads = model.loss(X_batch, y_batch)
    for k in model.params:
        model.params[k], _ = sgd(model.params[k], grads[k], {"learning_rate": 0.1})

:func:`train_mlp` is that loop over shuffled minibatches for a number of epochs. The model
computes in the dtype it was created with (float32 by default: inputs are cast to it); use
float64 for gradient checks.
"""

from __future__ import annotations

import time

import numpy as np

from course_lib.scratch.layers import (
    affine_backward,
    affine_forward,
    relu_backward,
    relu_forward,
    sigmoid_backward,
    sigmoid_forward,
    tanh_backward,
    tanh_forward,
)
from course_lib.scratch.losses import l2_penalty, mse_loss, one_hot, softmax_loss
from course_lib.scratch.optim import sgd

#: activation name -> (forward, backward) layer pair
ACTIVATION_LAYERS = {
    "relu": (relu_forward, relu_backward),
    "sigmoid": (sigmoid_forward, sigmoid_backward),
    "tanh": (tanh_forward, tanh_backward),
}
LOSSES = ("softmax", "mse")
INITS = ("he", "xavier", "lecun", "normal")


def weight_std(init: str, fan_in: int, fan_out: int, std: float = 0.01) -> float:
    """Standard deviation of the normal distribution a weight matrix is drawn from.

    - ``"he"`` (He et al. 2015, for ReLU): ``√(2 / fan_in)``, ``nn.init.kaiming_normal_``;
    - ``"xavier"`` (Glorot & Bengio 2010): ``√(2 / (fan_in + fan_out))``,
      ``nn.init.xavier_normal_``;
    - ``"lecun"``: ``1 / √fan_in``, Nielsen's ``randn(y, x) / sqrt(x)``;
    - ``"normal"``: the fixed ``std`` (CS231n's ``0.01 * randn``), whatever the layer size.
    """
    if init == "he":
        return float(np.sqrt(2.0 / fan_in))
    if init == "xavier":
        return float(np.sqrt(2.0 / (fan_in + fan_out)))
    if init == "lecun":
        return float(1.0 / np.sqrt(fan_in))
    if init == "normal":
        return float(std)
    raise ValueError(f"init must be one of {INITS}, got {init!r}")


class MLP:
    """A fully connected network with a softmax or quadratic (MSE) loss, in NumPy.

    Args:
        sizes: layer widths, inputs first, outputs last, e.g. ``[784, 256, 10]``.
        activation: ``"relu"``, ``"sigmoid"`` or ``"tanh"``, for every hidden layer.
        loss: ``"softmax"`` (cross-entropy on the scores, integer labels) or ``"mse"``
            (:func:`~course_lib.scratch.losses.mse_loss` against one-hot targets; integer
            labels are one-hot encoded for you, an (N, M) array is used as it is).
        init: how the weights are drawn, ``"he"``, ``"xavier"``, ``"lecun"`` or ``"normal"``
            (standard deviation ``init_std``): see :func:`weight_std`. Biases start at 0.
        seed: seed of the weights (the same seed gives the same weights in any dtype).
        dtype: float32 (training) or float64 (gradient checks).
        init_std: the standard deviation for ``init="normal"``.
        output_activation: a nonlinearity after the last layer, ``None`` or one of the
            activations. ``"auto"`` (the default) means none for the softmax loss (the
            scores are the logits) and ``activation`` for the MSE loss: with
            ``activation="sigmoid", loss="mse"`` every layer is sigmoid, as in Nielsen's
            network, whose outputs live in (0, 1) like the one-hot targets.
        reg: L2 penalty ``½ reg Σ W²`` on every weight matrix (not the biases), added to
            the loss by :meth:`loss`.

    Attributes: ``params`` (dict ``"W1"``, ``"b1"``, …), ``sizes``, ``num_layers``,
    ``num_params``.
    """

    def __init__(
        self,
        sizes,
        activation: str = "relu",
        loss: str = "softmax",
        init: str = "he",
        seed: int = 0,
        dtype=np.float32,
        init_std: float = 0.01,
        output_activation: str | None = "auto",
        reg: float = 0.0,
    ):
        if len(sizes) < 2:
            raise ValueError(f"sizes needs at least inputs and outputs, got {sizes}")
        if activation not in ACTIVATION_LAYERS:
            raise ValueError(f"activation must be one of {tuple(ACTIVATION_LAYERS)}")
        if loss not in LOSSES:
            raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
        if output_activation == "auto":
            output_activation = activation if loss == "mse" else None
        if output_activation is not None and output_activation not in ACTIVATION_LAYERS:
            raise ValueError("output_activation must be None, 'auto' or an activation name")
        self.sizes = [int(s) for s in sizes]
        self.activation, self.loss_name, self.init = activation, loss, init
        self.output_activation = output_activation
        self.dtype = np.dtype(dtype)
        self.reg = float(reg)
        self.num_layers = len(sizes) - 1
        rng = np.random.default_rng(seed)
        self.params = {}
        for i, (fan_in, fan_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:]), start=1):
            std = weight_std(init, fan_in, fan_out, init_std)
            w = rng.standard_normal((fan_in, fan_out)) * std  # float64 draw, then cast
            self.params[f"W{i}"] = w.astype(self.dtype)
            self.params[f"b{i}"] = np.zeros(fan_out, dtype=self.dtype)

    @property
    def num_params(self) -> int:
        """Number of weights and biases: ``Σ_l (sizes[l-1] + 1) * sizes[l]``."""
        return int(sum(p.size for p in self.params.values()))

    def __repr__(self) -> str:
        return (
            f"MLP({self.sizes}, activation={self.activation!r}, loss={self.loss_name!r}, "
            f"init={self.init!r}, dtype={self.dtype.name}, params={self.num_params:,})"
        )

    # ------------------------------------------------------------------------ forward

    def _input(self, X):
        X = np.asarray(X, dtype=self.dtype)  # no copy when it already has the dtype
        return X.reshape(X.shape[0], -1)

    def _forward(self, X):
        """Scores and the per-layer caches ``[(affine cache, activation cache or None)]``."""
        act_fwd, _ = ACTIVATION_LAYERS[self.activation]
        out, caches = X, []
        for i in range(1, self.num_layers + 1):
            out, fc_cache = affine_forward(out, self.params[f"W{i}"], self.params[f"b{i}"])
            act_cache = None
            if i < self.num_layers:
                out, act_cache = act_fwd(out)
            elif self.output_activation is not None:
                out, act_cache = ACTIVATION_LAYERS[self.output_activation][0](out)
            caches.append((fc_cache, act_cache))
        return out, caches

    def forward(self, X):
        """The network's outputs (N, sizes[-1]) for inputs X (N, ...), flattened per example.

        For the softmax loss these are the scores (logits); apply
        :func:`~course_lib.scratch.losses.softmax` for probabilities.
        """
        return self._forward(self._input(X))[0]

    def predict(self, X, batch_size: int = 8192):
        """Predicted class of each example: the index of its largest output (N,).

        Runs in chunks of ``batch_size`` examples, so that a whole test set fits in memory.
        """
        X = self._input(X)
        chunks = [self.forward(X[i : i + batch_size]) for i in range(0, len(X), batch_size)]
        return np.concatenate([c.argmax(axis=1) for c in chunks])

    # ----------------------------------------------------------------------- loss, grads

    def _targets(self, y, scores):
        y = np.asarray(y)
        if self.loss_name == "mse" and y.ndim == 1:
            return one_hot(y, scores.shape[1], dtype=scores.dtype)
        return y

    def _data_loss(self, scores, y):
        if self.loss_name == "softmax":
            return softmax_loss(scores, y)
        return mse_loss(scores, self._targets(y, scores))

    def _loss_and_scores(self, X, y):
        """Loss, gradients of every parameter and the scores (the training loop's accuracy)."""
        scores, caches = self._forward(self._input(X))
        loss, dout = self._data_loss(scores, y)
        _, act_bwd = ACTIVATION_LAYERS[self.activation]
        grads = {}
        for i in range(self.num_layers, 0, -1):
            fc_cache, act_cache = caches[i - 1]
            if i < self.num_layers:
                dout = act_bwd(dout, act_cache)
            elif self.output_activation is not None:
                dout = ACTIVATION_LAYERS[self.output_activation][1](dout, act_cache)
            if i > 1:
                dout, grads[f"W{i}"], grads[f"b{i}"] = affine_backward(dout, fc_cache)
            else:  # the input needs no gradient: skip dx = dout Wᵀ, a third of the work
                grads["W1"], grads["b1"] = _affine_param_grads(dout, fc_cache)
        if self.reg:
            for i in range(1, self.num_layers + 1):
                penalty, dw = l2_penalty(self.params[f"W{i}"], self.reg)
                loss += penalty
                grads[f"W{i}"] += dw
        return loss, grads, scores

    def loss(self, X, y):
        """Forward pass, loss and backward pass on a batch.

        X (N, ...) inputs; y (N,) integer labels (or (N, M) targets for the MSE loss).
        Returns ``(loss, grads)``: the mean loss over the batch (plus the L2 penalty when
        ``reg > 0``), a Python float, and a dict with the gradient of every parameter
        (same keys and shapes as ``params``).
        """
        loss, grads, _ = self._loss_and_scores(X, y)
        return loss, grads


def _affine_param_grads(dout, cache):
    """``(dw, db)`` of :func:`~course_lib.scratch.layers.affine_backward` without ``dx``."""
    x, _ = cache
    return np.dot(x.reshape(x.shape[0], -1).T, dout), dout.sum(axis=0)


def _labels(y):
    y = np.asarray(y)
    return y.argmax(axis=1) if y.ndim == 2 else y


def evaluate_mlp(model: MLP, X, y, batch_size: int = 8192) -> dict:
    """Mean loss (without the penalty) and accuracy of ``model`` on (X, y), in chunks.

    Returns ``{"loss": float, "acc": float}``.
    """
    X, y = model._input(X), np.asarray(y)
    total_loss, correct = 0.0, 0
    for i in range(0, len(X), batch_size):
        scores = model.forward(X[i : i + batch_size])
        loss, _ = model._data_loss(scores, y[i : i + batch_size])
        total_loss += loss * len(scores)
        correct += int((scores.argmax(axis=1) == _labels(y[i : i + batch_size])).sum())
    return {"loss": total_loss / len(X), "acc": correct / len(X)}


def train_mlp(
    model: MLP,
    X,
    y,
    epochs: int,
    batch_size: int,
    learning_rate: float,
    X_val=None,
    y_val=None,
    lr_decay: float = 0.0,
    seed: int = 0,
    progress: bool = True,
    reduction: str = "mean",
    desc: str = "training",
) -> dict:
    """Train ``model`` with minibatch SGD (:func:`course_lib.scratch.optim.sgd`).

    Each epoch shuffles the examples (seeded by ``seed``), walks through them in minibatches
    of ``batch_size`` (the last one may be smaller) and updates every parameter after each
    minibatch. The learning rate of epoch e (counting from 0) is
    ``learning_rate / (1 + lr_decay * e)`` (1/t decay; ``lr_decay=0`` keeps it constant).
    ``reduction="sum"`` steps along the gradient of the loss *summed* over the minibatch
    (the gradients are multiplied by its size), as code does that starts the backward pass
    from ``pred - y`` without dividing by the batch size; the default ``"mean"`` steps along
    the gradient of the mean loss. With full minibatches of size B, ``"sum"`` at learning
    rate η is ``"mean"`` at η·B. The recorded losses are means either way.
    The epochs run under :func:`course_lib.training.progress` (a progress bar labelled
    ``desc``; CI's quick mode runs ``ceil(epochs / 100)`` of them).

    Returns a history dict of per-epoch lists: ``epoch``, ``learning_rate``, ``train_loss``
    and ``train_acc`` (averaged over the epoch's minibatches, measured as they were trained
    on), ``time`` (seconds of training in the epoch) and, when ``X_val``/``y_val`` are given,
    ``val_loss`` and ``val_acc`` (after the epoch).
    """
    from course_lib.training import progress as progress_bar  # torch-side module, lazily

    if reduction not in ("mean", "sum"):
        raise ValueError(f"reduction must be 'mean' or 'sum', got {reduction!r}")
    X, y = model._input(X), np.asarray(y)
    rng = np.random.default_rng(seed)
    keys = ["epoch", "learning_rate", "train_loss", "train_acc", "time"]
    if X_val is not None:
        keys += ["val_loss", "val_acc"]
    history = {k: [] for k in keys}
    epoch_iter = progress_bar(epochs, desc=desc) if progress else range(1, epochs + 1)
    for epoch in epoch_iter:
        lr = learning_rate / (1 + lr_decay * (epoch - 1))
        config = {"learning_rate": lr}
        start = time.perf_counter()
        order = rng.permutation(len(X))
        loss_sum, correct = 0.0, 0
        for i in range(0, len(X), batch_size):
            idx = order[i : i + batch_size]
            yb = y[idx]
            loss, grads, scores = model._loss_and_scores(X[idx], yb)
            scale = len(idx) if reduction == "sum" else 1
            for k, g in grads.items():
                model.params[k], _ = sgd(model.params[k], g * scale if scale > 1 else g, config)
            loss_sum += loss * len(idx)
            correct += int((scores.argmax(axis=1) == _labels(yb)).sum())
        record = {
            "epoch": epoch,
            "learning_rate": lr,
            "train_loss": loss_sum / len(X),
            "train_acc": correct / len(X),
            "time": time.perf_counter() - start,
        }
        if X_val is not None:
            val = evaluate_mlp(model, X_val, y_val)
            record["val_loss"], record["val_acc"] = val["loss"], val["acc"]
        for k in keys:
            history[k].append(record[k])
        if progress:
            shown = {k: f"{record[k]:.4f}" for k in ("train_loss", "val_acc") if k in record}
            epoch_iter.set_postfix(shown)
    return history
