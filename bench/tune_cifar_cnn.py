"""Choose chapter 17's CIFAR-10 CNN on the validation split (never the test set).

Data: load_cifar10(n_val=5_000): 45,000 training and 5,000 validation images (seed 0); the
test images are not loaded into any model here.  The budget is 15 minutes of training on the
course's 2-core CPU, so the time per epoch is measured first and the number of epochs follows
from it.

    .venv/bin/python bench/tune_cifar_cnn.py time r9:16 r9:24 plain:32 ...
        seconds per epoch of each candidate, from a few batches (min and median over batches:
        on a shared machine the minimum is the closer guess of the idle time)
    .venv/bin/python bench/tune_cifar_cnn.py train r9:16:sgd:16 plain:32:adam:24 ...
        train each candidate and print its validation accuracy and training time

A candidate is ``arch:width[:optimizer:epochs[:batch[:flags]]]``: ``arch`` is ``r9`` (the
ResNet-9 of Page's DAWNBench entry, scaled to ``width`` channels in its first layer) or
``plain`` (four conv-BN-ReLU blocks of width, 2, 4 and 8 times ``width``, each but the last
followed by 2x2 max pooling) or ``fcn`` (the fully connected baseline; use it with
``adam`` and flags ``f+n+a``); ``optimizer`` is ``sgd`` (Nesterov momentum) or ``adam``
(AdamW); ``flags`` is any of ``f`` (float32 instead of bfloat16 autocast), ``n`` (no label
smoothing), ``a`` (no augmentation), ``b`` (no batch norm: the convolutions get biases) and
``L<lr>`` (the maximum learning rate), joined by ``+``.
"""

import argparse
import math
import os
import time

import torch
from torch import nn

from course_lib import seed_everything
from course_lib.augment import crop_flip
from course_lib.data import load_cifar10
from course_lib.training import evaluate, fit, tensor_loader


def conv_bn(c_in, c_out, bn=True):
    if not bn:
        return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1), nn.ReLU(inplace=True))
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, 3, padding=1, bias=False),
        nn.BatchNorm2d(c_out),
        nn.ReLU(inplace=True),
    )


class Residual(nn.Module):
    def __init__(self, c, bn=True):
        super().__init__()
        self.body = nn.Sequential(conv_bn(c, c, bn), conv_bn(c, c, bn))

    def forward(self, x):
        return x + self.body(x)


class Net(nn.Module):
    """The layers, run under bfloat16 autocast on the CPU when ``bf16``; float32 logits out."""

    def __init__(self, layers, bf16=True):
        super().__init__()
        self.layers, self.bf16 = layers, bf16

    def forward(self, x):
        with torch.autocast(
            "cpu", dtype=torch.bfloat16, enabled=self.bf16 and x.device.type == "cpu"
        ):
            return self.layers(x).float()


def resnet9(w, bn=True):
    return nn.Sequential(
        conv_bn(3, w, bn), conv_bn(w, 2 * w, bn), nn.MaxPool2d(2), Residual(2 * w, bn),
        conv_bn(2 * w, 4 * w, bn), nn.MaxPool2d(2),
        conv_bn(4 * w, 8 * w, bn), nn.MaxPool2d(2), Residual(8 * w, bn),
        nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Linear(8 * w, 10),
    )  # fmt: skip


def plain(w, bn=True):
    return nn.Sequential(
        conv_bn(3, w, bn), nn.MaxPool2d(2), conv_bn(w, 2 * w, bn), nn.MaxPool2d(2),
        conv_bn(2 * w, 4 * w, bn), nn.MaxPool2d(2), conv_bn(4 * w, 8 * w, bn),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8 * w, 10),
    )  # fmt: skip


