"""Figures the chapters share: learning curves, image grids, decision boundaries,
confusion matrices.  Each function draws on a Matplotlib ``Axes`` (made if not given) and
returns it (or the figure, for multi-panel plots), so notebooks can add to it."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import torch


def plot_history(history, title: str | None = None, val_label: str = "validation"):
    """Loss and accuracy per epoch (training and, if recorded, validation) side by side.

    ``history`` is a :class:`course_lib.training.History` (or anything indexable by column);
    ``val_label`` names the held-out curve (say "test" when it is the test set).
    Returns the figure.
    """
    has_acc = any(v is not None for v in history["train_acc"])
    fig, axes = plt.subplots(1, 2 if has_acc else 1, figsize=(10 if has_acc else 5, 3.5))
    axes = np.atleast_1d(axes)
    epochs = history["epoch"]
    for ax, metric, label in zip(axes, ("loss", "acc"), ("loss", "accuracy")):
        ax.plot(epochs, history[f"train_{metric}"], "o-", label="training")
        val = history[f"val_{metric}"]
        if any(v is not None for v in val):
            ax.plot(epochs, val, "s--", label=val_label)
        ax.set_xlabel("epoch")
        ax.set_ylabel(label)
        ax.set_xticks(epochs)
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def _as_image(img) -> np.ndarray:
    img = img.detach().cpu().numpy() if isinstance(img, torch.Tensor) else np.asarray(img)
    if img.ndim == 3 and img.shape[0] in (1, 3):  # (C, H, W) -> (H, W, C)
        img = img.transpose(1, 2, 0)
    if img.ndim == 3 and img.shape[2] == 1:
        img = img[..., 0]
    return img


def show_images(images, labels=None, preds=None, classes=None, ncols: int = 8, size: float = 1.3):
    """A grid of images with their labels; with ``preds``, the title reads "label→pred" and
    wrong predictions are drawn in red.  Accepts (N, C, H, W), (N, H, W) or (N, H, W, C).

    Returns the figure.
    """
    n = len(images)
    if n == 0:
        raise ValueError("show_images() got no images")
    if labels is not None and len(labels) != n or preds is not None and len(preds) != n:
        raise ValueError("images, labels and preds must have the same length")
    name = (lambda i: classes[int(i)]) if classes is not None else (lambda i: str(int(i)))
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows * 1.15))
    axes = np.atleast_1d(axes).ravel()
    for i, ax in enumerate(axes):
        ax.axis("off")
        if i >= n:
            continue
        img = _as_image(images[i])
        ax.imshow(img, cmap="gray" if img.ndim == 2 else None)
        if labels is not None and preds is not None:
            wrong = int(labels[i]) != int(preds[i])
            ax.set_title(
                f"{name(labels[i])}→{name(preds[i])}",
                color="tab:red" if wrong else "black",
                fontsize=9,
            )
        elif labels is not None:
            ax.set_title(name(labels[i]), fontsize=9)
    fig.tight_layout()
    return fig


def plot_decision_boundary(predict, X, y, ax=None, resolution: int = 200, pad: float = 0.5):
    """Colour the plane by the class ``predict`` assigns and scatter the labelled points.

    ``predict`` maps an (M, 2) NumPy array to M labels (or scores thresholded at 0.5).
    Returns the axes.
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"plot_decision_boundary needs 2-D points, got shape {X.shape}")
    ax = ax or plt.gca()
    (x0, y0), (x1, y1) = X.min(0) - pad, X.max(0) + pad
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    grid = np.c_[gx.ravel(), gy.ravel()]
    z = np.asarray(predict(grid), dtype=float).reshape(gx.shape)
    classes = np.unique(y)
    if len(classes) <= 2:
        ax.contourf(gx, gy, z >= 0.5, levels=[-0.5, 0.5, 1.5], colors=["#c6dbef", "#fdd0a2"])
    else:
        ax.contourf(gx, gy, z, levels=np.arange(len(classes) + 1) - 0.5, cmap="Pastel1")
    # binary labels: open circles for 0, filled for 1 (as in the perceptron figures)
    faces = ["white", "black"] if len(classes) <= 2 else plt.cm.tab10.colors
    for c, face in zip(classes, faces):
        pts = X[y == c]
        ax.scatter(pts[:, 0], pts[:, 1], s=40, c=[face], edgecolors="k", label=f"class {c}")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def plot_confusion_matrix(y_true, y_pred, classes=None, ax=None, normalize: bool = False):
    """Confusion matrix as a seaborn heat map (rows: true class, columns: predicted class).

    Returns the axes.
    """
    import seaborn as sns

    y_true = np.asarray(y_true).astype(int)
    y_pred = np.asarray(y_pred).astype(int)
    if y_true.shape != y_pred.shape:
        raise ValueError("y_true and y_pred must have the same shape")
    k = len(classes) if classes is not None else int(max(y_true.max(), y_pred.max())) + 1
    cm = np.zeros((k, k), dtype=int)
    np.add.at(cm, (y_true, y_pred), 1)
    values = cm / np.maximum(cm.sum(1, keepdims=True), 1) if normalize else cm
    ax = ax or plt.subplots(figsize=(0.55 * k + 2, 0.5 * k + 1.5))[1]
    labels = list(classes) if classes is not None else list(range(k))
    sns.heatmap(
        values,
        annot=True,
        fmt=".2f" if normalize else "d",
        cmap="Blues",
        cbar=False,
        xticklabels=labels,
        yticklabels=labels,
        ax=ax,
    )
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    return ax
