"""Update rules and the remedies for exploding gradients, in NumPy.

An update rule is ``update(w, dw, config) -> (w, config)``: it takes one parameter array and
its gradient, returns the new array (the input is left as it was) and the config dict, which
holds the hyperparameters and the rule's running state (AdaGrad's sum of squares, Adam's
moments), so one config per parameter array. Typical use::

    configs = {k: {"learning_rate": 1e-3} for k in params}
    for k in params:
        params[k], configs[k] = adam(params[k], grads[k], configs[k])

The rules compute exactly what ``torch.optim.SGD`` (plain, with momentum, with Nesterov
momentum), ``Adagrad``, ``RMSprop`` and ``Adam`` compute with their other options at the
defaults (tested step for step in ``tests/test_scratch_optim.py``).
The remedies work on dicts of arrays, ``{name: array}``, and return new dicts.
"""

from __future__ import annotations

import numpy as np


def _like(w, new_w):
    """``new_w`` in ``w``'s dtype: a float64 NumPy scalar (say a learning rate from
    ``np.logspace``) would otherwise silently turn float32 weights into float64."""
    return np.asarray(new_w, dtype=np.asarray(w).dtype)


def sgd(w, dw, config=None):
    """Vanilla stochastic gradient descent: ``w ← w - learning_rate * dw``.

    config: ``learning_rate`` (default 1e-2). Returns ``(w, config)``.
    """
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    return _like(w, w - config["learning_rate"] * dw), config


def sgd_momentum(w, dw, config=None):
    """SGD with momentum (Polyak 1964), written as CS231n does::

        v ← momentum * v - learning_rate * dw
        w ← w + v

    The velocity ``v`` keeps a decaying sum of past steps: it grows while the gradients agree
    and shrinks when they flip. With a constant learning rate this is exactly
    ``torch.optim.SGD(momentum=...)``, whose buffer ``b ← μ b + dw`` is ``-v / learning_rate``.
    ``momentum`` must stay below 1, or the velocity never decays and the steps explode.

    config: ``learning_rate`` (default 1e-2), ``momentum`` (0.9), ``velocity`` (zeros at
    first). Returns ``(w, config)``.
    """
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v - config["learning_rate"] * dw
    config["velocity"] = v
    return _like(w, w + v), config


def nesterov(w, dw, config=None):
    """Nesterov momentum (Nesterov 1983; Sutskever et al. 2013) in the "look-ahead" form::

        v_prev = v
        v ← momentum * v - learning_rate * dw
        w ← w - momentum * v_prev + (1 + momentum) * v

    Here ``w`` is the look-ahead point x̃ = x + μv, so ``dw`` is the gradient at the
    look-ahead point, as Nesterov's method asks, without a second gradient evaluation. This
    is exactly ``torch.optim.SGD(momentum=..., nesterov=True)`` with a constant learning rate.

    config: ``learning_rate`` (default 1e-2), ``momentum`` (0.9), ``velocity`` (zeros at
    first). Returns ``(w, config)``.
    """
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    mu = config["momentum"]
    v_prev = config.get("velocity", np.zeros_like(w))
    v = mu * v_prev - config["learning_rate"] * dw
    config["velocity"] = v
    return _like(w, w - mu * v_prev + (1 + mu) * v), config


def rmsprop(w, dw, config=None):
    """RMSProp (Hinton, Coursera lecture 6e, 2012; never formally published): AdaGrad with a
    leaking sum, so that old gradients are forgotten and the steps do not shrink for ever::

        cache ← decay_rate * cache + (1 - decay_rate) * dw²
        w ← w - learning_rate * dw / (√cache + epsilon)

    This is ``torch.optim.RMSprop``'s formula (``alpha`` = decay_rate, epsilon added after
    the square root, no momentum, not centred).

    config: ``learning_rate`` (default 1e-2), ``decay_rate`` (0.99), ``epsilon`` (1e-8),
    ``cache`` (zeros at first). Returns ``(w, config)``.
    """
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))
    rho = config["decay_rate"]
    config["cache"] = rho * config["cache"] + (1 - rho) * dw**2
    step = config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])
    return _like(w, w - step), config


