"""course_lib.scratch.optim: update rules step for step against torch.optim, and the
gradient remedies against torch.clamp and torch.nn.utils.clip_grad_norm_."""

import numpy as np
import pytest
import torch

from course_lib.gradcheck import rel_error
from course_lib.scratch.optim import (
    adagrad,
    adam,
    cap_weights,
    clip_by_norm,
    clip_by_value,
    global_norm,
    nesterov,
    rmsprop,
    sgd,
    sgd_momentum,
)

STEPS = 5


def randn(*shape, seed):
    return np.random.default_rng(seed).standard_normal(shape)


def run_both(rule, config, torch_opt, **torch_kwargs):
    """STEPS updates with the same sequence of gradients in NumPy and in torch.optim."""
    w = randn(4, 3, seed=0)
    p = torch.nn.Parameter(torch.tensor(w))
    opt = torch_opt([p], **torch_kwargs)
    for step in range(STEPS):
        dw = randn(4, 3, seed=step + 1) * (step + 1)  # gradients of changing size
        w, config = rule(w, dw, config)
        p.grad = torch.tensor(dw)
        opt.step()
        err = rel_error(w, p.detach().numpy())
        assert err < 1e-12, f"step {step + 1}: relative error {err:.1e} against torch"
    return w, config


def test_sgd_matches_torch():
    run_both(sgd, {"learning_rate": 0.05}, torch.optim.SGD, lr=0.05)
    w, dw = np.ones(3), np.array([1.0, -2.0, 0.5])
    assert np.allclose(sgd(w, dw)[0], w - 1e-2 * dw)  # default learning rate


def test_adagrad_matches_torch():
    _, config = run_both(
        adagrad, {"learning_rate": 0.3, "epsilon": 1e-10}, torch.optim.Adagrad, lr=0.3, eps=1e-10
    )
    assert config["cache"].shape == (4, 3)
    # defaults: learning rate 0.1, epsilon as torch's (1e-10); the first step is lr * sign(dw)
    w, config = adagrad(np.zeros(3), np.array([2.0, -3.0, 0.0]))
    assert np.allclose(w, [-0.1, 0.1, 0.0]) and config["epsilon"] == 1e-10


def test_adam_matches_torch():
    _, config = run_both(adam, {"learning_rate": 0.1}, torch.optim.Adam, lr=0.1)
    assert config["t"] == STEPS
    run_both(
        adam,
        {"learning_rate": 0.01, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6},
        torch.optim.Adam,
        lr=0.01,
        betas=(0.8, 0.99),
        eps=1e-6,
    )
    # bias correction: the first step has length learning_rate in every coordinate
    w, _ = adam(np.zeros(3), np.array([1e-3, -5.0, 2.0]))
    assert np.allclose(np.abs(w), 1e-3, rtol=1e-4)


@pytest.mark.parametrize("rule", [sgd, adagrad, adam, sgd_momentum, nesterov, rmsprop])
def test_rules_keep_float32_and_do_not_touch_input(rule):
    w = randn(5, seed=1).astype(np.float32)
    before = w.copy()
    config = {"learning_rate": np.float64(0.01)}  # a NumPy float64 must not upcast w
    for _ in range(3):
        new_w, config = rule(w, randn(5, seed=2).astype(np.float32), config)
    assert new_w.dtype == np.float32
    assert np.array_equal(w, before)


def grads_dict(scale=1.0):
    return {
        "Wx": randn(3, 4, seed=10) * scale,
        "Wh": randn(4, 4, seed=11) * scale,
        "b": randn(4, seed=12) * scale,
    }


def test_global_norm():
    g = grads_dict()
    expected = np.sqrt(sum(np.sum(v**2) for v in g.values()))
    assert global_norm(g) == pytest.approx(expected, rel=1e-12)
    assert global_norm({"a": np.array([3.0]), "b": np.array([[4.0]])}) == 5.0
    # float32 entries whose squares overflow float32 still give the right norm
    huge = {"a": np.full(4, 1e30, dtype=np.float32)}
    assert global_norm(huge) == pytest.approx(2e30, rel=1e-6)


def test_clip_by_value_matches_torch_clamp():
    g = grads_dict(scale=10)
    before = {k: v.copy() for k, v in g.items()}
    clipped = clip_by_value(g, limit=5.0)
    for k, v in g.items():
        assert np.array_equal(clipped[k], torch.clamp(torch.tensor(v), -5.0, 5.0).numpy())
        assert np.array_equal(v, before[k])  # a new dict; the input is unchanged
    assert max(np.abs(v).max() for v in clipped.values()) == 5.0


@pytest.mark.parametrize("scale, max_norm", [(10.0, 1.0), (3.0, 5.0), (0.1, 1.0), (1e4, 0.05)])
def test_clip_by_norm_matches_torch_clip_grad_norm(scale, max_norm):
    g = grads_dict(scale)
    before = {k: v.copy() for k, v in g.items()}
    clipped, norm = clip_by_norm(g, max_norm=max_norm)

    params = {
        k: torch.nn.Parameter(torch.zeros(v.shape, dtype=torch.float64)) for k, v in g.items()
    }
    for k, p in params.items():
        p.grad = torch.tensor(g[k])
    torch_norm = torch.nn.utils.clip_grad_norm_(params.values(), max_norm)
    assert norm == pytest.approx(torch_norm.item(), rel=1e-12)  # the norm before clipping
    for k, v in clipped.items():
        # torch scales by max_norm / (norm + 1e-6): a relative difference of 1e-6 / norm at most
        assert rel_error(v, params[k].grad.numpy()) < 1e-6
        assert np.array_equal(g[k], before[k])
    if norm > max_norm:
        assert global_norm(clipped) == pytest.approx(max_norm, rel=1e-12)  # exactly max_norm
        cos = sum(np.sum(clipped[k] * g[k]) for k in g) / (global_norm(clipped) * norm)
        assert cos == pytest.approx(1.0)  # same direction
    else:
        assert all(np.array_equal(clipped[k], g[k]) for k in g)


