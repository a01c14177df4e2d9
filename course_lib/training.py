"""One training loop for every PyTorch chapter: ``fit`` and ``evaluate``.

The loop is the textbook one (forward, loss, ``zero_grad``, ``backward``, ``step``); the helper
only adds the plumbing: a ``tqdm`` progress bar, timing, and a per-epoch :class:`History`
that the plotting functions accept.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field

import torch
from torch import nn
from torch.utils.data import (
    BatchSampler,
    DataLoader,
    RandomSampler,
    SequentialSampler,
    TensorDataset,
)
from tqdm import tqdm as text_tqdm
from tqdm.auto import tqdm

from course_lib.config import quick_mode

PROGRESS_ENV = "COURSE_PROGRESS"  # "text": a plain-text bar (bench/run.py, for stored outputs)
TEXT_BAR = "{desc}: {bar:20} {n_fmt}/{total_fmt} {unit}es [{elapsed}, {rate_fmt}{postfix}]"
QUICK_SHARE = 100  # quick mode: progress() runs 1 in QUICK_SHARE of the iterations (at least 1)
# Set by course_lib.exercises.tests_dir(): in an exercise set, fit() keeps its epochs in quick
# mode, because the set's tests check what the learner's training reaches.
KEEP_EPOCHS = False


def tensor_loader(
    X: torch.Tensor,
    y: torch.Tensor,
    batch_size: int = 128,
    shuffle: bool = True,
    generator: torch.Generator | None = None,
) -> DataLoader:
    """A ``DataLoader`` over in-memory tensors that fetches a whole batch with one index.

    A plain ``DataLoader(TensorDataset(X, y), batch_size=128)`` indexes the tensors once per
    example and stacks the results; here the sampler yields a list of indices per batch
    (``BatchSampler``) and ``batch_size=None`` passes it straight to ``TensorDataset``, which
    slices ``X[indices]`` in one go.  Same batches, many times faster for small models.
    """
    ds = TensorDataset(X, y)
    order = RandomSampler(ds, generator=generator) if shuffle else SequentialSampler(ds)
    return DataLoader(ds, sampler=BatchSampler(order, batch_size, drop_last=False), batch_size=None)


@dataclass
class History:
    """Per-epoch records of a training run: ``epoch``, ``train_loss``, ``train_acc``,
    ``val_loss``, ``val_acc`` and ``time`` (seconds spent training in that epoch).

    ``history["val_acc"]`` gives one column as a list.
    """

    records: list[dict] = field(default_factory=list)

    def __getitem__(self, key: str) -> list:
        return [r.get(key) for r in self.records]

    def __len__(self) -> int:
        return len(self.records)

    @property
    def last(self) -> dict:
        return self.records[-1] if self.records else {}

    @property
    def train_time(self) -> float:
        """Total seconds spent in training steps (evaluation excluded)."""
        return float(sum(r["time"] for r in self.records))

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(self.records).set_index("epoch")


def _is_classification(out: torch.Tensor, y: torch.Tensor) -> bool:
    return out.ndim == 2 and out.shape[1] > 1 and not torch.is_floating_point(y)


class _Running:
    """Running mean loss and accuracy over batches.  The sums stay tensors, so there is no
    CPU-GPU synchronisation per batch; accuracy is None unless every batch is classification."""

    def __init__(self):
        self.loss, self.correct, self.n, self.classification = 0.0, 0, 0, True

    def add(self, out: torch.Tensor, y: torch.Tensor, loss: torch.Tensor) -> None:
        self.loss += loss.detach() * len(y)
        self.classification = self.classification and _is_classification(out, y)
        if self.classification:
            self.correct += (out.detach().argmax(1) == y).sum()
        self.n += len(y)

    def means(self, caller: str) -> tuple[float, float | None]:
        if self.n == 0:
            raise ValueError(f"{caller}() got an empty loader")
        acc = float(self.correct) / self.n if self.classification else None
        return float(self.loss) / self.n, acc


@torch.no_grad()
def evaluate(model: nn.Module, loader, loss_fn=None, device=None) -> dict:
    """Average loss and (for classification) accuracy of ``model`` over ``loader``.

    Returns ``{"loss": float, "acc": float or None, "n": int}``; the model is put in eval mode.
    """
    device = device or next(model.parameters()).device
    loss_fn = loss_fn or nn.CrossEntropyLoss()
    model.eval()
    running = _Running()
    for X, y in loader:
        X, y = X.to(device), y.to(device)
        out = model(X)
        running.add(out, y, loss_fn(out, y))
    loss, acc = running.means("evaluate")
    return {"loss": loss, "acc": acc, "n": running.n}


@torch.no_grad()
def predict(model: nn.Module, loader, device=None) -> torch.Tensor:
    """Predicted class (argmax of the outputs) for every example of ``loader``, on the CPU."""
    device = device or next(model.parameters()).device
    model.eval()
    return torch.cat([model(X.to(device)).argmax(1).cpu() for X, _ in loader])


def fit(
    model: nn.Module,
    train_loader,
    optimizer: torch.optim.Optimizer,
    loss_fn=None,
    epochs: int = 1,
    val_loader=None,
    scheduler=None,
    device=None,
    progress: bool = True,
    augment=None,
) -> History:
    """Train ``model`` for ``epochs`` passes over ``train_loader`` and return its :class:`History`.

    - ``loss_fn`` defaults to ``nn.CrossEntropyLoss()``.
    - ``scheduler`` (optional) is stepped after every batch, as ``OneCycleLR`` expects.
    - ``val_loader`` (optional) is evaluated after every epoch.
    - ``augment`` (optional) maps each training batch ``X`` (already on ``device``) to a
      randomly transformed batch of the same shape, e.g. :func:`course_lib.augment.crop_flip`;
      evaluation never sees it.
    - One progress bar over all batches; one printed line per epoch.
    - In CI's quick mode (``COURSE_QUICK=1``) it runs ``ceil(epochs / 100)`` epochs, like
      :func:`progress`, so a chapter's full-length call still runs quickly there; not in an
      exercise set (once :func:`course_lib.exercises.tests_dir` ran), whose tests check what
      the training reaches on the loaders' smaller quick-mode data.
    """
    if epochs < 1:
        raise ValueError(f"epochs must be at least 1, got {epochs}")
    if not KEEP_EPOCHS:
        epochs = _quick_length(epochs)
    device = device or next(model.parameters()).device
    loss_fn = loss_fn or nn.CrossEntropyLoss()
    history = History()
    n_batches = len(train_loader)
    bar = _progress_bar(epochs * n_batches, disable=not progress)
    for epoch in range(1, epochs + 1):
        model.train()
        start = time.perf_counter()
        running = _Running()
        for X, y in train_loader:
            X, y = X.to(device), y.to(device)
            if augment is not None:
                X = augment(X)
            out = model(X)
            loss = loss_fn(out, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if scheduler is not None:
                scheduler.step()
            running.add(out, y, loss)
            bar.update()
        train_loss, train_acc = running.means("fit")
        record = {
            "epoch": epoch,
            "train_loss": train_loss,
            "train_acc": train_acc,
            "time": time.perf_counter() - start,
        }
        if val_loader is not None:
            val = evaluate(model, val_loader, loss_fn, device)
            record.update(val_loss=val["loss"], val_acc=val["acc"])
        history.records.append(record)
        bar.set_postfix(loss=f"{record['train_loss']:.4f}")
        if progress:
            bar.write(_epoch_line(record, epochs))
    bar.close()
    return history


def _progress_bar(total: int, disable: bool):
    """A progress bar over ``total`` batches: a widget in Jupyter (``tqdm.auto``).

    With ``COURSE_PROGRESS=text`` (set when the book's outputs are stored) it is a text bar on
    standard output that redraws itself with carriage returns; once those are collapsed, the
    stored output shows the finished bar instead of a widget's frozen "0%" fallback.
    """
    if os.environ.get(PROGRESS_ENV) == "text":
        return text_tqdm(
            total=total,
            desc="training",
            unit="batch",
            disable=disable,
            file=sys.stdout,
            mininterval=60,
            bar_format=TEXT_BAR,
        )
    return tqdm(total=total, desc="training", unit="batch", disable=disable)


def _quick_length(n: int) -> int:
    """``n``, or ``ceil(n / QUICK_SHARE)`` in CI's quick mode."""
    return -(-n // QUICK_SHARE) if quick_mode() else n


def progress(n: int, unit: str = "epoch", desc: str = "training"):
    """A progress bar to loop over: ``for epoch in progress(150): ...`` yields 1, 2, ..., n.

    For training loops written out in a notebook (the bar is ``tqdm``'s; call
    ``.set_postfix(loss=...)`` on it to show a running number).  In CI's quick mode
    (``COURSE_QUICK=1``) the loop stops after ``ceil(n / 100)`` iterations, so that a chapter's
    full-length loop still runs quickly there; the bar's total says how many will run.
    """
    if n < 1:
        raise ValueError(f"progress() needs at least 1 iteration, got {n}")
    total = _quick_length(n)
    kwargs = dict(total=total, desc=desc, unit=unit)
    if os.environ.get(PROGRESS_ENV) == "text":
        fmt = "{desc}: {bar:20} {n_fmt}/{total_fmt} {unit}s [{elapsed}, {rate_fmt}{postfix}]"
        bar = text_tqdm(file=sys.stdout, mininterval=60, bar_format=fmt, **kwargs)
    else:
        bar = tqdm(**kwargs)
    return _Counting(bar)


class _Counting:
    """Iterating yields 1..total and advances the bar; other attributes go to the bar."""

    def __init__(self, bar):
        self.bar = bar

    def __iter__(self):
        for i in range(1, self.bar.total + 1):
            yield i
            self.bar.update()
        self.bar.close()

    def __len__(self) -> int:
        return self.bar.total

    def __getattr__(self, name):
        return getattr(self.bar, name)


def _epoch_line(r: dict, epochs: int) -> str:
    parts = [f"epoch {r['epoch']:>{len(str(epochs))}}/{epochs}", f"loss {r['train_loss']:.4f}"]
    if r.get("train_acc") is not None:
        parts.append(f"acc {r['train_acc']:.4f}")
    if "val_loss" in r:
        parts.append(f"val_loss {r['val_loss']:.4f}")
        if r.get("val_acc") is not None:
            parts.append(f"val_acc {r['val_acc']:.4f}")
    parts.append(f"{r['time']:.1f} s")
    return " | ".join(parts)