def fcn(w, bn=True):
    """The fully connected baseline: 3,072 -> 512 -> 256 -> 10 (``w`` and ``bn`` unused)."""
    return nn.Sequential(
        nn.Flatten(), nn.Linear(3 * 32 * 32, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(),
        nn.Linear(256, 10),
    )  # fmt: skip


ARCHS = {"r9": resnet9, "plain": plain, "fcn": fcn}


def parse(spec):
    parts = spec.split(":")
    arch, width = parts[0], int(parts[1])
    opt = parts[2] if len(parts) > 2 else "sgd"
    epochs = int(parts[3]) if len(parts) > 3 else 1
    batch = int(parts[4]) if len(parts) > 4 and parts[4] else 256
    flags = parts[5].split("+") if len(parts) > 5 else []
    lr = next((float(f[1:]) for f in flags if f.startswith("L")), None)
    return dict(arch=arch, width=width, opt=opt, epochs=epochs, batch=batch, bf16="f" not in flags,
                smooth=0.0 if "n" in flags else 0.1, augment="a" not in flags, bn="b" not in flags,
                lr=lr)  # fmt: skip


def build(c):
    model = Net(ARCHS[c["arch"]](c["width"], c["bn"]), c["bf16"])
    return model.to(memory_format=torch.channels_last)


def optimizer_for(model, c, steps):
    if c["opt"] == "sgd":
        lr = c["lr"] or 0.2
        opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, nesterov=True,
                              weight_decay=5e-4)  # fmt: skip
    elif c["arch"] == "fcn":
        lr = c["lr"] or 1e-3
        opt = torch.optim.Adam(model.parameters(), lr=lr)
    else:
        lr = c["lr"] or 4e-3
        opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.05)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.25,
                                                anneal_strategy="linear")  # fmt: skip
    return opt, sched


def time_epoch(spec, n_batches=12):
    c = parse(spec)
    seed_everything(0)
    model = build(c)
    x = torch.rand(c["batch"], 3, 32, 32).contiguous(memory_format=torch.channels_last)
    y = torch.randint(0, 10, (c["batch"],))
    opt, _ = optimizer_for(model, c, 100)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=c["smooth"])
    times, cpu = [], []
    for _ in range(n_batches + 2):
        start, start_cpu = time.perf_counter(), time.process_time()
        loss = loss_fn(model(crop_flip(x)), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    times, cpu = sorted(times[2:]), sorted(cpu[2:])
    per_epoch = math.ceil(45_000 / c["batch"])
    n_params = sum(p.numel() for p in model.parameters())
    print(f"{spec:>24}: {n_params:>9,} parameters, {per_epoch * times[0]:5.0f} s/epoch (min), "
          f"{per_epoch * times[len(times) // 2]:5.0f} s/epoch (median), CPU "
          f"{per_epoch * cpu[len(cpu) // 2]:5.0f} s/epoch (median)", flush=True)  # fmt: skip


def train(spec, cifar):
    c = parse(spec)
    seed_everything(0)
    model = build(c)
    X = cifar.X_train.contiguous(memory_format=torch.channels_last)
    loader = tensor_loader(X, cifar.y_train, batch_size=c["batch"],
                           generator=torch.Generator().manual_seed(0))  # fmt: skip
    val = tensor_loader(cifar.X_val, cifar.y_val, batch_size=1000, shuffle=False)
    opt, sched = optimizer_for(model, c, c["epochs"] * len(loader))
    start, cpu = time.perf_counter(), time.process_time()
    history = fit(model, loader, opt, nn.CrossEntropyLoss(label_smoothing=c["smooth"]),
                  epochs=c["epochs"], val_loader=val, scheduler=sched, progress=False,
                  augment=crop_flip if c["augment"] else None)  # fmt: skip
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    accs = " ".join(f"{a:.3f}" for a in history["val_acc"])
    secs = history.train_time
    print(f"{spec:>24}: val_acc {evaluate(model, val)['acc']:.4f}, train {secs:.0f} s "
          f"({secs / c['epochs']:.0f} s/epoch, wall {wall:.0f} s, CPU {cpu:.0f} s); "
          f"per epoch: {accs}",
          flush=True)  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["time", "train"])
    parser.add_argument("specs", nargs="+")
    args = parser.parse_args()
    torch.set_num_threads(int(os.environ.get("THREADS", "2")))  # 1 on a busy machine
    if args.what == "time":
        for spec in args.specs:
            time_epoch(spec)
    else:
        cifar = load_cifar10(n_val=5_000)
        for spec in args.specs:
            train(spec, cifar)
