"""course_lib.scratch.activations: every derivative against central finite differences
(float64, relative error < 1e-7) and against torch autograd on the same inputs; every
function against PyTorch's; stability, dtypes and the worked example sigma'(4)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_lib.gradcheck import numerical_gradient_array, rel_error
from course_lib.scratch import activations as act

# PyTorch's version of each one-argument activation (default constants, as in ACTIVATIONS)
TORCH = {
    "identity": lambda t: t * 1,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "softsign": F.softsign,
    "relu": F.relu,
    "leaky_relu": F.leaky_relu,  # negative_slope 0.01
    "elu": F.elu,  # alpha 1
    "relu6": F.relu6,
    "softplus": F.softplus,
}
# where f or f' has a kink (softsign: its second derivative jumps at 0), a central difference
# straddling it is off by O(h), so the finite-difference inputs keep away from these points
KINKS = {
    "relu": (0.0,),
    "leaky_relu": (0.0,),
    "elu": (0.0,),
    "relu6": (0.0, 6.0),
    "softsign": (0.0,),
}


def inputs(name, n=200, seed=0):
    """float64 inputs in [-5, 5], kept 2e-3 away from the activation's kinks. (Further out,
    f' of the S-shaped functions is so small that the difference of two values near 1 loses
    the digits a finite difference needs; the tails are tested against torch instead.)"""
    x = np.clip(np.random.default_rng(seed).standard_normal(n) * 2, -5, 5)
    x = np.r_[x, np.linspace(-5, 5, 21)]
    for k in KINKS.get(name, ()):
        near = np.abs(x - k) < 1e-3
        x[near] = k + np.where(x[near] >= k, 1e-3, -1e-3) * 2
    return x


def test_the_dictionary_lists_every_one_argument_activation():
    assert set(act.ACTIVATIONS) == set(TORCH)
    for f, g in act.ACTIVATIONS.values():
        assert callable(f) and callable(g) and f.__doc__ and g.__doc__


@pytest.mark.parametrize("name", sorted(TORCH))
def test_derivative_matches_finite_differences(name):
    f, grad = act.ACTIVATIONS[name]
    x = inputs(name)
    dout = np.random.default_rng(1).standard_normal(x.shape)
    num = numerical_gradient_array(f, x.copy(), dout)
    err = rel_error(grad(x) * dout, num)
    assert err < 1e-7, f"{name}: relative error {err:.1e} against finite differences"


@pytest.mark.parametrize("name", sorted(TORCH))
def test_function_and_derivative_match_torch(name):
    f, grad = act.ACTIVATIONS[name]
    x = np.r_[inputs(name), 0.0, 6.0, -30.0, 30.0, -700.0, 700.0]  # kinks and tails included
    t = torch.tensor(x, requires_grad=True)
    out = TORCH[name](t)
    out.sum().backward()
    assert np.allclose(f(x), out.detach().numpy(), rtol=1e-12, atol=1e-15), name
    assert np.allclose(grad(x), t.grad.numpy(), rtol=1e-10, atol=1e-15), name


@pytest.mark.parametrize("alpha", [0.01, 0.2])
def test_leaky_relu_and_elu_with_other_constants(alpha):
    x = inputs("elu")
    t = torch.tensor(x, requires_grad=True)
    F.leaky_relu(t, negative_slope=alpha).sum().backward()
    assert np.allclose(act.leaky_relu(x, alpha), F.leaky_relu(torch.tensor(x), alpha).numpy())
    assert np.allclose(act.leaky_relu_grad(x, alpha), t.grad.numpy())
    t = torch.tensor(x, requires_grad=True)
    F.elu(t, alpha=alpha).sum().backward()
    assert np.allclose(act.elu(x, alpha), F.elu(torch.tensor(x), alpha).numpy())
    assert np.allclose(act.elu_grad(x, alpha), t.grad.numpy())
    num = numerical_gradient_array(lambda v: act.elu(v, alpha), x.copy(), np.ones_like(x))
    assert rel_error(act.elu_grad(x, alpha), num) < 1e-7


def test_relu_n_with_another_cap():
    x = inputs("relu6") * 2
    t = torch.tensor(x, requires_grad=True)
    F.hardtanh(t, 0.0, 5.0).sum().backward()  # ReLU-5
    assert np.allclose(act.relu6(x, cap=5.0), np.clip(x, 0, 5))
    assert np.allclose(act.relu6_grad(x, cap=5.0), t.grad.numpy())


def test_prelu_against_nn_prelu_and_finite_differences():
    x = inputs("leaky_relu")
    alpha = 0.25
    layer = torch.nn.PReLU(init=alpha).double()
    t = torch.tensor(x, requires_grad=True)
    dout = np.random.default_rng(2).standard_normal(x.shape)
    (layer(t) * torch.tensor(dout)).sum().backward()
    assert np.allclose(act.prelu(x, alpha), layer(torch.tensor(x)).detach().numpy())
    assert np.allclose(act.prelu_grad(x, alpha) * dout, t.grad.numpy())
    d_alpha = np.sum(act.prelu_grad_alpha(x, alpha) * dout)
    assert np.isclose(d_alpha, layer.weight.grad.item(), rtol=1e-12)
    num = numerical_gradient_array(lambda v: act.prelu(v, alpha), x.copy(), dout)
    assert rel_error(act.prelu_grad(x, alpha) * dout, num) < 1e-7
    a = np.array([alpha])
    num_a = numerical_gradient_array(lambda q: act.prelu(x, q[0]), a.copy(), dout)
    assert rel_error([d_alpha], num_a) < 1e-7


def test_prelu_with_one_slope_per_channel():
    x = np.random.default_rng(3).standard_normal((5, 3, 4, 4))
    slopes = np.array([0.1, 0.25, -0.5])
    layer = torch.nn.PReLU(num_parameters=3).double()
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(slopes))
    expected = layer(torch.tensor(x)).detach().numpy()
    assert np.allclose(act.prelu(x, slopes[None, :, None, None]), expected)


def test_maxout_against_torch_and_finite_differences():
    rng = np.random.default_rng(4)
    x, w, b = (
        rng.standard_normal((6, 5)),
        rng.standard_normal((3, 5, 4)),
        rng.standard_normal((3, 4)),
    )
    dout = rng.standard_normal((6, 4))
    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    out_t = (xt @ wt + bt[:, None, :]).amax(dim=0)  # (k, N, M) -> (N, M)
    (out_t * torch.tensor(dout)).sum().backward()
    out = act.maxout(x, w, b)
    assert out.shape == (6, 4) and np.allclose(out, out_t.detach().numpy())
    dx, dw, db = act.maxout_grad(x, w, b, dout)
    for mine, theirs in ((dx, xt), (dw, wt), (db, bt)):
        assert rel_error(mine, theirs.grad.numpy()) < 1e-12
    for mine, arg in ((dx, 0), (dw, 1), (db, 2)):
        arrays = [x.copy(), w.copy(), b.copy()]

        def f(v, arg=arg, arrays=arrays):
            arrays[arg] = v
            return act.maxout(*arrays)

        num = numerical_gradient_array(f, arrays[arg], dout)
        assert rel_error(mine, num) < 1e-7


def test_maxout_contains_relu_and_leaky_relu():
    rng = np.random.default_rng(5)
    x, w1, b1 = rng.standard_normal((10, 3)), rng.standard_normal((3, 2)), rng.standard_normal(2)
    zero_w, zero_b = np.zeros_like(w1), np.zeros_like(b1)
    relu_like = act.maxout(x, np.stack([w1, zero_w]), np.stack([b1, zero_b]))
    assert np.allclose(relu_like, act.relu(x @ w1 + b1))
    leaky_like = act.maxout(x, np.stack([w1, 0.01 * w1]), np.stack([b1, 0.01 * b1]))
    assert np.allclose(leaky_like, act.leaky_relu(x @ w1 + b1))


def test_stable_for_huge_inputs():
    x = np.array([-1e4, -800.0, -40.0, 0.0, 40.0, 800.0, 1e4])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        for name, (f, grad) in act.ACTIVATIONS.items():
            y, g = f(x), grad(x)
            assert np.all(np.isfinite(y)) and np.all(np.isfinite(g)), name
        assert act.sigmoid(-1e4) == 0.0 and act.sigmoid(1e4) == 1.0
        assert act.tanh(1e4) == 1.0 and act.softplus(1e4) == 1e4
    # the derivative keeps its relative precision where 1 - sigma rounds to 0
    assert np.isclose(act.sigmoid_grad(40.0), np.exp(-40.0), rtol=1e-12)
    assert np.isclose(act.tanh_grad(20.0), 4 * np.exp(-40.0), rtol=1e-12)


@pytest.mark.parametrize("name", sorted(TORCH))
def test_dtype_follows_the_input(name):
    f, grad = act.ACTIVATIONS[name]
    x32 = np.linspace(-3, 3, 11, dtype=np.float32)
    assert f(x32).dtype == np.float32 and grad(x32).dtype == np.float32
    assert f(np.arange(-2, 3)).dtype == np.float64  # integers become float64
    assert np.ndim(f(1.5)) == 0 and np.ndim(grad(1.5)) == 0  # a scalar stays a scalar


def test_sigma_prime_of_4_is_the_worked_example():
    assert round(float(act.sigmoid(4.0)), 5) == 0.98201
    assert round(float(act.sigmoid_grad(4.0)), 6) == 0.017663
    assert np.isclose(act.softplus_grad(4.0), act.sigmoid(4.0))
    assert act.sigmoid_grad(0.0) == 0.25 and act.tanh_grad(0.0) == 1.0


def test_inputs_are_not_modified():
    x = np.array([-1.0, 0.5, 7.0])
    for f, grad in act.ACTIVATIONS.values():
        f(x), grad(x)
    act.prelu(x, 0.2), act.prelu_grad(x, 0.2), act.prelu_grad_alpha(x)
    assert x.tolist() == [-1.0, 0.5, 7.0]
