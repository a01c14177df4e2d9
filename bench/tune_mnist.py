"""Choose chapter 2's hyperparameters on a validation split, never on the test set.

Trains the 784-256-10 ReLU network for 5 epochs on 50,000 training images and scores it on
the other 10,000 training images, for a few learning rates and batch sizes.  Run:
    .venv/bin/python bench/tune_mnist.py
"""

import itertools
import time

import torch
from torch import nn

from course_lib import data, seed_everything
from course_lib.training import evaluate, fit, tensor_loader

torch.set_num_threads(2)
mnist = data.load_mnist()
X, y = mnist.X_train, mnist.y_train
perm = torch.randperm(len(X), generator=torch.Generator().manual_seed(1))
tr, va = perm[:50_000], perm[50_000:]
val = tensor_loader(X[va], y[va], batch_size=1000, shuffle=False)

for max_lr, batch in itertools.product([3e-3, 1e-2, 2e-2], [128, 256, 512]):
    seed_everything(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    loader = tensor_loader(X[tr], y[tr], batch_size=batch)
    opt = torch.optim.Adam(model.parameters(), lr=max_lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=max_lr, total_steps=5 * len(loader))
    t = time.perf_counter()
    fit(model, loader, opt, epochs=5, scheduler=sched, progress=False)
    secs = time.perf_counter() - t
    acc = evaluate(model, val)["acc"]
    print(f"max_lr={max_lr:g} batch={batch}: val_acc={acc:.4f} train {secs:.1f} s", flush=True)
