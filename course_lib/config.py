"""Run-time configuration shared by every notebook: quick mode, device, seeding.

Quick mode (``COURSE_QUICK=1``) is what CI uses: the data loaders shrink what they return, so
every notebook runs in well under a minute with the same visible code.  What exactly shrinks is
documented where it happens (see :func:`course_lib.data.load_mnist`, for example); notebooks
never branch on the mode themselves.
"""

from __future__ import annotations

import os
import random

import numpy as np
import torch

_TRUE = {"1", "true", "yes", "on"}


def quick_mode() -> bool:
    """True when the environment variable ``COURSE_QUICK`` is set to 1/true/yes/on."""
    return os.environ.get("COURSE_QUICK", "").strip().lower() in _TRUE


def device(prefer: str | None = None) -> torch.device:
    """The device to train on: CUDA if available, else Apple's MPS, else the CPU.

    ``prefer`` (or the environment variable ``COURSE_DEVICE``) forces a choice, e.g. ``"cpu"``.
    """
    choice = prefer or os.environ.get("COURSE_DEVICE")
    if choice:
        return torch.device(choice)
    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def seed_everything(seed: int = 0) -> int:
    """Seed Python's ``random``, NumPy's global generator and PyTorch (CPU and CUDA)."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
    return seed


def setup(seed: int = 0) -> torch.device:
    """Call once at the top of a notebook: seeds everything, sets the course's figure style,
    and prints the device, the seed and the PyTorch version.

    Returns the device chosen by :func:`device`.
    """
    from course_lib.plots import use_course_style

    seed_everything(seed)
    use_course_style()
    dev = device()
    gpu = "" if dev.type != "cpu" or torch.cuda.is_available() else " (no GPU found)"
    version = torch.__version__.split("+")[0]  # "2.14.1+cu130" names the build, not the device
    print(f"device: {dev}{gpu} · seed {seed} · PyTorch {version}")
    if quick_mode():
        print(
            "QUICK mode (COURSE_QUICK=1): smaller data; the numbers are not the chapter's results"
        )
    return dev