def test_clip_by_norm_keeps_float32():
    g = {k: v.astype(np.float32) for k, v in grads_dict(10).items()}
    clipped, _ = clip_by_norm(g, 1.0)
    assert all(v.dtype == np.float32 for v in clipped.values())
    assert all(v.dtype == np.float32 for v in clip_by_value(g).values())


def test_cap_weights():
    params = {"W": np.array([[-3.0, -2.0, 0.5], [2.0, 2.5, 10.0]]), "b": np.array([1.0, -1.0])}
    capped = cap_weights(params, limit=2.0, shrink=0.9)
    # beyond ±2 -> ±1.8; at the limit or inside it -> unchanged
    assert np.array_equal(capped["W"], [[-1.8, -2.0, 0.5], [2.0, 1.8, 1.8]])
    assert np.array_equal(capped["b"], params["b"])
    assert params["W"][1, 2] == 10.0  # a new dict; the input is unchanged
    assert np.array_equal(cap_weights(params, 2.0, shrink=1.0)["W"], np.clip(params["W"], -2, 2))
    w32 = {"W": params["W"].astype(np.float32)}
    assert cap_weights(w32, np.float64(2.0))["W"].dtype == np.float32


# --- chapter 12: momentum, Nesterov and RMSProp


@pytest.mark.parametrize("mu", [0.5, 0.9, 0.99])
def test_sgd_momentum_matches_torch(mu):
    _, config = run_both(
        sgd_momentum,
        {"learning_rate": 0.05, "momentum": mu},
        torch.optim.SGD,
        lr=0.05,
        momentum=mu,
    )
    assert config["velocity"].shape == (4, 3)


def test_sgd_momentum_worked_example():
    """The chapter's example: μ = 0.9, lr = 0.3, gradients [1,1,1], [1,1,1], [1,-1,1]."""
    w, config = np.zeros(3), {"learning_rate": 0.3, "momentum": 0.9}
    velocities = []
    for g in ([1.0, 1, 1], [1.0, 1, 1], [1.0, -1, 1]):
        w, config = sgd_momentum(w, np.array(g), config)
        velocities.append(config["velocity"])
    assert np.allclose(velocities[0], [-0.3] * 3)
    assert np.allclose(velocities[1], [-0.57] * 3)
    assert np.allclose(velocities[2], [-0.813, -0.213, -0.813])  # not -0.85 (Appendix D)
    assert np.allclose(w, np.sum(velocities, axis=0))  # w starts at 0: w = v1 + v2 + v3


@pytest.mark.parametrize("mu", [0.5, 0.9])
def test_nesterov_matches_torch(mu):
    run_both(
        nesterov,
        {"learning_rate": 0.05, "momentum": mu},
        torch.optim.SGD,
        lr=0.05,
        momentum=mu,
        nesterov=True,
    )


def test_nesterov_is_momentum_at_the_look_ahead_point():
    """Tracking x (not the look-ahead x + μv): the same iterates as the [002] form
    v ← μv - α∇f(x + μv), x ← x + v, on f(x) = ½ xᵀ A x."""
    A = np.array([[3.0, 0.5], [0.5, 1.0]])
    lr, mu = 0.1, 0.9
    x, v = np.array([1.0, -2.0]), np.zeros(2)
    w, config = x.copy(), {"learning_rate": lr, "momentum": mu}  # w = x + μv with v = 0
    for _ in range(10):
        v = mu * v - lr * A @ (x + mu * v)
        x = x + v
        w, config = nesterov(w, A @ w, config)
        assert np.allclose(w, x + mu * v, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("rho", [0.9, 0.99])
def test_rmsprop_matches_torch(rho):
    _, config = run_both(
        rmsprop,
        {"learning_rate": 0.01, "decay_rate": rho, "epsilon": 1e-8},
        torch.optim.RMSprop,
        lr=0.01,
        alpha=rho,
        eps=1e-8,
    )
    assert config["cache"].shape == (4, 3)
    # defaults: lr 1e-2, decay 0.99; the first step is lr * sign(dw) / sqrt(1 - decay)
    w, config = rmsprop(np.zeros(2), np.array([4.0, -0.5]))
    assert np.allclose(w, [-0.1, 0.1], rtol=1e-6)
    assert config["decay_rate"] == 0.99 and config["epsilon"] == 1e-8


def test_adam_matches_torch_over_many_steps():
    """Bias correction matters most early on; check 5 steps then the same rule far on."""
    w = randn(6, seed=3)
    p = torch.nn.Parameter(torch.tensor(w))
    opt = torch.optim.Adam([p], lr=1e-2)
    config = {"learning_rate": 1e-2}
    for step in range(50):
        dw = randn(6, seed=100 + step)
        w, config = adam(w, dw, config)
        p.grad = torch.tensor(dw)
        opt.step()
    assert rel_error(w, p.detach().numpy()) < 1e-12
