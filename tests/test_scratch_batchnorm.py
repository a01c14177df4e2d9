"""course_lib.scratch.batchnorm: the backward pass against central finite differences
(float64) and, forward, backward and running statistics, against torch.nn.BatchNorm1d."""

import numpy as np
import pytest
import torch
import torch.nn as nn

from course_lib.gradcheck import numerical_gradient_array, rel_error
from course_lib.scratch.batchnorm import batchnorm_backward, batchnorm_forward

FD_TOL = 1e-7  # finite differences in float64
TORCH_TOL = 1e-10  # same float64 arithmetic in a different order


def inputs(N=6, D=4, seed=0):
    rng = np.random.default_rng(seed)
    x = 3.0 * rng.standard_normal((N, D)) + 5.0
    gamma = rng.standard_normal(D)
    beta = rng.standard_normal(D)
    dout = rng.standard_normal((N, D))
    return x, gamma, beta, dout


def test_train_forward_normalises_each_feature():
    x, _, _, _ = inputs(N=50, D=3)
    out, _ = batchnorm_forward(x, np.ones(3), np.zeros(3), {"mode": "train"})
    assert np.allclose(out.mean(axis=0), 0, atol=1e-12)
    assert np.allclose(out.std(axis=0), 1, atol=1e-5)
    gamma, beta = np.array([1.0, 2.0, 3.0]), np.array([-1.0, 0.0, 4.0])
    out, _ = batchnorm_forward(x, gamma, beta, {"mode": "train"})
    assert np.allclose(out.mean(axis=0), beta, atol=1e-12)
    assert np.allclose(out.std(axis=0), gamma, atol=1e-4)


def test_gamma_sqrt_var_and_beta_mean_undo_the_normalisation():
    x, _, _, _ = inputs(N=20, D=4)
    eps = 1e-5
    gamma, beta = np.sqrt(x.var(axis=0) + eps), x.mean(axis=0)
    out, _ = batchnorm_forward(x, gamma, beta, {"mode": "train", "eps": eps})
    assert rel_error(out, x) < 1e-12


@pytest.mark.parametrize("N, D, seed", [(6, 4, 0), (3, 3, 1), (10, 2, 2)])
def test_backward_matches_finite_differences(N, D, seed):
    x, gamma, beta, dout = inputs(N, D, seed)

    def fx(x_):
        return batchnorm_forward(x_, gamma, beta, {"mode": "train"})[0]

    def fg(g_):
        return batchnorm_forward(x, g_, beta, {"mode": "train"})[0]

    def fb(b_):
        return batchnorm_forward(x, gamma, b_, {"mode": "train"})[0]

    _, cache = batchnorm_forward(x, gamma, beta, {"mode": "train"})
    dx, dgamma, dbeta = batchnorm_backward(dout, cache)
    assert rel_error(dx, numerical_gradient_array(fx, x.copy(), dout)) < FD_TOL
    assert rel_error(dgamma, numerical_gradient_array(fg, gamma.copy(), dout)) < FD_TOL
    assert rel_error(dbeta, numerical_gradient_array(fb, beta.copy(), dout)) < FD_TOL


def torch_bn(D, eps, momentum, gamma, beta):
    bn = nn.BatchNorm1d(D, eps=eps, momentum=1 - momentum).double()
    with torch.no_grad():
        bn.weight.copy_(torch.tensor(gamma))
        bn.bias.copy_(torch.tensor(beta))
    return bn


def test_train_forward_and_backward_match_batchnorm1d():
    x, gamma, beta, dout = inputs(N=8, D=5, seed=3)
    out, cache = batchnorm_forward(x, gamma, beta, {"mode": "train"})
    dx, dgamma, dbeta = batchnorm_backward(dout, cache)

    bn = torch_bn(5, 1e-5, 0.9, gamma, beta).train()
    xt = torch.tensor(x, requires_grad=True)
    yt = bn(xt)
    yt.backward(torch.tensor(dout))
    assert rel_error(out, yt.detach().numpy()) < TORCH_TOL
    assert rel_error(dx, xt.grad.numpy()) < 1e-8
    assert rel_error(dgamma, bn.weight.grad.numpy()) < TORCH_TOL
    assert rel_error(dbeta, bn.bias.grad.numpy()) < TORCH_TOL


@pytest.mark.parametrize("momentum", [0.9, 0.5])
def test_running_statistics_and_eval_mode_match_batchnorm1d(momentum):
    D, eps = 4, 1e-5
    _, gamma, beta, _ = inputs(D=D, seed=4)
    bn = torch_bn(D, eps, momentum, gamma, beta).train()
    param = {"mode": "train", "eps": eps, "momentum": momentum, "unbiased_running_var": True}
    rng = np.random.default_rng(5)
    for _ in range(7):
        xb = 2.0 * rng.standard_normal((16, D)) - 1.0
        batchnorm_forward(xb, gamma, beta, param)
        bn(torch.tensor(xb))
    assert rel_error(param["running_mean"], bn.running_mean.numpy()) < TORCH_TOL
    assert rel_error(param["running_var"], bn.running_var.numpy()) < TORCH_TOL

    x_test = rng.standard_normal((3, D))
    param["mode"] = "test"
    before = param["running_mean"].copy(), param["running_var"].copy()
    out, _ = batchnorm_forward(x_test, gamma, beta, param)
    bn.eval()
    with torch.no_grad():
        ref = bn(torch.tensor(x_test)).numpy()
    assert rel_error(out, ref) < TORCH_TOL
    assert np.array_equal(param["running_mean"], before[0])  # test mode updates nothing
    assert np.array_equal(param["running_var"], before[1])


def test_default_running_variance_is_the_biased_one():
    x, gamma, beta, _ = inputs(N=10, D=3)
    param = {"mode": "train", "momentum": 0.0}
    batchnorm_forward(x, gamma, beta, param)
    assert np.allclose(param["running_mean"], x.mean(axis=0))
    assert np.allclose(param["running_var"], x.var(axis=0))


def test_float32_stays_float32():
    x, gamma, beta, dout = (a.astype(np.float32) for a in inputs())
    param = {"mode": "train"}
    out, cache = batchnorm_forward(x, gamma, beta, param)
    grads = batchnorm_backward(dout, cache)
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads)
    assert param["running_mean"].dtype == np.float32
    assert param["running_var"].dtype == np.float32


def test_bad_mode_and_test_mode_backward_raise():
    x, gamma, beta, dout = inputs()
    with pytest.raises(ValueError):
        batchnorm_forward(x, gamma, beta, {"mode": "eval"})
    _, cache = batchnorm_forward(x, gamma, beta, {"mode": "test"})
    with pytest.raises(ValueError):
        batchnorm_backward(dout, cache)
