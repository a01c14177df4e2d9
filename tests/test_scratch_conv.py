"""course_lib.scratch.conv: every backward pass against central finite differences (float64)
and, forward and backward, against PyTorch (F.conv2d, F.max_pool2d, F.avg_pool2d with
autograd) on the same inputs, for several shapes, strides and paddings; float32 stays float32."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_lib.gradcheck import numerical_gradient_array, rel_error
from course_lib.scratch.conv import (
    avg_pool_backward,
    avg_pool_forward,
    col2im,
    conv_backward,
    conv_forward,
    conv_forward_naive,
    conv_output_size,
    convolve2d,
    cross_correlate2d,
    im2col,
    max_pool_backward,
    max_pool_forward,
)

FD_TOL = 1e-7  # finite differences in float64
TORCH_TOL = 1e-10  # same float64 arithmetic in a different order

# (N, C, H, W), (F, HH, WW), stride, pad: square and not, stride 1-3, a filter that does not
# fit evenly (PyTorch drops the last columns), padding 0-2
CONV_CASES = [
    ((2, 3, 5, 5), (4, 3, 3), 1, 1),
    ((2, 3, 7, 7), (2, 3, 3), 2, 0),
    ((1, 2, 7, 6), (3, 3, 2), 3, 1),
    ((3, 1, 6, 8), (2, 5, 5), 1, 2),
    ((2, 2, 9, 7), (3, 1, 1), 2, 0),
]
# (N, C, H, W), size, stride: the usual 2x2/2, overlapping 3x3/2, 3x3/3, windows that do not
# fit evenly
POOL_CASES = [
    ((2, 3, 4, 6), 2, 2),
    ((2, 2, 7, 7), 3, 2),
    ((1, 2, 9, 9), 3, 3),
    ((2, 1, 5, 7), 2, 1),
    ((1, 2, 8, 6), 3, 2),
]


def randn(*shape, seed):
    return np.random.default_rng(seed).standard_normal(shape)


def conv_inputs(xs, fs, seed=0):
    (N, C, H, W), (Fn, HH, WW) = xs, fs
    return randn(N, C, H, W, seed=seed), randn(Fn, C, HH, WW, seed=seed + 1), randn(Fn, seed=2)


def torch_grads(f, inputs, dout):
    """Output and input gradients of a torch function for upstream gradient dout."""
    ts = [torch.tensor(a, requires_grad=True) for a in inputs]
    out = f(*ts)
    out.backward(torch.tensor(dout))
    return out.detach().numpy(), [t.grad.numpy() for t in ts]


# ------------------------------------------------------------------------------ sizes, 2-D


def test_output_size_of_the_syllabus_examples():
    assert [conv_output_size(7, 3, s) for s in (1, 2, 3)] == [5, 3, 2]  # 2.33 floors to 2
    assert conv_output_size(7, 3, 1, pad=1) == 7
    assert conv_output_size(32, 5) == 28 and conv_output_size(14, 5) == 10
    with pytest.raises(ValueError):
        conv_output_size(2, 3)


def test_cross_correlation_and_convolution_on_hand_examples():
    x = np.array([[255, 0, 0, 0, 255], [0, 255, 0, 255, 0], [0, 0, 255, 0, 0],
                  [0, 255, 0, 255, 0], [255, 0, 0, 0, 255]])  # fmt: skip
    k = -np.ones((3, 3), dtype=int)
    k[1, 1] = 2
    assert cross_correlate2d(x, k).tolist() == [[0, -765, 0], [-765, -510, -765], [0, -765, 0]]
    assert cross_correlate2d(x, k).dtype.kind == "i"
    a = np.arange(12).reshape(3, 4)
    kern = np.array([[1, 2], [3, 4]])
    assert cross_correlate2d(a, kern)[0, 0] == 0 * 1 + 1 * 2 + 4 * 3 + 5 * 4
    assert convolve2d(a, kern)[0, 0] == 0 * 4 + 1 * 3 + 4 * 2 + 5 * 1
    torch_out = F.conv2d(torch.tensor(a[None, None] * 1.0), torch.tensor(kern[None, None] * 1.0))
    assert np.array_equal(torch_out[0, 0].numpy(), cross_correlate2d(a, kern))


# ---------------------------------------------------------------------------- im2col, col2im


def test_im2col_rows_are_receptive_fields_and_col2im_is_its_adjoint():
    x = randn(2, 3, 6, 5, seed=3)
    cols = im2col(x, 3, 2, stride=2, pad=1)
    Ho, Wo = conv_output_size(6, 3, 2, 1), conv_output_size(5, 2, 2, 1)
    assert cols.shape == (2 * Ho * Wo, 3 * 3 * 2)
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    n, i, j = 1, 2, 1
    assert np.array_equal(cols[(n * Ho + i) * Wo + j], xp[n, :, 4:7, 2:4].ravel())
    # <im2col(x), c> == <x, col2im(c)> for every c: col2im is the adjoint (the gradient)
    c = randn(*cols.shape, seed=4)
    lhs = np.sum(cols * c)
    rhs = np.sum(x * col2im(c, x.shape, 3, 2, stride=2, pad=1))
    assert abs(lhs - rhs) < 1e-10 * abs(lhs)
    # col2im of ones counts the windows that cover each pixel: 1 at a corner, 9 inside
    counts = col2im(im2col(np.ones((1, 1, 5, 5)), 3, 3), (1, 1, 5, 5), 3, 3)[0, 0]
    assert counts[0, 0] == 1 and counts[2, 2] == 9 and counts.sum() == 9 * 9


# ------------------------------------------------------------------------------ convolution


@pytest.mark.parametrize("xs, fs, stride, pad", CONV_CASES)
def test_conv_forward_naive_im2col_and_torch_agree(xs, fs, stride, pad):
    x, w, b = conv_inputs(xs, fs)
    naive, _ = conv_forward_naive(x, w, b, stride, pad)
    fast, _ = conv_forward(x, w, b, stride, pad)
    ref = F.conv2d(torch.tensor(x), torch.tensor(w), torch.tensor(b), stride=stride, padding=pad)
    assert fast.shape == tuple(ref.shape)
    assert rel_error(naive, ref.numpy()) < TORCH_TOL
    assert rel_error(fast, ref.numpy()) < TORCH_TOL


@pytest.mark.parametrize("xs, fs, stride, pad", CONV_CASES)
def test_conv_backward_against_torch_autograd(xs, fs, stride, pad):
    x, w, b = conv_inputs(xs, fs, seed=5)
    out, cache = conv_forward(x, w, b, stride, pad)
    dout = randn(*out.shape, seed=6)
    dx, dw, db = conv_backward(dout, cache)

    def f(x, w, b):
        return F.conv2d(x, w, b, stride=stride, padding=pad)

    _, (tdx, tdw, tdb) = torch_grads(f, (x, w, b), dout)
    for name, ours, theirs in (("dx", dx, tdx), ("dw", dw, tdw), ("db", db, tdb)):
        assert rel_error(ours, theirs) < TORCH_TOL, name
    # the naive forward's cache gives the same gradients
    _, naive_cache = conv_forward_naive(x, w, b, stride, pad)
    for ours, again in zip((dx, dw, db), conv_backward(dout, naive_cache)):
        assert rel_error(ours, again) < TORCH_TOL


@pytest.mark.parametrize("xs, fs, stride, pad", CONV_CASES[:3])
def test_conv_backward_against_finite_differences(xs, fs, stride, pad):
    x, w, b = conv_inputs(xs, fs, seed=7)
    out, cache = conv_forward(x, w, b, stride, pad)
    dout = randn(*out.shape, seed=8)
    dx, dw, db = conv_backward(dout, cache)

    def f(_):
        return conv_forward(x, w, b, stride, pad)[0]

    for name, arr, grad in (("dx", x, dx), ("dw", w, dw), ("db", b, db)):
        num = numerical_gradient_array(f, arr, dout)
        assert rel_error(num, grad) < FD_TOL, name


def test_conv_float32_stays_float32():
    x, w, b = (a.astype(np.float32) for a in conv_inputs((2, 3, 8, 8), (4, 3, 3)))
    out, cache = conv_forward(x, w, b, 1, 1)
    grads = conv_backward(np.ones_like(out), cache)
    assert out.dtype == np.float32 and all(g.dtype == np.float32 for g in grads)
    ref = F.conv2d(torch.tensor(x), torch.tensor(w), torch.tensor(b), padding=1).numpy()
    assert np.abs(out - ref).max() < 1e-4


# ---------------------------------------------------------------------------------- pooling

POOLS = {
    "max": (max_pool_forward, max_pool_backward, F.max_pool2d),
    "avg": (avg_pool_forward, avg_pool_backward, F.avg_pool2d),
}


@pytest.mark.parametrize("kind", POOLS)
@pytest.mark.parametrize("xs, size, stride", POOL_CASES)
def test_pooling_forward_and_backward_against_torch(kind, xs, size, stride):
    forward, backward, reference = POOLS[kind]
    x = randn(*xs, seed=9)
    out, cache = forward(x, size, stride)
    dout = randn(*out.shape, seed=10)
    ref, (tdx,) = torch_grads(lambda t: reference(t, size, stride), (x,), dout)
    assert out.shape == ref.shape
    assert rel_error(out, ref) < TORCH_TOL
    assert rel_error(backward(dout, cache), tdx) < TORCH_TOL


@pytest.mark.parametrize("kind", POOLS)
@pytest.mark.parametrize("xs, size, stride", POOL_CASES[:3])
def test_pooling_backward_against_finite_differences(kind, xs, size, stride):
    forward, backward, _ = POOLS[kind]
    x = randn(*xs, seed=11)  # continuous values: no ties, so the max is differentiable
    out, cache = forward(x, size, stride)
    dout = randn(*out.shape, seed=12)
    num = numerical_gradient_array(lambda _: forward(x, size, stride)[0], x, dout)
    assert rel_error(num, backward(dout, cache)) < FD_TOL


def test_pooling_worked_examples_and_float32():
    x = np.array([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]], dtype=np.float32)
    out, cache = max_pool_forward(x[None, None])
    assert out[0, 0].tolist() == [[6, 8], [3, 4]] and out.dtype == np.float32
    dx = max_pool_backward(np.ones_like(out), cache)[0, 0]
    assert dx.dtype == np.float32 and dx.sum() == 4 and dx[1, 1] == 1 and dx[1, 3] == 1
    avg, cache = avg_pool_forward(x[None, None])
    assert avg[0, 0].tolist() == [[3.25, 5.25], [2.0, 2.0]] and avg.dtype == np.float32
    assert avg_pool_backward(np.ones_like(avg), cache).dtype == np.float32
    # overlapping windows: the centre pixel of a 5x5 map is in all four 3x3/2 windows
    _, cache = avg_pool_forward(np.zeros((1, 1, 5, 5)), 3, 2)
    assert avg_pool_backward(np.ones((1, 1, 2, 2)), cache)[0, 0, 2, 2] == pytest.approx(4 / 9)


def test_avg_pool_of_integers_is_not_truncated():
    out, cache = avg_pool_forward(np.arange(16).reshape(1, 1, 4, 4))
    assert out.dtype == np.float64
    assert out[0, 0].tolist() == [[2.5, 4.5], [10.5, 12.5]]
    dx = avg_pool_backward(np.ones_like(out), cache)
    assert dx.dtype == np.float64 and np.allclose(dx, 0.25)
