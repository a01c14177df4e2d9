"""Choose chapter 17's MNIST CNN (aim: 99.5 % within 3 minutes of CPU training) on the
validation split, never the test set.

Data: load_mnist(n_val=6_000): 54,000 training and 6,000 validation images (seed 0), the
split of the Keras LeNet-5 source.  Run:

    .venv/bin/python bench/tune_mnist_cnn99.py two32:4 bn2:6:128:s2 double:6 ...

A candidate is ``arch:epochs[:batch[:flags]]``; ``flags`` joined by ``+``: ``s<pad>`` random
shifts of up to ``pad`` pixels (course_lib.augment.random_shift), ``f`` float32 instead of
bfloat16 autocast, ``c`` the channels-first memory format instead of channels-last, ``L<lr>``
the maximum learning rate of Adam's one-cycle schedule (default 3e-3), ``seed<n>`` another
seed.  The architectures are in ARCHS below.
"""

import os
import sys
import time
from functools import partial

import torch
from torch import nn

from course_lib import seed_everything
from course_lib.augment import random_shift
from course_lib.data import load_mnist
from course_lib.training import evaluate, fit, tensor_loader


def cbr(c_in, c_out, k=3):
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, k, padding=k // 2, bias=False),
        nn.BatchNorm2d(c_out),
        nn.ReLU(inplace=True),
    )


def two32():
    """The issue's reference: two conv layers (32, 64) and one FC layer, no batch norm."""
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 10),
    )  # fmt: skip


def bn2():
    """The same with batch norm and 5x5 filters."""
    return nn.Sequential(
        cbr(1, 32, 5), nn.MaxPool2d(2), cbr(32, 64, 5), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 10),
    )  # fmt: skip


def bn3():
    """Three conv-BN-ReLU blocks (32, 64, 128), each followed by 2x2 max pooling, then FC."""
    return nn.Sequential(
        cbr(1, 32), nn.MaxPool2d(2), cbr(32, 64), nn.MaxPool2d(2), cbr(64, 128), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(128 * 3 * 3, 10),
    )  # fmt: skip


def double():
    """Two blocks of two conv-BN-ReLU layers (32, 32 | 64, 64), pooling after each, then FC."""
    return nn.Sequential(
        cbr(1, 32), cbr(32, 32), nn.MaxPool2d(2), cbr(32, 64), cbr(64, 64), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 10),
    )  # fmt: skip


def double_small():
    """As ``double`` with half the channels (16, 16 | 32, 32)."""
    return nn.Sequential(
        cbr(1, 16), cbr(16, 16), nn.MaxPool2d(2), cbr(16, 32), cbr(32, 32), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 10),
    )  # fmt: skip


def bn3wide():
    """bn3 with 5x5 filters in the first block and a 128-unit hidden FC layer."""
    return nn.Sequential(
        cbr(1, 32, 5), nn.MaxPool2d(2), cbr(32, 64), nn.MaxPool2d(2), cbr(64, 128), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(128 * 3 * 3, 128), nn.ReLU(inplace=True), nn.Linear(128, 10),
    )  # fmt: skip


ARCHS = {f.__name__: f for f in (two32, bn2, bn3, double, double_small, bn3wide)}


class Net(nn.Module):
    def __init__(self, layers, bf16=True):
        super().__init__()
        self.layers, self.bf16 = layers, bf16

    def forward(self, x):
        with torch.autocast(
            "cpu", dtype=torch.bfloat16, enabled=self.bf16 and x.device.type == "cpu"
        ):
            return self.layers(x).float()


def run(spec, mnist):
    parts = spec.split(":")
    arch, epochs = parts[0], int(parts[1])
    batch = int(parts[2]) if len(parts) > 2 and parts[2] else 128
    flags = parts[3].split("+") if len(parts) > 3 else []
    pad = next((int(f[1:]) for f in flags if f.startswith("s") and not f.startswith("seed")), 0)
    lr = next((float(f[1:]) for f in flags if f.startswith("L")), 3e-3)
    seed = next((int(f[4:]) for f in flags if f.startswith("seed")), 0)
    seed_everything(seed)
    model = Net(ARCHS[arch](), bf16="f" not in flags)
    if "c" not in flags:
        model = model.to(memory_format=torch.channels_last)
    loader = tensor_loader(mnist.X_train, mnist.y_train, batch_size=batch,
                           generator=torch.Generator().manual_seed(seed))  # fmt: skip
    val = tensor_loader(mnist.X_val, mnist.y_val, batch_size=1000, shuffle=False)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=epochs * len(loader))
    augment = partial(random_shift, pad=pad) if pad else None
    start, cpu = time.perf_counter(), time.process_time()
    history = fit(model, loader, opt, epochs=epochs, val_loader=val, scheduler=sched,
                  progress=False, augment=augment)  # fmt: skip
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    accs = " ".join(f"{a:.4f}" for a in history["val_acc"])
    n_params = sum(p.numel() for p in model.parameters())
    print(f"{spec:>22}: {n_params:>7,} params, val_acc {evaluate(model, val)['acc']:.4f}, "
          f"train {history.train_time:.0f} s ({history.train_time / epochs:.1f} s/epoch, wall "
          f"{wall:.0f} s); per epoch: {accs}", flush=True)  # fmt: skip


if __name__ == "__main__":
    torch.set_num_threads(int(os.environ.get("THREADS", "2")))  # 1 on a busy machine
    data = load_mnist(n_val=6_000)
    for spec in sys.argv[1:]:
        run(spec, data)
