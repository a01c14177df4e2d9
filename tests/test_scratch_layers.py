"""course_lib.scratch.layers: every backward pass against central finite differences (float64)
and, forward and backward, against PyTorch (F.linear, torch.relu, torch.sigmoid, torch.tanh
with autograd) on the same inputs; float32 stays float32."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_lib.gradcheck import numerical_gradient_array, rel_error
from course_lib.scratch.layers import (
    affine_backward,
    affine_forward,
    affine_relu_backward,
    affine_relu_forward,
    relu_backward,
    relu_forward,
    sigmoid_backward,
    sigmoid_forward,
    tanh_backward,
    tanh_forward,
)

FD_TOL = 1e-7  # finite differences in float64
TORCH_TOL = 1e-10  # same float64 arithmetic in a different order

# x shapes: a plain (N, D) batch and image-like (N, C, H, W) batches flattened by the layer
AFFINE_CASES = [((4, 5), 3), ((2, 3, 2, 2), 4), ((3, 1, 4, 2), 1)]
ACTIVATIONS = {
    "relu": (relu_forward, relu_backward, torch.relu),
    "sigmoid": (sigmoid_forward, sigmoid_backward, torch.sigmoid),
    "tanh": (tanh_forward, tanh_backward, torch.tanh),
}


def randn(*shape, seed):
    return np.random.default_rng(seed).standard_normal(shape)


def torch_grads(f, inputs, dout):
    """Output and input gradients of a torch function for upstream gradient dout."""
    ts = [torch.tensor(a, requires_grad=True) for a in inputs]
    out = f(*ts)
    out.backward(torch.tensor(dout))
    return out.detach().numpy(), [t.grad.numpy() for t in ts]


def affine_inputs(x_shape, M, seed=0):
    D = int(np.prod(x_shape[1:]))
    return randn(*x_shape, seed=seed), randn(D, M, seed=seed + 1), randn(M, seed=seed + 2)


def torch_affine(x, w, b):
    return F.linear(x.reshape(x.shape[0], -1), w.T, b)  # nn.Linear holds w.T as its weight


# ----------------------------------------------------------------------------------- affine


@pytest.mark.parametrize("x_shape, M", AFFINE_CASES)
def test_affine_forward_is_x_w_plus_b_like_F_linear(x_shape, M):
    x, w, b = affine_inputs(x_shape, M)
    out, _ = affine_forward(x, w, b)
    assert out.shape == (x_shape[0], M)
    assert rel_error(out, x.reshape(x_shape[0], -1) @ w + b) < TORCH_TOL
    assert rel_error(out, torch_affine(*map(torch.tensor, (x, w, b))).numpy()) < TORCH_TOL


@pytest.mark.parametrize("x_shape, M", AFFINE_CASES)
def test_affine_backward_against_finite_differences(x_shape, M):
    x, w, b = affine_inputs(x_shape, M, seed=3)
    dout = randn(x_shape[0], M, seed=9)
    _, cache = affine_forward(x, w, b)
    dx, dw, db = affine_backward(dout, cache)
    assert dx.shape == x.shape and dw.shape == w.shape and db.shape == b.shape
    num_dx = numerical_gradient_array(lambda v: affine_forward(v, w, b)[0], x, dout)
    num_dw = numerical_gradient_array(lambda v: affine_forward(x, v, b)[0], w, dout)
    num_db = numerical_gradient_array(lambda v: affine_forward(x, w, v)[0], b, dout)
    assert rel_error(dx, num_dx) < FD_TOL
    assert rel_error(dw, num_dw) < FD_TOL
    assert rel_error(db, num_db) < FD_TOL


@pytest.mark.parametrize("x_shape, M", AFFINE_CASES)
def test_affine_backward_against_torch_autograd(x_shape, M):
    x, w, b = affine_inputs(x_shape, M, seed=5)
    dout = randn(x_shape[0], M, seed=6)
    _, cache = affine_forward(x, w, b)
    _, (tdx, tdw, tdb) = torch_grads(torch_affine, (x, w, b), dout)
    for mine, theirs in zip(affine_backward(dout, cache), (tdx, tdw, tdb)):
        assert rel_error(mine, theirs) < TORCH_TOL


def test_affine_keeps_float32_and_handles_integers():
    x, w, b = (a.astype(np.float32) for a in affine_inputs((8, 2, 3), 5))
    out, cache = affine_forward(x, w, b)
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in affine_backward(np.ones_like(out), cache))
    # integer inputs and weights with a float bias (a worked example by hand)
    out, _ = affine_forward(np.array([[1, 2]]), np.array([[1, 0], [0, 1]]), np.array([0.5, 0]))
    assert out.tolist() == [[1.5, 2.0]]


# ------------------------------------------------------------------------------ activations


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_forward_and_backward_match_torch(name):
    forward, backward, torch_f = ACTIVATIONS[name]
    x, dout = randn(6, 7, seed=11), randn(6, 7, seed=12)
    out, cache = forward(x)
    tout, (tdx,) = torch_grads(torch_f, (x,), dout)
    assert rel_error(out, tout) < TORCH_TOL
    assert rel_error(backward(dout, cache), tdx) < TORCH_TOL


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_backward_against_finite_differences(name):
    forward, backward, _ = ACTIVATIONS[name]
    x, dout = randn(5, 4, seed=21), randn(5, 4, seed=22)
    assert np.abs(x).min() > 1e-3  # no input within h of ReLU's kink
    _, cache = forward(x)
    num_dx = numerical_gradient_array(lambda v: forward(v)[0], x, dout)
    assert rel_error(backward(dout, cache), num_dx) < FD_TOL


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activations_keep_float32(name):
    forward, backward, _ = ACTIVATIONS[name]
    x = randn(3, 4, seed=1).astype(np.float32)
    out, cache = forward(x)
    assert out.dtype == np.float32 and backward(np.ones_like(x), cache).dtype == np.float32


def test_relu_passes_the_gradient_only_where_the_input_was_positive():
    x = np.array([[-2.0, 0.0, 3.0]])
    out, cache = relu_forward(x)
    assert out.tolist() == [[0.0, 0.0, 3.0]]
    assert relu_backward(np.array([[5.0, 5.0, 5.0]]), cache).tolist() == [[0.0, 0.0, 5.0]]


def test_sigmoid_does_not_overflow_and_saturates():
    x = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        out, cache = sigmoid_forward(x)
        grad = sigmoid_backward(np.ones_like(x), cache)
    assert out[2] == 0.5 and out[0] == 0.0 and out[-1] == 1.0
    assert grad[2] == 0.25 and grad.max() == 0.25  # σ' is at most 1/4, at 0
    assert grad[1] < 1e-15 and grad[0] == 0.0  # saturated: the gradient vanishes
    out4, cache4 = sigmoid_forward(np.array([4.0]))
    assert round(float(sigmoid_backward(np.ones(1), cache4)[0]), 6) == 0.017663  # σ'(4)


# --------------------------------------------------------------------------------- sandwich


def test_affine_relu_sandwich_against_finite_differences_and_torch():
    x, w, b = affine_inputs((4, 2, 3), 5, seed=31)
    dout = randn(4, 5, seed=32)
    out, cache = affine_relu_forward(x, w, b)
    dx, dw, db = affine_relu_backward(dout, cache)
    inputs = [x, w, b]
    for i, mine in enumerate((dx, dw, db)):

        def f(v, i=i):
            return affine_relu_forward(*inputs[:i], v, *inputs[i + 1 :])[0]

        assert rel_error(mine, numerical_gradient_array(f, inputs[i], dout)) < FD_TOL
    tout, tgrads = torch_grads(lambda *a: torch.relu(torch_affine(*a)), (x, w, b), dout)
    assert rel_error(out, tout) < TORCH_TOL
    for mine, theirs in zip((dx, dw, db), tgrads):
        assert rel_error(mine, theirs) < TORCH_TOL
