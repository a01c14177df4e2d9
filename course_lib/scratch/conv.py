"""Convolution and pooling layers in NumPy, forward and backward.

Shapes follow PyTorch (NCHW): an input batch ``x`` is (N, C, H, W), a bank of F filters ``w``
is (F, C, HH, WW) and their biases ``b`` are (F,), so that copying the weights of
``torch.nn.Conv2d`` (``weight``, ``bias``) gives the same numbers as ``F.conv2d``. Like every
deep-learning library, "convolution" here is **cross-correlation**: the filter is not flipped
(:func:`convolve2d` shows the flipped, textbook convolution for comparison).

Every forward function returns ``(out, cache)`` and its backward takes the upstream gradient
and that cache. An output side is ``(n + 2 pad - f) // stride + 1``: like PyTorch, positions
where the filter would hang over the (padded) edge are dropped (:func:`conv_output_size`).

The fast convolution uses **im2col**: every receptive field becomes one row of a matrix, so
the whole layer is one matrix product; :func:`col2im` scatters a gradient of those rows back
onto the image, adding where receptive fields overlap. Nothing is upcast: float32 inputs and
weights give float32 outputs and gradients.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv_output_size(n: int, f: int, stride: int = 1, pad: int = 0) -> int:
    """Output side of a convolution or pooling window: ``(n + 2 pad - f) // stride + 1``.

    Floors like PyTorch when the window does not fit evenly (``(n + 2 pad - f) / stride`` not
    a whole number): the last rows/columns of the input are then never visited. Raises
    ``ValueError`` when the window is larger than the padded input.
    """
    if n + 2 * pad < f:
        raise ValueError(f"a window of {f} does not fit in {n} + 2x{pad} padding")
    return (n + 2 * pad - f) // stride + 1


# ------------------------------------------------------------------- single-channel examples


def cross_correlate2d(image, kernel):
    """Slide ``kernel`` over ``image`` (both 2-D) without flipping it; no padding, stride 1.

    ``out[i, j] = Σ_u Σ_v kernel[u, v] · image[i + u, j + v]``, shape
    (H - kh + 1, W - kw + 1). This is what ``F.conv2d`` (and every CNN) computes. Integer
    inputs give integer outputs.
    """
    image, kernel = np.asarray(image), np.asarray(kernel)
    windows = sliding_window_view(image, kernel.shape)  # (H', W', kh, kw), no copy
    return np.einsum("ijuv,uv->ij", windows, kernel)


def convolve2d(image, kernel):
    """True (textbook) 2-D convolution: the kernel is flipped in both directions first.

    ``out[i, j] = Σ_u Σ_v kernel[u, v] · image[i + kh-1 - u, j + kw-1 - v]``, which is
    :func:`cross_correlate2d` with ``kernel[::-1, ::-1]``. For a kernel symmetric under a
    180° turn the two agree.
    """
    return cross_correlate2d(image, np.asarray(kernel)[::-1, ::-1])


# ------------------------------------------------------------------------------ im2col/col2im


def im2col(x, HH: int, WW: int, stride: int = 1, pad: int = 0):
    """Unfold every HH x WW receptive field of ``x`` (N, C, H, W) into one row.

    Returns ``cols`` of shape (N * H' * W', C * HH * WW): row ``(n * H' + i) * W' + j`` holds
    the padded ``x[n, :, i*stride : i*stride + HH, j*stride : j*stride + WW]``, flattened in
    the order (C, HH, WW), the order of a flattened filter ``w[f]``. A convolution is then
    ``cols @ w.reshape(F, -1).T``. Built from a strided view, with no Python loop; each pixel
    is copied once per window it falls in (about HH * WW / stride² times).
    """
    N, C, H, W = x.shape
    Ho, Wo = conv_output_size(H, HH, stride, pad), conv_output_size(W, WW, stride, pad)
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))) if pad else x
    windows = sliding_window_view(xp, (HH, WW), axis=(2, 3))  # (N, C, H+2p-HH+1, ..., HH, WW)
    windows = windows[:, :, : (Ho - 1) * stride + 1 : stride, : (Wo - 1) * stride + 1 : stride]
    return windows.transpose(0, 2, 3, 1, 4, 5).reshape(N * Ho * Wo, C * HH * WW)


def col2im(cols, x_shape, HH: int, WW: int, stride: int = 1, pad: int = 0):
    """The adjoint of :func:`im2col`: scatter rows of receptive fields back onto the image.

    ``cols`` (N * H' * W', C * HH * WW) -> an array of shape ``x_shape`` (N, C, H, W) where
    each pixel receives the **sum** of the entries of every window it belongs to (so
    ``col2im(im2col(ones))`` counts the windows covering each pixel). This is how the gradient
    of a convolution reaches its input. The loop runs over the HH * WW kernel offsets only;
    each step adds a whole strided slice at once (overlapping windows then add up correctly).
    The padding border is cut off at the end.
    """
    N, C, H, W = x_shape
    Ho, Wo = conv_output_size(H, HH, stride, pad), conv_output_size(W, WW, stride, pad)
    blocks = cols.reshape(N, Ho, Wo, C, HH, WW).transpose(0, 3, 4, 5, 1, 2)  # N,C,HH,WW,Ho,Wo
    xp = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=cols.dtype)
    for u in range(HH):
        for v in range(WW):
            xp[:, :, u : u + stride * Ho : stride, v : v + stride * Wo : stride] += blocks[
                :, :, u, v
            ]
    return xp[:, :, pad : pad + H, pad : pad + W]


# -------------------------------------------------------------------------------- convolution


def conv_forward_naive(x, w, b, stride: int = 1, pad: int = 0):
    """A convolutional layer written as the equation reads, with loops (for teaching).

    ``out[n, f, i, j] = b[f] + Σ_c Σ_u Σ_v w[f, c, u, v] · xp[n, c, i*stride + u, j*stride + v]``
    where ``xp`` is ``x`` zero-padded by ``pad`` on each side. x (N, C, H, W), w (F, C, HH, WW),
    b (F,) -> out (N, F, H', W'). The loops run over the output positions (i, j); at each one,
    the dot product with every filter is taken for the whole batch at once.
    Returns ``(out, cache)``; :func:`conv_backward` accepts this cache.
    """
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    Ho, Wo = conv_output_size(H, HH, stride, pad), conv_output_size(W, WW, stride, pad)
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.zeros((N, F, Ho, Wo), dtype=np.result_type(x, w, b))
    for i in range(Ho):
        for j in range(Wo):
            field = xp[:, :, i * stride : i * stride + HH, j * stride : j * stride + WW]
            out[:, :, i, j] = np.tensordot(field, w, axes=([1, 2, 3], [1, 2, 3])) + b
    return out, (x, w, b, stride, pad, None)


def conv_forward(x, w, b, stride: int = 1, pad: int = 0):
    """A convolutional layer as one matrix product (im2col), the fast way.

    Same result as :func:`conv_forward_naive`: x (N, C, H, W), w (F, C, HH, WW), b (F,) ->
    out (N, F, H', W'), with ``H' = (H + 2 pad - HH) // stride + 1`` (likewise W').
    ``cols = im2col(x)`` is (N H' W', C HH WW); ``out = cols @ w.reshape(F, -1).T + b``.
    Returns ``(out, cache)``; the cache keeps ``cols`` for the backward pass.
    """
    N = x.shape[0]
    F, _, HH, WW = w.shape
    Ho = conv_output_size(x.shape[2], HH, stride, pad)
    Wo = conv_output_size(x.shape[3], WW, stride, pad)
    cols = im2col(x, HH, WW, stride, pad)
    out = cols @ w.reshape(F, -1).T + b  # (N Ho Wo, F)
    out = out.reshape(N, Ho, Wo, F).transpose(0, 3, 1, 2)
    return np.ascontiguousarray(out), (x, w, b, stride, pad, cols)


def conv_backward(dout, cache):
    """Backward pass of :func:`conv_forward` (and of :func:`conv_forward_naive`).

    With ``D = dout`` as a (N H' W', F) matrix (one row per output position):
    ``db = Σ D`` over positions, ``dw = Dᵀ cols`` (each weight meets every receptive field it
    was multiplied with), and ``dcols = D w_flat``, which :func:`col2im` scatters back,
    adding where receptive fields overlap. Returns ``(dx, dw, db)``.
    """
    x, w, b, stride, pad, cols = cache
    F, _, HH, WW = w.shape
    if cols is None:  # a cache from the naive forward pass
        cols = im2col(x, HH, WW, stride, pad)
    D = dout.transpose(0, 2, 3, 1).reshape(-1, F)
    db = D.sum(axis=0)
    dw = (cols.T @ D).T.reshape(w.shape)  # = D^T cols
    dx = col2im(D @ w.reshape(F, -1), x.shape, HH, WW, stride, pad)
    return dx, dw, db


# ------------------------------------------------------------------------------------ pooling


def _pool_windows(x, size: int, stride: int):
    """The pooling windows of x (N, C, H, W) as a view (N, C, H', W', size * size)."""
    N, C, H, W = x.shape
    Ho, Wo = conv_output_size(H, size, stride), conv_output_size(W, size, stride)
    windows = sliding_window_view(x, (size, size), axis=(2, 3))
    windows = windows[:, :, : (Ho - 1) * stride + 1 : stride, : (Wo - 1) * stride + 1 : stride]
    return windows.reshape(N, C, Ho, Wo, size * size)


def _scatter_windows(per_offset, x_shape, size: int, stride: int, dtype):
    """Add ``per_offset[..., u * size + v]`` (N, C, H', W', size²) to the pixels at offset
    (u, v) of every window: the gradient of a pooling layer. Overlapping windows add up."""
    N, C, H, W = x_shape
    Ho, Wo = per_offset.shape[2:4]
    dx = np.zeros(x_shape, dtype=dtype)
    for u in range(size):
        for v in range(size):
            dx[:, :, u : u + stride * Ho : stride, v : v + stride * Wo : stride] += per_offset[
                ..., u * size + v
            ]
    return dx


def max_pool_forward(x, size: int = 2, stride: int = 2):
    """Max pooling over ``size`` x ``size`` windows moved by ``stride`` (no padding).

    x (N, C, H, W) -> out (N, C, H', W'), ``H' = (H - size) // stride + 1``; every channel is
    pooled on its own, so the depth C is kept, and there are no parameters. Windows may
    overlap (``stride < size``, e.g. 3 x 3 with stride 2). Returns ``(out, cache)``; the cache
    records which entry of each window was the maximum (the first one, on ties, as PyTorch).
    """
    windows = _pool_windows(x, size, stride)
    arg = windows.argmax(axis=-1)
    out = np.take_along_axis(windows, arg[..., None], axis=-1)[..., 0]
    return out, (x.shape, x.dtype, size, stride, arg)


def max_pool_backward(dout, cache):
    """Backward pass of :func:`max_pool_forward`: each window's gradient goes to its maximum
    (the other entries did not affect the output, so their gradient is 0); a pixel that is the
    maximum of several overlapping windows collects the sum. Returns ``dx``."""
    x_shape, dtype, size, stride, arg = cache
    per_offset = (arg[..., None] == np.arange(size * size)) * dout[..., None]
    return _scatter_windows(per_offset, x_shape, size, stride, dtype)


def avg_pool_forward(x, size: int = 2, stride: int = 2):
    """Average pooling over ``size`` x ``size`` windows moved by ``stride`` (no padding).

    x (N, C, H, W) -> out (N, C, H', W'), each output the mean of its window; overlapping
    windows allowed. The mean is computed in floating point, ``np.result_type(x, 0.0)``:
    float32 stays float32, integer inputs give float64 (a mean of 2.5 is not truncated).
    Returns ``(out, cache)``.
    """
    x = np.asarray(x)
    dtype = np.result_type(x.dtype, 0.0)  # 0.0 is a "weak" Python float: float32 stays float32
    out = _pool_windows(x, size, stride).mean(axis=-1, dtype=dtype)
    return out.astype(dtype, copy=False), (x.shape, dtype, size, stride)


def avg_pool_backward(dout, cache):
    """Backward pass of :func:`avg_pool_forward`: every pixel of a window receives
    ``dout / size²`` of it (each counted ``1 / size²`` in the mean); overlaps add up.
    Returns ``dx``."""
    x_shape, dtype, size, stride = cache
    share = (dout / (size * size)).astype(dtype, copy=False)
    per_offset = np.broadcast_to(share[..., None], (*dout.shape, size * size))
    return _scatter_windows(per_offset, x_shape, size, stride, dtype)
