"""course_lib.scratch.dropout: the backward pass against central finite differences (float64,
with the mask fixed by a seed), the expectation that inverted dropout preserves, and the
statistics and eval behaviour of torch.nn.Dropout."""

import numpy as np
import pytest
import torch
import torch.nn as nn

from course_lib.gradcheck import numerical_gradient_array, rel_error
from course_lib.scratch.dropout import dropout_backward, dropout_forward

FD_TOL = 1e-7


@pytest.mark.parametrize("p, seed", [(0.5, 0), (0.2, 1), (0.8, 2)])
def test_backward_matches_finite_differences_with_a_fixed_mask(p, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((7, 5))
    dout = rng.standard_normal((7, 5))
    param = {"p": p, "mode": "train", "seed": 123}
    _, cache = dropout_forward(x, param)
    dx = dropout_backward(dout, cache)
    dx_num = numerical_gradient_array(lambda x_: dropout_forward(x_, param)[0], x.copy(), dout)
    assert rel_error(dx, dx_num) < FD_TOL


def test_backward_against_torch_autograd_with_the_same_mask():
    rng = np.random.default_rng(3)
    x, dout = rng.standard_normal((4, 6)), rng.standard_normal((4, 6))
    out, cache = dropout_forward(x, {"p": 0.5, "mode": "train", "seed": 7})
    mask = torch.tensor(cache[1])
    xt = torch.tensor(x, requires_grad=True)
    (xt * mask).backward(torch.tensor(dout))
    assert rel_error(out, (torch.tensor(x) * mask).numpy()) < 1e-12
    assert rel_error(dropout_backward(dout, cache), xt.grad.numpy()) < 1e-12


def test_same_seed_same_mask_and_dropped_units_get_no_gradient():
    x = np.ones((50, 40))
    a, cache = dropout_forward(x, {"p": 0.5, "mode": "train", "seed": 4})
    b, _ = dropout_forward(x, {"p": 0.5, "mode": "train", "seed": 4})
    c, _ = dropout_forward(x, {"p": 0.5, "mode": "train", "seed": 5})
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    assert set(np.unique(a)) <= {0.0, 2.0}
    dx = dropout_backward(np.ones_like(x), cache)
    assert np.array_equal(dx == 0, a == 0)


@pytest.mark.parametrize("p", [0.1, 0.5, 0.9])
def test_expectation_preserved_and_drop_rate(p):
    x = np.full((400, 500), 3.0)
    out, _ = dropout_forward(x, {"p": p, "mode": "train", "seed": 0})
    n = x.size
    sd_mean = 3.0 * np.sqrt(p / (1 - p) / n)  # sd of the mean of out
    assert abs(out.mean() - 3.0) < 5 * sd_mean
    assert abs((out == 0).mean() - p) < 5 * np.sqrt(p * (1 - p) / n)


def test_test_mode_is_the_identity_and_float32_stays_float32():
    x = np.random.default_rng(0).standard_normal((3, 4)).astype(np.float32)
    out, cache = dropout_forward(x, {"p": 0.5, "mode": "test"})
    assert np.array_equal(out, x) and out is not x
    assert np.array_equal(dropout_backward(np.ones_like(x), cache), np.ones_like(x))
    out, cache = dropout_forward(x, {"p": 0.5, "mode": "train", "seed": 0})
    assert out.dtype == np.float32 and dropout_backward(x, cache).dtype == np.float32


def test_bad_arguments():
    with pytest.raises(ValueError):
        dropout_forward(np.ones(3), {"p": 1.0, "mode": "train"})
    with pytest.raises(ValueError):
        dropout_forward(np.ones(3), {"p": 0.5, "mode": "eval"})


@pytest.mark.parametrize("p", [0.2, 0.5])
def test_statistics_match_nn_dropout(p):
    """Same drop rate, same set of values {0, 1/(1-p)}, same mean; eval() is the identity."""
    x = np.ones((300, 400))
    ours, _ = dropout_forward(x, {"p": p, "mode": "train", "seed": 0})
    torch.manual_seed(0)
    layer = nn.Dropout(p).train()
    theirs = layer(torch.ones(300, 400, dtype=torch.float64)).numpy()
    assert np.allclose(np.unique(ours), np.unique(theirs))
    tol = 5 * np.sqrt(p * (1 - p) / x.size)
    assert abs((ours == 0).mean() - (theirs == 0).mean()) < 2 * tol
    assert abs(ours.mean() - theirs.mean()) < 2 * tol / (1 - p)
    layer.eval()
    xt = torch.randn(5, 6, dtype=torch.float64)
    ours_eval, _ = dropout_forward(xt.numpy(), {"p": p, "mode": "test"})
    assert np.array_equal(layer(xt).numpy(), ours_eval)