def adagrad(w, dw, config=None):
    """AdaGrad (Duchi, Hazan & Singer 2011): each weight's step shrinks with the sum of its
    squared gradients, so steep directions take small steps and flat ones large steps::

        cache ← cache + dw²
        w ← w - learning_rate * dw / (√cache + epsilon)

    This is ``torch.optim.Adagrad``'s formula (epsilon added after the square root,
    ``initial_accumulator_value=0``, no ``lr_decay``). The cache only grows, so the steps
    shrink for ever.

    config: ``learning_rate`` (default 1e-1), ``epsilon`` (default 1e-10, as in PyTorch),
    ``cache`` (the running sum of squares, zeros at first). Returns ``(w, config)``.
    """
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-1)
    config.setdefault("epsilon", 1e-10)
    config.setdefault("cache", np.zeros_like(w))
    config["cache"] = config["cache"] + dw**2
    step = config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])
    return _like(w, w - step), config


def adam(w, dw, config=None):
    """Adam (Kingma & Ba 2015): momentum on the gradient plus an RMSProp-like step size, both
    bias-corrected so that the first steps are not too large while m and v are near zero::

        t ← t + 1
        m ← β1 m + (1 - β1) dw          v ← β2 v + (1 - β2) dw²
        m̂ = m / (1 - β1ᵗ)               v̂ = v / (1 - β2ᵗ)
        w ← w - learning_rate * m̂ / (√v̂ + epsilon)

    This is ``torch.optim.Adam``'s formula (epsilon added after the bias correction).
    config: ``learning_rate`` (1e-3), ``beta1`` (0.9), ``beta2`` (0.999), ``epsilon`` (1e-8),
    ``m`` and ``v`` (zeros at first), ``t`` (0 at first). Returns ``(w, config)``.
    """
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)
    b1, b2 = config["beta1"], config["beta2"]
    config["t"] += 1
    config["m"] = b1 * config["m"] + (1 - b1) * dw
    config["v"] = b2 * config["v"] + (1 - b2) * dw**2
    m_hat = config["m"] / (1 - b1 ** config["t"])
    v_hat = config["v"] / (1 - b2 ** config["t"])
    step = config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    return _like(w, w - step), config


def global_norm(grads):
    """The L2 norm of all gradients taken together as one long vector,
    ``√(Σ_k Σ_i grads[k]_i²)``, summed in float64 so that huge gradients do not overflow."""
    return float(np.sqrt(sum(np.sum(np.square(g, dtype=np.float64)) for g in grads.values())))


def clip_by_value(grads, limit=5.0):
    """Clamp every gradient entry to ``[-limit, limit]`` (char-rnn's ``np.clip(d, -5, 5)``).

    Each entry is clipped on its own, so the direction of the gradient can change.
    Same as ``torch.clamp(g, -limit, limit)``. Returns a new dict.
    """
    return {k: np.clip(g, -limit, limit) for k, g in grads.items()}


def clip_by_norm(grads, max_norm=1.0):
    """Rescale all gradients together when their global norm is too large (Pascanu, Mikolov
    & Bengio 2013)::

        norm = global_norm(grads)
        if norm > max_norm:  g ← g * max_norm / norm      for every array g

    The direction of the whole gradient is kept; only its length is capped at ``max_norm``.
    ``torch.nn.utils.clip_grad_norm_`` multiplies by ``min(1, max_norm / (norm + 1e-6))``
    instead; we keep the textbook formula, which differs from PyTorch's by a relative
    1e-6 / norm at most. Returns ``(new_grads, norm)``, norm measured before clipping (as
    PyTorch returns it).
    """
    norm = global_norm(grads)
    scale = max_norm / norm if norm > max_norm else 1.0
    return {k: g * scale for k, g in grads.items()}, norm


def cap_weights(params, limit, shrink=0.9):
    """Weight capping: any weight beyond ``±limit`` is set to ``±shrink * limit``.

    Applied after each update; with shrink < 1 a capped weight lands a little inside the
    limit and keeps room to move. Weights within the limit are unchanged. Returns a new dict.
    """
    capped = {
        k: np.where(np.abs(w) > limit, np.sign(w) * (shrink * limit), w) for k, w in params.items()
    }
    return {k: _like(params[k], w) for k, w in capped.items()}
