"""Pick the exercise-solution CNN for MNIST on a validation split (never the test set).

Trains on 50,000 training images, scores on the other 10,000.  Run:
    .venv/bin/python bench/tune_mnist_cnn.py
"""

import time

import torch
from torch import nn

from course_lib import data, seed_everything
from course_lib.training import evaluate, fit, tensor_loader


def small_cnn(c1, c2, hidden):
    return nn.Sequential(
        nn.Conv2d(1, c1, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(c1, c2, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(c2 * 49, hidden), nn.ReLU(), nn.Linear(hidden, 10),
    )  # fmt: skip


mnist = data.load_mnist()
X, y = mnist.X_train, mnist.y_train
perm = torch.randperm(len(X), generator=torch.Generator().manual_seed(1))
tr, va = perm[:50_000], perm[50_000:]
val = tensor_loader(X[va], y[va], batch_size=1000, shuffle=False)
for c1, c2, hidden, epochs in [(8, 16, 64, 2), (16, 32, 128, 2), (16, 32, 128, 3)]:
    seed_everything(0)
    model = small_cnn(c1, c2, hidden)
    loader = tensor_loader(X[tr], y[tr], batch_size=128)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=epochs * len(loader))
    t = time.perf_counter()
    fit(model, loader, opt, epochs=epochs, scheduler=sched, progress=False)
    secs = time.perf_counter() - t
    print(f"{c1}-{c2}-{hidden}, {epochs} epochs: val_acc={evaluate(model, val)['acc']:.4f}, "
          f"{secs:.0f} s", flush=True)  # fmt: skip
