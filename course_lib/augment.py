"""Data augmentation on whole batches of in-memory image tensors.

torchvision's transforms work one image at a time inside a ``Dataset``; when the images are
already one tensor in memory (the course keeps them so, for speed), these functions transform a
whole batch ``(N, C, H, W)`` at once, each image with its own random shift and flip, on the
batch's own device.  Pass one to :func:`course_lib.training.fit` as ``augment=``.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


def _check(x: torch.Tensor) -> None:
    if x.dim() != 4:
        raise ValueError(f"expected a batch of images (N, C, H, W), got shape {tuple(x.shape)}")


def random_flip(x: torch.Tensor, p: float = 0.5, generator=None) -> torch.Tensor:
    """Mirror each image left-right with probability ``p``."""
    _check(x)
    flip = torch.rand(len(x), generator=generator).to(x.device) < p
    return torch.where(flip[:, None, None, None], x.flip(-1), x)


def random_shift(x: torch.Tensor, pad: int = 4, generator=None) -> torch.Tensor:
    """Shift each image by up to ``pad`` pixels in x and y, filling the border with zeros.

    The same as torchvision's ``RandomCrop(size, padding=pad)``: pad every side with ``pad``
    zeros, then cut a window of the original size at a random offset.
    """
    _check(x)
    if pad < 0:
        raise ValueError(f"pad must be >= 0, got {pad}")
    if pad == 0:
        return x
    n, _, h, w = x.shape
    padded = F.pad(x, (pad, pad, pad, pad))
    dy, dx = torch.randint(0, 2 * pad + 1, (2, n), generator=generator).to(x.device)
    rows = (dy[:, None] + torch.arange(h, device=x.device))[:, None, :, None]  # (N, 1, H, 1)
    cols = (dx[:, None] + torch.arange(w, device=x.device))[:, None, None, :]  # (N, 1, 1, W)
    batch = torch.arange(n, device=x.device)[:, None, None, None]
    channel = torch.arange(x.shape[1], device=x.device)[None, :, None, None]
    return padded[batch, channel, rows, cols]


def crop_flip(x: torch.Tensor, pad: int = 4, generator=None) -> torch.Tensor:
    """The standard CIFAR-10 augmentation: a random shift of up to ``pad`` pixels, then a
    random left-right flip."""
    return random_flip(random_shift(x, pad, generator), generator=generator)
