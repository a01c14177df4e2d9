"""Figures the chapters share: the course's style and palette, learning curves, image grids,
decision boundaries, confusion matrices, timelines and diagrams drawn by code.

Each function draws on a Matplotlib ``Axes`` (made if not given) and returns it (or the figure,
for multi-panel plots), so notebooks can add to it.  Colours come from :data:`PALETTE`
(Okabe & Ito's colour-blind-safe set), which :func:`use_course_style` makes the default;
figures keep an opaque white background, so they stay legible in a dark-mode page too.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import torch
from cycler import cycler
from matplotlib import patches
from matplotlib.colors import ListedColormap

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
# deficiency.  Order: the colours most different from each other come first.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}
COLORS = list(PALETTE.values())
# light fills for the two sides of a decision boundary: class 0 (blue side), class 1 (orange)
REGION = ("#d4e6f4", "#fbe5b6")
MISTAKE = PALETTE["vermillion"]


def use_course_style() -> None:
    """Make the course's look the Matplotlib default: the palette as the colour cycle, light
    grids, no top/right frame, an opaque white background (legible on dark pages too)."""
    plt.rcParams.update(
        {
            "axes.prop_cycle": cycler(color=COLORS),
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "figure.facecolor": "white",
            "axes.facecolor": "white",
            "savefig.facecolor": "white",
            "image.cmap": "viridis",
            "legend.frameon": False,
            "font.size": 10,
        }
    )


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


def show_images(
    images,
    labels=None,
    preds=None,
    classes=None,
    ncols: int = 8,
    size: float = 1.3,
    notes=None,
    title: str | None = None,
):
    """A grid of images with their labels; with ``preds``, the title reads "label→pred" and
    wrong predictions are drawn in the mistake colour.  ``notes`` (one string per image) adds a
    second title line, e.g. the predicted probability.  Accepts (N, C, H, W), (N, H, W) or
    (N, H, W, C).  ``title`` goes above the grid, with room kept for it.

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
    row = size * (1.15 if notes is None else 1.45)  # a second title line needs room
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, row * nrows))
    axes = np.atleast_1d(axes).ravel()
    for i, ax in enumerate(axes):
        ax.axis("off")
        if i >= n:
            continue
        img = _as_image(images[i])
        ax.imshow(img, cmap="gray" if img.ndim == 2 else None)
        note = f"\n{notes[i]}" if notes is not None else ""
        if labels is not None and preds is not None:
            wrong = int(labels[i]) != int(preds[i])
            ax.set_title(
                f"{name(labels[i])}→{name(preds[i])}{note}",
                color=MISTAKE if wrong else "black",
                fontsize=9,
            )
        elif labels is not None:
            ax.set_title(name(labels[i]) + note, fontsize=9)
    if title:
        fig.suptitle(title)
        fig.tight_layout(rect=(0, 0, 1, 1 - 0.35 / (row * nrows)))
        return fig
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
        ax.contourf(gx, gy, z >= 0.5, levels=[-0.5, 0.5, 1.5], colors=list(REGION))
    else:
        ax.contourf(gx, gy, z, levels=np.arange(len(classes) + 1) - 0.5, colors=COLORS, alpha=0.25)
    # binary labels: open circles for 0, filled for 1 (as in the perceptron figures)
    faces = ["white", "black"] if len(classes) <= 2 else COLORS
    for c, face in zip(classes, faces):
        pts = X[y == c]
        ax.scatter(pts[:, 0], pts[:, 1], s=40, c=[face], edgecolors="k", label=f"target {c}")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def confusion_matrix(y_true, y_pred, k: int | None = None) -> np.ndarray:
    """Counts ``cm[i, j]`` of examples of true class ``i`` predicted as ``j`` (k × k ints)."""
    y_true = np.asarray(y_true).astype(int)
    y_pred = np.asarray(y_pred).astype(int)
    if y_true.shape != y_pred.shape:
        raise ValueError("y_true and y_pred must have the same shape")
    k = k or int(max(y_true.max(), y_pred.max())) + 1
    cm = np.zeros((k, k), dtype=int)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm


def top_confusions(y_true, y_pred, n: int = 5, classes=None) -> list[tuple[str, str, int]]:
    """The ``n`` most frequent mistakes as (true class, predicted class, count), most first."""
    cm = confusion_matrix(y_true, y_pred, len(classes) if classes is not None else None)
    np.fill_diagonal(cm, 0)
    name = (lambda i: str(classes[i])) if classes is not None else str
    order = np.argsort(cm, axis=None)[::-1][:n]
    pairs = [np.unravel_index(i, cm.shape) for i in order]
    return [(name(i), name(j), int(cm[i, j])) for i, j in pairs if cm[i, j] > 0]


def plot_confusion_matrix(
    y_true, y_pred, classes=None, ax=None, normalize: bool = False, hide_diagonal: bool = False
):
    """Confusion matrix as a seaborn heat map (rows: true class, columns: predicted class).

    ``normalize`` shows each row as percentages of that class's examples.  ``hide_diagonal``
    leaves the correct predictions out of the colour scale (their cells are blank), so the
    mistakes, which are otherwise pale next to the diagonal, stand out.  Returns the axes.
    """
    import seaborn as sns

    k = len(classes) if classes is not None else None
    cm = confusion_matrix(y_true, y_pred, k)
    k = len(cm)
    values = 100 * cm / np.maximum(cm.sum(1, keepdims=True), 1) if normalize else cm
    mask = np.eye(k, dtype=bool) if hide_diagonal else None
    ax = ax or plt.subplots(figsize=(0.55 * k + 2, 0.5 * k + 1.5))[1]
    labels = list(classes) if classes is not None else list(range(k))
    sns.heatmap(
        values,
        mask=mask,
        annot=True,
        fmt=".1f" if normalize else "d",
        cmap="Blues" if not hide_diagonal else "Oranges",
        cbar=False,
        xticklabels=labels,
        yticklabels=labels,
        linewidths=0.5,
        linecolor="0.9",
        ax=ax,
    )
    ax.grid(False)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    return ax


# --------------------------------------------------------------------------- timelines


def plot_timeline(events, ax=None, title: str | None = None, periods=(), color=None):
    """A horizontal timeline: ``events`` is a list of (year, text); labels alternate above and
    below the axis.  ``periods`` is a list of (start, end, label) shaded spans.  Returns the axes.
    """
    events = sorted(events, key=lambda e: e[0])
    years = [e[0] for e in events]
    ax = ax or plt.subplots(figsize=(11, 4.6))[1]
    color = color or PALETTE["blue"]
    ax.axhline(0, color="0.3", lw=1)
    for k, (start, end, label) in enumerate(periods):
        ax.axvspan(start, end, color=COLORS[(k + 1) % len(COLORS)], alpha=0.15, label=label)
    span = max(years) - min(years)
    char = span / 95  # about how many years one character of a label covers
    ends = {}  # (side, level) -> where the last label placed there ends, in years
    for i, (year, text) in enumerate(events):
        half = char * max(len(line) for line in f"{year}\n{text}".split("\n")) / 2
        slots = [(side, level) for level in range(3) for side in ((1, -1) if i % 2 else (-1, 1))]
        up, level = next((s for s in slots if ends.get(s, -1e9) < year - half), slots[-1])
        ends[(up, level)] = year + half
        height = 0.4 + 1.05 * level
        ax.plot([year, year], [0, height * up], color=color, lw=1)
        ax.plot(year, 0, "o", color=color)
        label = f"{year}\n{text}" if up > 0 else f"{text}\n{year}"
        ax.text(year, (height + 0.05) * up, label, ha="center", va="bottom" if up > 0 else "top",
                fontsize=8.5)  # fmt: skip
    lo = min(years + [p[0] for p in periods])
    hi = max(years + [p[1] for p in periods])
    ax.set_xlim(lo - 0.06 * (hi - lo), hi + 0.06 * (hi - lo))
    ax.set_ylim(-3.6, 3.6)
    ax.set_yticks([])
    ax.grid(False)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("year")
    if periods:
        ax.legend(loc="lower right", fontsize=8)
    if title:
        ax.set_title(title)
    return ax


# --------------------------------------------------------------------------- diagrams


def _blank(ax, xlim, ylim, figsize):
    ax = ax or plt.subplots(figsize=figsize)[1]
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def _arrow(ax, start, end, color="0.25", lw=1.2, label=None, label_pos=0.5, offset=(0, 0.12)):
    ax.annotate("", xy=end, xytext=start,
                arrowprops={"arrowstyle": "-|>", "color": color, "lw": lw, "shrinkA": 0,
                            "shrinkB": 0})  # fmt: skip
    if label:
        x = start[0] + label_pos * (end[0] - start[0]) + offset[0]
        y = start[1] + label_pos * (end[1] - start[1]) + offset[1]
        ax.text(x, y, label, ha="center", va="center", fontsize=10)


def draw_biological_neuron(ax=None):
    """A labelled sketch of a biological neuron: dendrites with synapses, the cell body, the
    axon and its terminals; an arrow shows the direction in which the signal travels."""
    ax = _blank(ax, (-4.2, 8.4), (-2.7, 3.0), (9, 4.2))
    blue, orange, green = PALETTE["blue"], PALETTE["orange"], PALETTE["green"]
    rng = np.random.default_rng(3)
    tips = []
    for angle in np.linspace(100, 260, 5):  # dendrites: branching lines into the soma
        a = np.radians(angle)
        mid = np.array([1.5 * np.cos(a), 1.5 * np.sin(a)])
        ax.plot([0.6 * np.cos(a), mid[0]], [0.6 * np.sin(a), mid[1]], color=blue, lw=2.5)
        for da in (-0.35, 0.35):
            b = a + da + rng.normal(0, 0.05)
            tip = mid + 1.1 * np.array([np.cos(b), np.sin(b)])
            ax.plot([mid[0], tip[0]], [mid[1], tip[1]], color=blue, lw=1.6)
            tips.append(tip)
    tips = np.array(tips)
    ax.scatter(tips[:, 0], tips[:, 1], s=30, color=orange, zorder=3)  # synapses
    ax.add_patch(patches.Circle((0, 0), 0.75, color=blue, alpha=0.85))  # soma
    ax.add_patch(patches.Circle((0.1, 0.05), 0.25, color="white", alpha=0.9))  # nucleus
    ax.plot([0.75, 6.0], [0, 0], color=green, lw=3.5)  # axon
    for x in np.arange(1.4, 5.6, 0.9):  # myelin sheath
        ax.add_patch(patches.FancyBboxPatch((x, -0.17), 0.6, 0.34, boxstyle="round,pad=0.02",
                                            color=green, alpha=0.5))  # fmt: skip
    for dy in (-0.9, -0.3, 0.3, 0.9):  # axon terminals
        ax.plot([6.0, 7.2], [0, dy], color=green, lw=1.6)
        ax.add_patch(patches.Circle((7.3, dy), 0.12, color=green))
    notes = [
        ((-2.6, 2.75), tips[tips[:, 1].argmax()] - (0.3, 0.3), "dendrites: take in signals"),
        ((-2.6, -2.55), tips[tips[:, 1].argmin()], "synapses: weight each input"),
        ((2.2, 1.75), (0.5, 0.5), "cell body (soma):\nadds the inputs up"),
        ((4.1, 0.75), (4.1, 0.2), "axon: carries the all-or-nothing spike"),
        ((7.2, 1.75), (7.3, 0.95), "axon terminals:\nto the next neurons"),
    ]
    for text_xy, point, text in notes:
        ax.annotate(text, xy=point, xytext=text_xy, fontsize=9, ha="center",
                    arrowprops={"arrowstyle": "-", "color": "0.4", "lw": 0.8})  # fmt: skip
    _arrow(ax, (1.2, -0.6), (5.4, -0.6), color="0.45", lw=1)
    ax.text(3.3, -0.8, "direction of the signal", ha="center", va="top", fontsize=8, color="0.35")
    return ax


def draw_perceptron(ax=None, n_inputs: int = 3, activation: str = "step"):
    """The perceptron as a diagram: inputs x_i, weights w_i on the arrows, a constant input 1
    with weight b, the sum z, the activation (a step, or "sigmoid") and the output ŷ."""
    if n_inputs < 1:
        raise ValueError("draw_perceptron needs at least one input")
    ax = _blank(ax, (-0.6, 9.2), (-0.8, n_inputs + 0.9), (8, 0.9 * n_inputs + 2.2))
    blue, orange = PALETTE["blue"], PALETTE["orange"]
    sum_xy = (4.4, n_inputs / 2)
    rows = [(f"$x_{{{i}}}$", f"$w_{{{i}}}$") for i in range(1, n_inputs + 1)] + [("1", "$b$")]
    for k, (name, weight) in enumerate(rows):
        y = n_inputs - k
        ax.add_patch(patches.Circle((0.4, y), 0.33, facecolor="white", edgecolor=blue, lw=1.6))
        ax.text(0.4, y, name, ha="center", va="center", fontsize=12)
        start = np.array([0.75, y])
        end = np.array(sum_xy) - 0.55 * (np.array(sum_xy) - start) / np.linalg.norm(
            np.array(sum_xy) - start
        )
        _arrow(ax, start, end, label=weight, label_pos=0.42, offset=(0, 0.2))
    ax.add_patch(patches.Circle(sum_xy, 0.55, facecolor=REGION[0], edgecolor=blue, lw=1.6))
    ax.text(*sum_xy, r"$\Sigma$", ha="center", va="center", fontsize=18)
    ax.text(sum_xy[0], sum_xy[1] - 0.85, "$z = w \\cdot x + b$", ha="center", fontsize=10)
    box = (5.7, sum_xy[1] - 0.55)
    ax.add_patch(patches.FancyBboxPatch(box, 1.3, 1.1, boxstyle="round,pad=0.05",
                                        facecolor=REGION[1], edgecolor=orange, lw=1.6))  # fmt: skip
    gx = np.linspace(-1, 1, 101)
    gy = (gx >= 0).astype(float) if activation == "step" else 1 / (1 + np.exp(-5 * gx))
    ax.plot(box[0] + 0.65 + 0.5 * gx, box[1] + 0.2 + 0.7 * gy, color="k", lw=1.5)
    ax.text(box[0] + 0.65, box[1] - 0.3, activation, ha="center", va="center", fontsize=9)
    _arrow(ax, (sum_xy[0] + 0.55, sum_xy[1]), (box[0] - 0.05, sum_xy[1]))
    _arrow(ax, (box[0] + 1.35, sum_xy[1]), (8.3, sum_xy[1]))
    ax.text(8.55, sum_xy[1], r"$\hat y$", ha="left", va="center", fontsize=13)
    ax.text(0.4, -0.55, "inputs", ha="center", fontsize=9, color="0.3")
    ax.text(2.3, -0.55, "weights", ha="center", fontsize=9, color="0.3")
    ax.text(sum_xy[0], -0.55, "sum", ha="center", fontsize=9, color="0.3")
    ax.text(box[0] + 0.65, -0.55, "activation", ha="center", fontsize=9, color="0.3")
    return ax


def draw_network(layer_sizes=(784, 256, 10), names=None, max_units: int = 8, ax=None):
    """A fully connected network as columns of units joined by every edge; a layer with more
    than ``max_units`` units shows its first and last few with "⋮" between them.  ``names``
    labels the layers (default: input / hidden / output with their sizes).  Returns the axes.
    """
    if len(layer_sizes) < 2:
        raise ValueError("a network needs at least an input and an output layer")
    n_layers = len(layer_sizes)
    if names is None:
        names = ["input"] + ["hidden"] * (n_layers - 2) + ["output"]
    width = 3.2 * (n_layers - 1)
    ax = _blank(ax, (-1.6, width + 1.6), (-max_units / 2 - 1.9, max_units / 2 + 0.9),
                (2.6 * n_layers + 1, 0.45 * max_units + 2.2))  # fmt: skip
    colors = [PALETTE["blue"]] + [PALETTE["orange"]] * (n_layers - 2) + [PALETTE["green"]]
    positions = []  # per layer: x, the y of each drawn unit, the y of the "⋮" gap (or None)
    for layer, n in enumerate(layer_sizes):
        slots = (np.arange(min(n, max_units)) - (min(n, max_units) - 1) / 2)[::-1] * 0.9
        gap = slots[len(slots) // 2] if n > max_units else None
        ys = slots[slots != gap] if gap is not None else slots
        positions.append((layer * 3.2, ys, gap))
    for (x0, ys0, _), (x1, ys1, _) in zip(positions, positions[1:]):
        for y0 in ys0:
            for y1 in ys1:
                ax.plot([x0, x1], [y0, y1], color="0.6", lw=0.4, alpha=0.6, zorder=1)
    for (x, ys, gap), n, name, color in zip(positions, layer_sizes, names, colors):
        for y in ys:
            ax.add_patch(patches.Circle((x, y), 0.28, facecolor="white", edgecolor=color, lw=1.8,
                                        zorder=2))  # fmt: skip
        if gap is not None:
            ax.text(x, gap, "⋮", ha="center", va="center", fontsize=16, zorder=4)
        units = f"{n:,} unit" + ("s" if n != 1 else "")
        ax.text(x, ys.min() - 0.75, f"{name}\n{units}", ha="center", va="top", fontsize=10)
    return ax


def draw_graph_types(axes=None):
    """Four small networks drawn as directed graphs, one per panel: **feed-forward** (every
    unit feeds every unit of the next layer), **sparse** (many of those edges left out), with
    **skip connections** (edges that jump over a layer) and **recurrent** (edges back to the
    same or an earlier layer, so values can circulate from one time step to the next).

    Inputs are blue, hidden units orange, outputs green; the edges that make a type special are
    coloured.  ``axes`` is a sequence of four axes (made if not given).  Returns the figure.
    """
    if axes is None:
        fig, axes = plt.subplots(1, 4, figsize=(13, 2.9))
    else:
        fig = axes[0].figure
    if len(axes) != 4:
        raise ValueError("draw_graph_types needs four axes")
    sizes, dx, dy, r = (2, 3, 3, 1), 1.5, 1.0, 0.22
    pos = [[(layer * dx, (n - 1) / 2 * dy - k * dy) for k in range(n)] for layer, n in
           enumerate(sizes)]  # fmt: skip
    dense = [((m, i), (m + 1, j)) for m in range(3) for i in range(sizes[m])
             for j in range(sizes[m + 1])]  # fmt: skip
    sparse = [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 1), (1, 2)), ((1, 0), (2, 0)),
              ((1, 1), (2, 0)), ((1, 2), (2, 2)), ((1, 1), (2, 1)), ((2, 0), (3, 0)),
              ((2, 1), (3, 0)), ((2, 2), (3, 0))]  # fmt: skip
    skips = [((0, 0), (2, 0), -0.4), ((1, 2), (3, 0), 0.5)]  # (from, to, curvature)
    loops = [(1, 0), (2, 1)]  # units that feed themselves
    backs = [((2, 2), (1, 2)), ((3, 0), (2, 0))]  # edges to an earlier layer
    grey, special = "0.55", PALETTE["vermillion"]

    def edge(ax, a, b, color=grey, rad=0.0, lw=0.9):
        (x0, y0), (x1, y1) = pos[a[0]][a[1]], pos[b[0]][b[1]]
        ax.add_patch(patches.FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>",
                                             mutation_scale=9, color=color, lw=lw,
                                             connectionstyle=f"arc3,rad={rad}",
                                             shrinkA=9.5, shrinkB=9.5, zorder=1))  # fmt: skip

    panels = [
        ("feed-forward", dense, [], [], "every unit feeds the next layer"),
        ("sparse", sparse, [], [], "many edges left out"),
        ("skip connections", dense, skips, [], "edges jump over a layer"),
        ("recurrent", dense, [], backs, "edges lead back: a memory"),
    ]
    colors = [PALETTE["blue"], PALETTE["orange"], PALETTE["orange"], PALETTE["green"]]
    for ax, (title, forward, jumps, back, note) in zip(axes, panels):
        ax.set_xlim(-0.5, 3 * dx + 0.5)
        ax.set_ylim(-1.75, 1.55)
        ax.set_aspect("equal")
        ax.axis("off")
        for a, b in forward:
            edge(ax, a, b)
        for a, b, rad in jumps:
            edge(ax, a, b, color=special, rad=rad, lw=1.5)
        for a, b in back:
            edge(ax, a, b, color=special, rad=0.45, lw=1.5)
        if back:
            for layer, k in loops:
                x, y = pos[layer][k]
                ax.add_patch(patches.FancyArrowPatch((x - 0.15, y + 0.16), (x + 0.15, y + 0.16),
                                                     arrowstyle="-|>", mutation_scale=9,
                                                     color=special, lw=1.5, shrinkA=0, shrinkB=0,
                                                     connectionstyle="arc3,rad=-2.6",
                                                     zorder=1))  # fmt: skip
        for layer, units in enumerate(pos):
            for x, y in units:
                ax.add_patch(patches.Circle((x, y), r, facecolor="white",
                                            edgecolor=colors[layer], lw=1.8, zorder=2))  # fmt: skip
        ax.set_title(title, fontsize=10)
        ax.text(1.5 * dx, -1.65, note, ha="center", va="bottom", fontsize=8.5, color="0.3")
    return fig


# --- chapter 20: recurrent networks

_RNN_ROLES = {  # role -> (edge colour, fill) for boxes of the sequence diagrams
    "input": (PALETTE["blue"], "#d4e6f4"),
    "hidden": (PALETTE["orange"], "#fbe5b6"),
    "output": (PALETTE["green"], "#cdeee4"),
}


def _rnn_box(ax, xy, role, text="", w=0.62, h=0.46, fontsize=9, dashed=False):
    """A rounded box centred at ``xy`` in the colours of ``role`` (input, hidden, output)."""
    edge, fill = _RNN_ROLES[role]
    ax.add_patch(patches.FancyBboxPatch((xy[0] - w / 2, xy[1] - h / 2), w, h,
                                        boxstyle="round,pad=0.02", facecolor=fill,
                                        edgecolor=edge, lw=1.6, zorder=2,
                                        linestyle="--" if dashed else "-"))  # fmt: skip
    if text:
        ax.text(xy[0], xy[1], text, ha="center", va="center", fontsize=fontsize, zorder=3)


def _link(ax, start, end, color="0.3", lw=1.2, rad=0.0, style="-|>", ls="-", shrink=0.0):
    """An arrow from ``start`` to ``end`` (data coordinates), optionally curved by ``rad``."""
    ax.add_patch(patches.FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=10,
                                         color=color, lw=lw, linestyle=ls, zorder=1,
                                         connectionstyle=f"arc3,rad={rad}",
                                         shrinkA=shrink, shrinkB=shrink))  # fmt: skip


def _sequence_panel(ax, n_steps, inputs, outputs, title, note, span):
    """One of Karpathy's RNN flavours: ``n_steps`` hidden boxes joined left to right, input
    boxes below the steps in ``inputs``, output boxes above those in ``outputs``."""
    ax.set_xlim(-0.55, span - 0.45)
    ax.set_ylim(-0.95, 2.75)
    ax.set_aspect("equal")
    ax.axis("off")
    for t in range(n_steps):
        _rnn_box(ax, (t, 1), "hidden")
        if t in inputs:
            _rnn_box(ax, (t, 0), "input")
            _link(ax, (t, 0.23), (t, 0.77))
        if t in outputs:
            _rnn_box(ax, (t, 2), "output")
            _link(ax, (t, 1.23), (t, 1.77))
        if t:
            _link(ax, (t - 0.69, 1), (t - 0.31, 1), color=PALETTE["vermillion"], lw=1.6)
    ax.text((n_steps - 1) / 2, 2.55, title, ha="center", va="center", fontsize=10,
            fontweight="bold")  # fmt: skip
    ax.text((n_steps - 1) / 2, -0.32, note, ha="center", va="top", fontsize=8.5, color="0.3")


def draw_rnn_flavours(axes=None):
    """The shapes of sequence tasks, after Karpathy's "The Unreasonable Effectiveness of
    Recurrent Neural Networks" (2015): one-to-one, one-to-many, many-to-one, many-to-many with
    an encoder and a decoder (seq2seq), and synced many-to-many.

    Inputs are blue boxes (bottom), hidden states orange (middle), outputs green (top); the
    vermillion arrows carry the hidden state from one time step to the next.  ``axes`` is a
    sequence of five axes (made, with widths matched to the panels, if not given).  Returns the
    figure.
    """
    panels = [  # steps, inputs, outputs, title, example
        (1, {0}, {0}, "one to one", "image → class\n(no recurrence)"),
        (4, {0}, {0, 1, 2, 3}, "one to many", "image → caption,\ngeneration"),
        (4, {0, 1, 2, 3}, {3}, "many to one", "review → sentiment"),
        (6, {0, 1, 2}, {3, 4, 5}, "many to many (seq2seq)", "sentence → translation"),
        (4, {0, 1, 2, 3}, {0, 1, 2, 3}, "many to many (synced)", "video → label per frame"),
    ]
    spans = [max(p[0], 1.6) for p in panels]
    if axes is None:
        fig, axes = plt.subplots(1, 5, figsize=(15, 3.3), gridspec_kw={"width_ratios": spans})
    else:
        fig = axes[0].figure
    if len(axes) != 5:
        raise ValueError("draw_rnn_flavours needs five axes")
    for ax, span, (n, ins, outs, title, note) in zip(axes, spans, panels):
        _sequence_panel(ax, n, ins, outs, title, note, span)
    seq2seq = axes[3]
    for x0, x1, name, y in ((-0.45, 2.45, "encoder", 1.75), (2.55, 5.45, "decoder", 0.25)):
        seq2seq.add_patch(patches.Rectangle((x0, 0.62), x1 - x0, 0.76, fill=False, lw=0.8,
                                            linestyle=":", edgecolor="0.4"))  # fmt: skip
        seq2seq.text((x0 + x1) / 2, y, name, ha="center", va="center", fontsize=8.5, color="0.3")
    return fig


def draw_deep_rnns(axes=None):
    """Three ways to build on the basic recurrent layer, one per panel: **stacked** (deep)
    RNNs, where the hidden states of one layer are the inputs of the next; **bidirectional**
    RNNs, one layer reading left to right and one right to left, both feeding each output;
    and classifying an image from a sequence of **glimpses** (many to one over crops).

    ``axes`` is a sequence of three axes (made if not given).  Returns the figure.
    """
    if axes is None:
        ratios = {"width_ratios": [4.4, 5.9, 5.9]}
        fig, axes = plt.subplots(1, 3, figsize=(14, 3.6), gridspec_kw=ratios)
    else:
        fig = axes[0].figure
    if len(axes) != 3:
        raise ValueError("draw_deep_rnns needs three axes")
    red = PALETTE["vermillion"]
    for ax in axes:
        ax.set_aspect("equal")
        ax.axis("off")
    ax = axes[0]  # stacked
    ax.set_xlim(-0.9, 3.5)
    ax.set_ylim(-0.55, 3.75)
    for t in range(4):
        _rnn_box(ax, (t, 0), "input", f"$x_{t + 1}$")
        for layer in (1, 2):
            _rnn_box(ax, (t, layer), "hidden", f"$h^{{({layer})}}_{t + 1}$", fontsize=8)
            _link(ax, (t, layer - 0.77), (t, layer - 0.23))
            if t:
                _link(ax, (t - 0.69, layer), (t - 0.31, layer), color=red, lw=1.6)
        _rnn_box(ax, (t, 3), "output", f"$\\hat y_{t + 1}$")
        _link(ax, (t, 2.23), (t, 2.77))
    for layer in (1, 2):
        ax.text(-0.45, layer, f"layer {layer}", ha="right", va="center", fontsize=8, color="0.3")
    ax.set_title("stacked (deep): layer 2 reads\nlayer 1's hidden states", fontsize=10)
    ax = axes[1]  # bidirectional
    ax.set_xlim(-0.9, 5.2)
    ax.set_ylim(-0.55, 3.75)
    for t in range(4):
        x = 1.5 * t
        _rnn_box(ax, (x, 0), "input", f"$x_{t + 1}$")
        _rnn_box(ax, (x, 1), "hidden", rf"$\overrightarrow{{h}}_{{{t + 1}}}$", fontsize=9)
        _rnn_box(ax, (x, 2), "hidden", rf"$\overleftarrow{{h}}_{{{t + 1}}}$", fontsize=9)
        _rnn_box(ax, (x, 3), "output", f"$\\hat y_{t + 1}$")
        _link(ax, (x, 0.23), (x, 0.77))
        _link(ax, (x, 2.23), (x, 2.77))
        _link(ax, (x + 0.31, 0.05), (x + 0.31, 1.95), rad=0.45)  # input -> backward layer
        _link(ax, (x - 0.31, 1.05), (x - 0.31, 2.95), rad=-0.45)  # forward layer -> output
        if t:
            _link(ax, (x - 1.19, 1), (x - 0.31, 1), color=red, lw=1.6)
            _link(ax, (x - 0.31, 2), (x - 1.19, 2), color=PALETTE["purple"], lw=1.6)
    ax.text(-0.45, 1, "forward", ha="right", va="center", fontsize=8, color="0.3")
    ax.text(-0.45, 2, "backward", ha="right", va="center", fontsize=8, color="0.3")
    ax.set_title("bidirectional: each output sees\nthe past and the future", fontsize=10)
    ax = axes[2]  # glimpses
    ax.set_xlim(-0.3, 5.6)
    ax.set_ylim(-0.55, 3.75)
    ax.add_patch(patches.Rectangle((0, 0.3), 2.6, 2.6, facecolor="0.93", edgecolor="0.5"))
    ax.text(1.3, 0.12, "image", ha="center", va="top", fontsize=8, color="0.3")
    crops = [(0.25, 1.85), (1.2, 1.3), (0.6, 0.5)]
    for k, (x, y) in enumerate(crops):
        ax.add_patch(patches.Rectangle((x, y), 0.8, 0.8, fill=False, lw=1.6,
                                       edgecolor=PALETTE["blue"]))  # fmt: skip
        ax.text(x + 0.4, y + 0.4, str(k + 1), ha="center", va="center", fontsize=10)
    for k in range(3):
        xy = (3.2 + 0.85 * k, 1.2)
        _rnn_box(ax, (xy[0], 0.35), "input", f"crop {k + 1}", w=0.72, fontsize=7)
        _rnn_box(ax, xy, "hidden", w=0.5)
        _link(ax, (xy[0], 0.58), (xy[0], 0.97))
        if k:
            _link(ax, (xy[0] - 0.6, 1.2), (xy[0] - 0.25, 1.2), color=red, lw=1.6)
    _rnn_box(ax, (4.9, 2.2), "output", "class", w=0.72)
    _link(ax, (4.9, 1.43), (4.9, 1.97))
    ax.set_title("glimpses: one class from\na sequence of crops", fontsize=10)
    return fig


def draw_rnn_unrolled(ax=None, steps: int = 4, weights=None, x_labels=None, h_labels=None,
                      y_labels=None, h0_label="$h_0 = 0$"):  # fmt: skip
    """A recurrent network rolled up (left: one cell whose hidden state loops back to itself)
    and unrolled through time (right: one copy per time step, joined by the hidden state).

    The same three weight names (``weights``, default ``W_xh``, ``W_hh``, ``W_hy``) label the
    arrows of every copy, in the same colours: the copies share one set of weights.
    ``x_labels``, ``h_labels`` and ``y_labels`` (one string per step) replace the default
    ``x_t``, ``h_t`` and ``ŷ_t``, e.g. to write the numbers of a worked example in the boxes.
    Returns the axes.
    """
    if steps < 1:
        raise ValueError("draw_rnn_unrolled needs at least one step")
    w_in, w_rec, w_out = weights or ("$W_{xh}$", "$W_{hh}$", "$W_{hy}$")
    x_labels = x_labels or [f"$x_{t}$" for t in range(1, steps + 1)]
    h_labels = h_labels or [f"$h_{t}$" for t in range(1, steps + 1)]
    y_labels = y_labels or [f"$\\hat y_{t}$" for t in range(1, steps + 1)]
    if not len(x_labels) == len(h_labels) == len(y_labels) == steps:
        raise ValueError(f"give one label per step ({steps}) for x, h and y")
    dx, left = 1.8, 5.1
    width = left + dx * (steps - 1) + 0.8
    ax = ax or plt.subplots(figsize=(min(1.9 + 1.5 * steps, 16), 3.4))[1]
    ax.set_xlim(-1.0, width)
    ax.set_ylim(-0.75, 2.45)
    ax.set_aspect("equal")
    ax.axis("off")
    c_in, c_rec, c_out = PALETTE["blue"], PALETTE["vermillion"], PALETTE["green"]
    w, h = 1.0, 0.5
    # rolled: one cell, its hidden state looping back into itself
    _rnn_box(ax, (0, 0), "input", "$x_t$", w=w, h=h)
    _rnn_box(ax, (0, 1), "hidden", "$h_t$", w=w, h=h)
    _rnn_box(ax, (0, 2), "output", "$\\hat y_t$", w=w, h=h)
    _link(ax, (0, 0.25), (0, 0.75), color=c_in, lw=1.6)
    _link(ax, (0, 1.25), (0, 1.75), color=c_out, lw=1.6)
    ax.add_patch(patches.FancyArrowPatch((0.52, 1.12), (0.52, 0.88), arrowstyle="-|>",
                                         mutation_scale=10, color=c_rec, lw=1.6, zorder=1,
                                         connectionstyle="arc,angleA=0,angleB=0,armA=22,armB=22,"
                                         "rad=6"))  # fmt: skip
    ax.text(-0.1, 0.5, w_in, ha="right", va="center", fontsize=9, color=c_in)
    ax.text(-0.1, 1.5, w_out, ha="right", va="center", fontsize=9, color=c_out)
    ax.text(1.02, 1.3, w_rec, ha="left", va="bottom", fontsize=9, color=c_rec)
    ax.text(0, -0.55, "rolled", ha="center", va="center", fontsize=9, color="0.3")
    ax.text(2.1, 1, "=", ha="center", va="center", fontsize=22, color="0.3")
    ax.text(left + dx * (steps - 1) / 2, -0.55 - 0.0, "", ha="center")
    # unrolled: one copy per step, h_0 on the left
    x0 = left - dx
    ax.add_patch(patches.FancyBboxPatch((x0 - 0.5, 0.75), 1.0, 0.5, boxstyle="round,pad=0.02",
                                        facecolor="white", edgecolor="0.5", lw=1.2,
                                        linestyle="--"))  # fmt: skip
    ax.text(x0, 1, h0_label, ha="center", va="center", fontsize=8.5)
    for t in range(steps):
        x = left + dx * t
        _rnn_box(ax, (x, 0), "input", x_labels[t], w=w, h=h, fontsize=8.5)
        _rnn_box(ax, (x, 1), "hidden", h_labels[t], w=w, h=h, fontsize=8.5)
        _rnn_box(ax, (x, 2), "output", y_labels[t], w=w, h=h, fontsize=8.5)
        _link(ax, (x, 0.25), (x, 0.75), color=c_in, lw=1.6)
        _link(ax, (x, 1.25), (x, 1.75), color=c_out, lw=1.6)
        _link(ax, (x - dx + 0.52, 1), (x - 0.52, 1), color=c_rec, lw=1.6)
        ax.text(x + 0.08, 0.5, w_in, ha="left", va="center", fontsize=8, color=c_in)
        ax.text(x + 0.08, 1.5, w_out, ha="left", va="center", fontsize=8, color=c_out)
        ax.text(x - dx / 2, 1.08, w_rec, ha="center", va="bottom", fontsize=8, color=c_rec)
        ax.text(x, -0.55, f"t = {t + 1}", ha="center", va="center", fontsize=9, color="0.3")
    return ax


def _node(ax, xy, role, text="", r=0.27, fontsize=9, dashed=False):
    edge, fill = _RNN_ROLES[role]
    ax.add_patch(patches.Circle(xy, r, facecolor=fill if dashed else "white", edgecolor=edge,
                                lw=1.6, zorder=2, linestyle="--" if dashed else "-"))  # fmt: skip
    if text:
        ax.text(*xy, text, ha="center", va="center", fontsize=fontsize, zorder=3)


def _edge(ax, a, b, color="0.6", lw=0.8, rad=0.0, ls="-"):
    ax.add_patch(patches.FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=8, color=color,
                                         lw=lw, linestyle=ls, shrinkA=8.5, shrinkB=8.5, zorder=1,
                                         connectionstyle=f"arc3,rad={rad}"))  # fmt: skip


def draw_recurrent_edge_types(axes=None):
    """The kinds of recurrent edge, drawn on a small network unrolled over three time steps
    (each column is the network at one step: input at the bottom, two hidden layers, output
    on top; grey edges are the ordinary feed-forward ones).  A recurrent edge always goes to
    a later time step; it can lead to the **same node**, **back to an earlier layer**,
    **forward to a later layer**, or **skip several steps** at once.

    ``axes`` is a sequence of four axes (made if not given).  Returns the figure.
    """
    if axes is None:
        fig, axes = plt.subplots(1, 4, figsize=(14, 3.4))
    else:
        fig = axes[0].figure
    if len(axes) != 4:
        raise ValueError("draw_recurrent_edge_types needs four axes")
    dx, roles = 1.5, ("input", "hidden", "hidden", "output")
    panels = [  # title, [(from (step, layer), to (step, layer))]
        ("to the same node", [((0, 1), (1, 1)), ((1, 1), (2, 1))]),
        ("back to an earlier layer", [((0, 3), (1, 1)), ((1, 3), (2, 1))]),
        ("forward to a later layer", [((0, 1), (1, 2)), ((1, 1), (2, 2))]),
        ("across two time steps", [((0, 2), (2, 2))]),
    ]
    for ax, (title, recurrent) in zip(axes, panels):
        ax.set_xlim(-0.6, 2 * dx + 0.6)
        ax.set_ylim(-0.8, 3.6)
        ax.set_aspect("equal")
        ax.axis("off")
        for t in range(3):
            for layer in range(3):
                _edge(ax, (t * dx, layer), (t * dx, layer + 1))
            for layer, role in enumerate(roles):
                _node(ax, (t * dx, layer), role)
            ax.text(t * dx, -0.6, f"t = {t + 1}", ha="center", va="center", fontsize=8.5,
                    color="0.3")  # fmt: skip
        for (s0, l0), (s1, l1) in recurrent:
            rad = -0.35 if s1 - s0 > 1 else (0.0 if l0 == l1 else -0.15)
            _edge(ax, (s0 * dx, l0), (s1 * dx, l1), color=PALETTE["vermillion"], lw=1.7, rad=rad)
        ax.set_title(title, fontsize=10)
    return fig


def draw_elman_jordan(axes=None, n_in: int = 2, n_hidden: int = 3, n_out: int = 1):
    """Jordan's network (1986) beside Elman's (1990), with ``n_in`` inputs, ``n_hidden``
    hidden units and ``n_out`` outputs, drawn bottom to top.  Each keeps a copy of last
    step's values in *context units* (dashed, beside the inputs): Jordan copies the
    **output** and feeds it to every hidden unit (``n_out × n_hidden`` trainable recurrent
    weights), Elman copies the **hidden layer** and feeds it to every hidden unit
    (``n_hidden × n_hidden``).  The recurrent weights are vermillion, the copies dashed grey;
    each title gives the count.  Returns the figure.
    """
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(11, 4.0))
    else:
        fig = axes[0].figure
    if len(axes) != 2:
        raise ValueError("draw_elman_jordan needs two axes")
    red = PALETTE["vermillion"]

    def row(n, centre, y, gap=1.0):
        return [(centre + gap * (k - (n - 1) / 2), y) for k in range(n)]

    for ax, kind in zip(axes, ("Jordan", "Elman")):
        n_ctx = n_out if kind == "Jordan" else n_hidden
        ins = row(n_in, (n_in - 1) / 2, 0)
        ctx = row(n_ctx, n_in + 0.6 + (n_ctx - 1) / 2, 0)
        width = ctx[-1][0]
        mid = width / 2
        hid, outs = row(n_hidden, mid, 1.8, gap=1.25), row(n_out, mid, 3.4, gap=1.25)
        ax.set_xlim(-0.8, width + 2.4)
        ax.set_ylim(-1.0, 3.9)
        ax.set_aspect("equal")
        ax.axis("off")
        for a in ins:
            for b in hid:
                _edge(ax, a, b)
        for a in hid:
            for b in outs:
                _edge(ax, a, b)
        for c in ctx:
            for b in hid:
                _edge(ax, c, b, color=red, lw=1.4)
        x0, x1 = ctx[0][0] - 0.42, ctx[-1][0] + 0.42
        ax.add_patch(patches.FancyBboxPatch((x0, -0.42), x1 - x0, 0.84, boxstyle="round,pad=0.02",
                                            fill=False, edgecolor="0.45", lw=0.9,
                                            linestyle="--"))  # fmt: skip
        source = outs[-1] if kind == "Jordan" else hid[-1]
        start = (source[0] + 0.3, source[1])
        ax.add_patch(patches.FancyArrowPatch(start, (x1 + 0.02, 0.0), arrowstyle="-|>",
                                             mutation_scale=10, color="0.35", lw=1.1,
                                             linestyle="--", zorder=1,
                                             connectionstyle="arc,angleA=0,angleB=0,armA=40,"
                                             "armB=30,rad=12"))  # fmt: skip
        what = "output" if kind == "Jordan" else "hidden layer"
        ax.text(x1 + 1.3, (start[1] + 0.0) / 2, f"copy of the\n{what}\n(weight 1,\nnot trained)",
                ha="left", va="center", fontsize=8, color="0.3")  # fmt: skip
        for k, xy in enumerate(ins):
            _node(ax, xy, "input", f"$x_{k + 1}$")
        for k, xy in enumerate(hid):
            _node(ax, xy, "hidden", f"$h_{k + 1}$")
        for k, xy in enumerate(outs):
            _node(ax, xy, "output", "$\\hat y$" if n_out == 1 else f"$\\hat y_{k + 1}$")
        for xy in ctx:
            _node(ax, xy, "output" if kind == "Jordan" else "hidden", dashed=True)
        ax.text((x0 + x1) / 2, -0.55, "context units", ha="center", va="top", fontsize=8,
                color="0.3")  # fmt: skip
        ax.text((ins[0][0] + ins[-1][0]) / 2, -0.55, "inputs", ha="center", va="top", fontsize=8,
                color="0.3")  # fmt: skip
        year = 1986 if kind == "Jordan" else 1990
        ax.set_title(f"{kind} ({year}): {n_ctx} × {n_hidden} = {n_ctx * n_hidden} recurrent "
                     "weights", fontsize=10)  # fmt: skip
    return fig


def draw_lagged_models(axes=None, lags: int = 2):
    """Three models from time-series statistics, as the course's source presents them, with
    ``lags`` past values: **NOE** gets the past *true* targets as extra inputs (no recurrence:
    it trains like a feed-forward network); **NARX** gets its own past *predictions* back over
    recurrent edges of fixed weight 1; **NBJ** gets the past targets and its past *errors*
    ``e = y - ŷ`` back, again with weight 1.  Every model also reads the current and lagged
    inputs ``x``.  Edges fed back from the output are dashed vermillion.  Returns the figure.
    """
    if axes is None:
        fig, axes = plt.subplots(1, 3, figsize=(14, 4.6))
    else:
        fig = axes[0].figure
    if len(axes) != 3:
        raise ValueError("draw_lagged_models needs three axes")
    if lags < 1:
        raise ValueError("lags must be at least 1")
    red = PALETTE["vermillion"]
    xs = ["$x_t$"] + [f"$x_{{t-{k}}}$" for k in range(1, lags + 1)]
    ys = [f"$y_{{t-{k}}}$" for k in range(1, lags + 1)]
    preds = [f"$\\hat y_{{t-{k}}}$" for k in range(1, lags + 1)]
    errs = [f"$e_{{t-{k}}}$" for k in range(1, lags + 1)]
    panels = [  # name, extra inputs [(label, fed back from the output?)], note
        ("NOE", [(s, False) for s in ys], "past true targets (from the data):\nno recurrence"),
        ("NARX", [(s, True) for s in preds], "its own past predictions,\nfed back with weight 1"),
        ("NBJ", [(s, False) for s in ys] + [(s, True) for s in errs],
         "past targets, and past errors e = y − ŷ\nfed back with weight 1"),
    ]  # fmt: skip
    n_max = len(xs) + 2 * lags
    for ax, (name, extra, note) in zip(axes, panels):
        labels = [(s, "input", False) for s in xs] + [(s, "output", fb) for s, fb in extra]
        n = len(labels)
        ax.set_xlim(-1.6, 4.9)
        ax.set_ylim(-n_max / 2 - 1.4, n_max / 2 + 0.2)
        ax.set_aspect("equal")
        ax.axis("off")
        left = [(0, (n - 1) / 2 - k) for k in range(n)]
        hid = [(2, 1.0 - k) for k in range(3)]
        out = (3.9, 0.0)
        for a in left:
            for b in hid:
                _link(ax, (a[0] + 0.45, a[1]), b, color="0.65", lw=0.6, shrink=8)
        for b in hid:
            _edge(ax, b, out)
        for (text, role, fed), (x, y) in zip(labels, left):
            _rnn_box(ax, (x, y), role, text, w=0.9, h=0.62, fontsize=9, dashed=role == "output")
            if fed:
                ax.add_patch(patches.FancyArrowPatch(out, (x + 0.45, y - 0.12), arrowstyle="-|>",
                                                     mutation_scale=9, color=red, lw=1.3,
                                                     linestyle="--", shrinkA=11, shrinkB=1,
                                                     connectionstyle="angle3,angleA=-90,angleB=0",
                                                     zorder=1))  # fmt: skip
        for xy in hid:
            _node(ax, xy, "hidden")
        _node(ax, out, "output", "$\\hat y_t$", r=0.32)
        ax.set_title(name, fontsize=11, fontweight="bold")
        ax.text(1.6, -n_max / 2 - 0.75, note, ha="center", va="center", fontsize=8.5,
                color="0.3")  # fmt: skip
    return fig


# --- chapter 21: training RNNs


def draw_bptt(steps: int = 6, chunk: int | None = None, ax=None):
    """An RNN unrolled over ``steps`` time steps with a loss at every step: inputs x_t at the
    bottom, hidden states h_t in the middle, losses L_t on top.  Grey arrows are the forward
    pass; vermillion arrows are the gradient flowing back (backpropagation through time).

    With ``chunk``, truncated BPTT: the sequence is cut into chunks of ``chunk`` steps; the
    hidden state still flows forward across a cut, but no gradient flows back across it
    (``h.detach()`` in PyTorch).  Returns the axes.
    """
    if steps < 2 or (chunk is not None and chunk < 1):
        raise ValueError("draw_bptt needs at least 2 steps and a positive chunk")
    ax = _blank(ax, (-1.7, 2 * steps - 0.9), (-0.75, 4.15), (1.35 * steps + 1.2, 3.6))
    grey, red, blue = "0.45", PALETTE["vermillion"], PALETTE["blue"]
    xs = [2 * t for t in range(steps)]
    ax.text(-1.35, 1.8, "$h_0$", ha="center", va="center", fontsize=11)
    _arrow(ax, (-1.05, 1.8), (xs[0] - 0.42, 1.8), color=grey)
    for t, x in enumerate(xs, start=1):
        ax.add_patch(patches.Circle((x, 1.8), 0.4, facecolor="white", edgecolor=blue, lw=1.8))
        ax.text(x, 1.8, f"$h_{{{t}}}$", ha="center", va="center", fontsize=11)
        ax.text(x, 0.0, f"$x_{{{t}}}$", ha="center", va="center", fontsize=11)
        loss_box = {"boxstyle": "round,pad=0.25", "facecolor": REGION[1], "edgecolor": "none"}
        ax.text(x, 3.55, f"$L_{{{t}}}$", ha="center", va="center", fontsize=11, bbox=loss_box)
        _arrow(ax, (x, 0.3), (x, 1.38), color=grey)
        _arrow(ax, (x - 0.12, 2.22), (x - 0.12, 3.25), color=grey)
        _arrow(ax, (x + 0.14, 3.25), (x + 0.14, 2.22), color=red, lw=1.5)
        if t < steps:
            _arrow(ax, (x + 0.42, 1.9), (x + 1.58, 1.9), color=grey)
            if chunk is not None and t % chunk == 0:
                ax.plot([x + 1, x + 1], [-0.55, 4.0], ls="--", color="0.3", lw=1)
                ax.text(x + 1, -0.7, "detach()", ha="center", va="top", fontsize=8.5)
            else:
                _arrow(ax, (x + 1.58, 1.62), (x + 0.42, 1.62), color=red, lw=1.5)
    return ax


def draw_jordan_network(w=None, ax=None):
    """The Jordan network of chapter 21's hand example: inputs x0, x1, two tanh hidden units
    H0, H1, an identity output ŷ, and the previous output ŷ_{t-1} fed back to both hidden
    units.  Edge labels name the weights w0..w7 (with their values when ``w`` is given).
    Returns the axes."""
    ax = _blank(ax, (-0.9, 8.4), (-2.9, 3.0), (7.5, 4.4))
    blue, orange, green, red = (PALETTE[k] for k in ("blue", "orange", "green", "vermillion"))
    pos = {"x0": (0, 2), "x1": (0, 0), "H0": (3.2, 2), "H1": (3.2, 0), "y": (6.4, 1),
           "ctx": (1.6, -2.0)}  # fmt: skip
    names = {"x0": "$x_0$", "x1": "$x_1$", "H0": "$H_0$", "H1": "$H_1$", "y": r"$\hat y_t$",
             "ctx": r"$\hat y_{t-1}$"}  # fmt: skip
    colors = {"x0": blue, "x1": blue, "H0": orange, "H1": orange, "y": green, "ctx": green}
    r = 0.42

    def label(k):
        return f"$w_{k}$" if w is None else f"$w_{k}$ = {w[k]:g}"

    def edge(a, b, k, text_xy, color="0.3"):
        start, end = np.array(pos[a], dtype=float), np.array(pos[b], dtype=float)
        unit = (end - start) / np.linalg.norm(end - start)
        _arrow(ax, start + r * unit, end - r * unit, color=color, lw=1.3)
        ax.text(*text_xy, label(k), ha="center", va="center", fontsize=9, color=color,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})  # fmt: skip

    edge("x0", "H0", 0, (1.6, 2.25))
    edge("x0", "H1", 1, (0.95, 1.3))
    edge("x1", "H0", 2, (0.95, 0.7))
    edge("x1", "H1", 3, (1.6, -0.25))
    edge("H0", "y", 4, (4.9, 1.85))
    edge("H1", "y", 5, (4.9, 0.15))
    edge("ctx", "H0", 6, (2.05, 0.6), color=red)
    edge("ctx", "H1", 7, (2.95, -1.2), color=red)
    for key, (x, y) in pos.items():
        ax.add_patch(patches.Circle((x, y), r, facecolor="white", edgecolor=colors[key], lw=1.8,
                                    zorder=3))  # fmt: skip
        ax.text(x, y, names[key], ha="center", va="center", fontsize=10, zorder=4)
    ax.add_patch(patches.FancyArrowPatch((6.4, 1 - r), (1.6 + r, -2.0), arrowstyle="-|>",
                                         mutation_scale=12, color=red, lw=1.2, ls="--",
                                         connectionstyle="arc3,rad=-0.3"))  # fmt: skip
    ax.text(5.5, -1.75, "kept for the next step", ha="center", fontsize=8.5, color=red)
    ax.text(3.2, 2.75, "tanh", ha="center", fontsize=8.5, color="0.3")
    ax.text(6.4, 1.75, "identity", ha="center", fontsize=8.5, color="0.3")
    return ax


def plot_runs(
    runs: dict,
    ax=None,
    ylabel: str = "loss",
    xlabel: str = "step",
    logy: bool = True,
    smooth: int = 1,
    ymax: float | None = None,
    band: bool = False,
    title: str | None = None,
):
    """Training curves of several settings with several seeds each: a thin line per seed and
    a thick line for the median over seeds (drawn while every seed is still running).

    ``runs`` is ``{label: [curve per seed]}`` (1-D arrays, possibly of different lengths).  A
    run that diverged (a NaN or inf, or a curve that stops early) ends with a cross.
    ``smooth`` averages each curve over that many steps (geometric mean on a log scale);
    ``ymax`` cuts the axis there, so a run that blows up leaves through the top edge.

    ``band=True`` draws instead, per setting, the mean over seeds as a line with small
    markers (one line style per setting, since such curves often overlap) and the mean ± one
    standard deviation over seeds as a shaded band (with two seeds or more); the curves of
    one setting must then have the same length (a 2-D array (seeds, steps) also works, and a
    1-D array is one seed). ``title`` sets the axes' title. Returns the axes."""
    ax = ax or plt.subplots(figsize=(6, 3.6))[1]
    top = np.inf if ymax is None else ymax

    def smoothed(c):
        c = np.log10(np.maximum(c, 1e-300)) if logy else c
        if smooth > 1 and len(c) >= smooth:
            c = np.r_[c[: smooth - 1], np.convolve(c, np.ones(smooth) / smooth, "valid")]
        return 10**c if logy else c

    styles = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1)))
    for k, (color, (name, curves)) in enumerate(zip(COLORS, runs.items())):
        if band:
            grid = np.atleast_2d(np.asarray(curves, dtype=float))
            grid = np.array([smoothed(c) for c in grid])
            x, mean = np.arange(1, grid.shape[1] + 1), grid.mean(axis=0)
            ax.plot(x, np.minimum(mean, top), linestyle=styles[k % len(styles)], marker="o",
                    ms=3, color=color, lw=1.6, label=name)  # fmt: skip
            if len(grid) > 1:
                sd = grid.std(axis=0, ddof=1)
                ax.fill_between(x, mean - sd, np.minimum(mean + sd, top), color=color,
                                alpha=0.2, lw=0)  # fmt: skip
            continue
        curves = [np.asarray(c, dtype=float) for c in curves]
        longest = max(len(c) for c in curves)
        grid = np.full((len(curves), longest), np.nan)
        for i, c in enumerate(curves):
            finite = np.isfinite(c)
            stop = len(c) if finite.all() else int(np.argmin(finite))
            grid[i, :stop] = smoothed(c[:stop]) if stop else []
            shown = np.minimum(grid[i, :stop], top)
            ax.plot(np.arange(1, stop + 1), shown, color=color, lw=0.6, alpha=0.45)
            if stop and (stop < longest or not finite.all()):
                ax.plot(stop, min(c[stop - 1], top), "x", color=color, ms=8, mew=2, clip_on=False)
        alive = ~np.isnan(grid).any(axis=0)
        median = np.minimum(np.median(grid[:, alive], axis=0), top)
        ax.plot(np.arange(1, longest + 1)[alive], median, color=color, lw=2, label=name)
    if logy:
        ax.set_yscale("log")
    if ymax is not None:
        ax.set_ylim(top=ymax)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


# --- chapter 24: char-RNN


def _char_grid(text: str, ncols: int) -> list[tuple[int, int, str]]:
    """(row, column, shown character) of each character: lines wrap at newlines (drawn as ⏎)
    and after ``ncols`` characters."""
    cells, row, col = [], 0, 0
    for ch in text:
        if col >= ncols:
            row, col = row + 1, 0
        cells.append((row, col, "⏎" if ch == "\n" else ch))
        if ch == "\n":
            row, col = row + 1, 0
        else:
            col += 1
    return cells


def plot_char_values(
    text: str,
    values,
    ax=None,
    vmin: float = 0.0,
    vmax: float = 1.0,
    cmap: str = "RdBu_r",
    ncols: int = 64,
    label: str = "",
    title: str | None = None,
):
    """Each character of ``text`` on a tile coloured by ``values[i]``: Karpathy's way of showing
    what a character model does, e.g. the probability it gave each character (red: confident,
    blue: surprised) or the activation of one hidden unit.

    Lines wrap at newlines (drawn as ⏎) and after ``ncols`` characters.  A colour bar labelled
    ``label`` is added.  Returns the axes; ``ax.grid`` holds the values as a (rows, ncols)
    array (NaN where there is no character).
    """
    values = np.asarray(values, dtype=float).ravel()
    if len(values) != len(text):
        raise ValueError(f"{len(text)} characters but {len(values)} values")
    cells = _char_grid(text, ncols)
    rows = cells[-1][0] + 1 if cells else 1
    grid = np.full((rows, ncols), np.nan)
    for (r, c, _), v in zip(cells, values):
        grid[r, c] = v
    if ax is None:
        _, ax = plt.subplots(figsize=(0.12 * ncols + 1.6, 0.24 * rows + 0.7))
    # the middle three quarters of the colour map, so that black letters stay legible
    colours = ListedColormap(plt.get_cmap(cmap)(np.linspace(0.12, 0.88, 256)))
    im = ax.imshow(grid, cmap=colours, vmin=vmin, vmax=vmax, aspect="auto", interpolation="nearest")
    for r, c, ch in cells:
        ax.text(c, r, ch, ha="center", va="center", fontsize=8, family="monospace")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.figure.colorbar(im, ax=ax, label=label, fraction=0.03, pad=0.01)
    if title:
        ax.set_title(title, fontsize=10)
    ax.grid_values = grid
    return ax


def plot_rnn_trace(inputs, hidden, probs, chars, title: str | None = None):
    """A character RNN traced step by step: three heat maps over the time steps, the one-hot
    inputs (step × vocabulary), the hidden states (step × unit) and the output probabilities
    (step × vocabulary), every value written in its cell and the most probable next
    character outlined.  Returns the figure."""
    inputs, hidden, probs = (np.asarray(a, dtype=float) for a in (inputs, hidden, probs))
    steps = len(inputs)
    widths = [len(chars), hidden.shape[1], len(chars)]
    fig, axes = plt.subplots(1, 3, figsize=(11, 0.55 * steps + 1.6), width_ratios=widths)
    read = [chars[int(i)] for i in inputs.argmax(1)]
    units = range(hidden.shape[1])
    panels = [
        (inputs, "input $x_t$ (one-hot)", list(chars), "Greys", 0, 1),
        (hidden, "hidden state $h_t$", [f"unit {k}" for k in units], "RdBu_r", -1, 1),
        (probs, "output $p_t$ = softmax($y_t$)", list(chars), "Oranges", 0, 1),
    ]
    for ax, (data, name, xlabels, cmap, lo, hi) in zip(axes, panels):
        ax.imshow(data, cmap=cmap, vmin=lo, vmax=hi, aspect="auto")
        for t in range(steps):
            for k in range(data.shape[1]):
                v = data[t, k]
                dark = abs(v - lo) > 0.6 * (hi - lo) if cmap != "RdBu_r" else abs(v) > 0.6
                ax.text(k, t, f"{v:.2f}" if cmap != "Greys" else f"{v:.0f}", ha="center",
                        va="center", fontsize=8, color="white" if dark else "black")  # fmt: skip
        ax.set_xticks(range(data.shape[1]), xlabels, fontsize=8)
        ax.set_yticks(range(steps), [f"t={t + 1}: '{c}'" for t, c in enumerate(read)], fontsize=8)
        ax.set_title(name, fontsize=10)
        ax.grid(False)
    best = probs.argmax(1)
    for t, k in enumerate(best):
        axes[2].add_patch(patches.Rectangle((k - 0.5, t - 0.5), 1, 1, fill=False,
                                            edgecolor=MISTAKE, lw=2))  # fmt: skip
    axes[0].set_ylabel("time step: character read")
    axes[2].set_xlabel("outlined: most probable next character")
    if title:
        fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return fig


def draw_captioning(ax=None):
    """Diagram of image captioning: a CNN encodes the image, a late wide layer's activation sets
    the initial state of a one-to-many RNN, and the RNN emits the caption word by word, each
    word fed back as the next input.  Returns the axes."""
    ax = _blank(ax, (-0.3, 11.2), (-0.6, 3.3), (11, 3.4))
    blue, orange = PALETTE["blue"], PALETTE["orange"]

    def box(x, y, w, h, text, color, fontsize=9):
        shape = patches.FancyBboxPatch(
            (x, y), w, h, boxstyle="round,pad=0.05", facecolor="white", edgecolor=color, lw=1.8
        )
        ax.add_patch(shape)
        ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", fontsize=fontsize)

    # the image: a small checkerboard-like grid standing for pixels
    for i in range(4):
        for j in range(4):
            shade = 0.55 + 0.1 * ((i * 3 + j * 5) % 4)
            ax.add_patch(patches.Rectangle((0.1 + 0.3 * i, 0.9 + 0.3 * j), 0.3, 0.3,
                                           facecolor=str(shade), edgecolor="white"))  # fmt: skip
    ax.text(0.7, 0.6, "image", ha="center", va="top", fontsize=9)
    # the CNN: shrinking blocks
    for h, x in ((1.6, 1.8), (1.2, 2.35), (0.8, 2.85)):
        block = patches.Rectangle((x, 1.5 - h / 2), 0.35, h, facecolor="white", edgecolor=blue)
        ax.add_patch(block)
    ax.text(2.6, 0.25, "CNN encoder\n(conv + pool layers)", ha="center", va="center", fontsize=9)
    box(3.55, 1.2, 0.9, 0.6, "feature\nvector", blue, 8)
    _arrow(ax, (1.35, 1.5), (1.75, 1.5))
    _arrow(ax, (3.25, 1.5), (3.5, 1.5))
    # the RNN decoder, unrolled
    words = ["<start>", "a", "dog", "runs"]
    outs = ["a", "dog", "runs", "<end>"]
    for t, (w, o) in enumerate(zip(words, outs)):
        x = 5.3 + 1.45 * t
        box(x, 1.2, 0.9, 0.6, f"$h_{t + 1}$", orange)
        ax.text(x + 0.45, 0.25, w, ha="center", va="center", fontsize=9, family="monospace")
        _arrow(ax, (x + 0.45, 0.45), (x + 0.45, 1.12))
        ax.text(x + 0.45, 2.75, o, ha="center", va="center", fontsize=9, family="monospace")
        _arrow(ax, (x + 0.45, 1.88), (x + 0.45, 2.55))
        if t:
            _arrow(ax, (x - 0.5, 1.5), (x - 0.05, 1.5))
            feedback = dict(arrowstyle="->", color="0.55", lw=0.9, ls="--")
            ax.annotate("", xy=(x + 0.2, 0.42), xytext=(x - 0.75, 2.62), arrowprops=feedback)
    _arrow(ax, (4.5, 1.5), (5.25, 1.5))
    ax.text(4.87, 1.22, "initial\nstate", ha="center", va="top", fontsize=8, color="0.3")
    ax.text(8.2, 3.25, "RNN decoder (one-to-many): each word is fed back as the next input",
            ha="center", va="top", fontsize=9, color="0.3")  # fmt: skip
    return ax


def draw_ancestral_sampling(seed: str = "h", draws: str = "ello", ax=None):
    """Diagram of ancestral sampling from a character RNN: the ``seed`` character is read first;
    at every step the hidden state gives a softmax distribution ``p_t`` over the next
    character, one character is drawn from it, and the draw (dashed arrow) becomes the next
    step's input.  ``draws`` are the characters written in the diagram, one per step.
    Returns the axes."""
    if len(seed) != 1 or not draws:
        raise ValueError("draw_ancestral_sampling needs a one-character seed and some draws")
    steps, dx = len(draws), 1.7
    ax = _blank(ax, (-0.9, dx * (steps - 1) + 1.3), (-0.55, 4.05), (2.0 * steps + 1.6, 4.2))
    inputs = seed + draws[:-1]
    feed = PALETTE["vermillion"]
    for t in range(steps):
        x = dx * t
        _rnn_box(ax, (x, 0), "input", repr(inputs[t]), fontsize=9)
        _rnn_box(ax, (x, 1.15), "hidden", f"$h_{{{t + 1}}}$", fontsize=10)
        _rnn_box(ax, (x, 2.3), "output", f"$p_{{{t + 1}}}$", fontsize=10)
        ax.text(x, 3.45, repr(draws[t]), ha="center", va="center", fontsize=10,
                family="monospace", bbox={"boxstyle": "round,pad=0.25", "facecolor": "white",
                                          "edgecolor": feed})  # fmt: skip
        _link(ax, (x, 0.25), (x, 0.9))
        _link(ax, (x, 1.4), (x, 2.05))
        _link(ax, (x, 2.55), (x, 3.2))
        ax.text(x + 0.08, 2.87, "draw", ha="left", va="center", fontsize=7.5, color="0.35")
        if t:
            _link(ax, (x - dx + 0.33, 1.15), (x - 0.33, 1.15))
        if t < steps - 1:
            _link(ax, (x + 0.3, 3.35), (x + dx - 0.33, 0.1), color=feed, ls="--", rad=-0.15)
    ax.text(-0.75, 0, "input", ha="right", va="center", fontsize=8, color="0.3")
    ax.text(-0.75, 1.15, "state", ha="right", va="center", fontsize=8, color="0.3")
    ax.text(-0.75, 2.3, "softmax", ha="right", va="center", fontsize=8, color="0.3")
    ax.text(-0.75, 3.45, "drawn", ha="right", va="center", fontsize=8, color="0.3")
    ax.text(0, -0.45, "seed", ha="center", va="center", fontsize=8, color="0.3")
    return ax


# ------------------------------------------------------------------------ chapter 23: forecasting


def plot_forecasts(
    time,
    actual,
    forecasts=None,
    ax=None,
    title: str | None = None,
    ylabel: str = "passengers (thousands)",
    known_label: str = "known",
):
    """A series in blue and its forecasts in the next colours of the palette (orange first),
    as in chapter 23's airline figure.  ``forecasts`` maps a label to ``(time, values)`` or
    ``(time, values, plot_kwargs)``.  Returns the axes."""
    ax = ax or plt.subplots(figsize=(9, 3.6))[1]
    ax.plot(time, actual, color=PALETTE["blue"], lw=1.8, label=known_label)
    for k, (label, spec) in enumerate((forecasts or {}).items()):
        t, values, *extra = spec
        style = {"color": COLORS[(k + 1) % len(COLORS)], "marker": "o", "ms": 3, "lw": 1.5}
        style.update(extra[0] if extra else {})
        ax.plot(t, values, label=label, **style)
    ax.set_xlabel("year")
    ax.set_ylabel(ylabel)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # whole years, never 1958.25
    if forecasts:
        ax.legend(fontsize=8)
    if title:
        ax.set_title(title)
    return ax


def plot_error_by_horizon(actual, forecasts: dict, ax=None, title: str | None = None):
    """Absolute percentage error of each forecast at each step ahead (1, 2, ...): how errors
    grow with the horizon.  ``forecasts`` maps a label to the predicted values, or to a 2-D
    array with one forecast per row (say one per seed), whose errors are averaged over the
    rows.  Returns the axes."""
    actual = np.asarray(actual, dtype=float)
    ax = ax or plt.subplots(figsize=(6, 3.4))[1]
    steps = np.arange(1, len(actual) + 1)
    for k, (label, values) in enumerate(forecasts.items()):
        error = 100 * np.abs(np.atleast_2d(np.asarray(values, dtype=float)) - actual) / actual
        ax.plot(steps, np.abs(error).mean(0), marker="o", ms=3,
                color=COLORS[(k + 1) % len(COLORS)], label=label)  # fmt: skip
    ax.set_xlabel("months ahead")
    ax.set_ylabel("absolute error (% of actual)")
    ax.set_xticks(steps)
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title)
    return ax


# --- chapter 22: gated cells

_GATE_FILL = {"σ": "#fbe5b6", "tanh": "#cdeee4"}  # sigmoid gates orange, tanh layers green


def _g22_box(ax, xy, kind, label, w=0.8, h=0.55):
    """A layer box of the cell diagrams: σ (a gate, orange) or tanh (green), its name on the
    upper left."""
    edge = PALETTE["orange"] if kind == "σ" else PALETTE["green"]
    ax.add_patch(patches.FancyBboxPatch((xy[0] - w / 2, xy[1] - h / 2), w, h,
                                        boxstyle="round,pad=0.03", facecolor=_GATE_FILL[kind],
                                        edgecolor=edge, lw=1.6, zorder=3))  # fmt: skip
    ax.text(xy[0], xy[1], kind, ha="center", va="center", fontsize=11 if kind == "σ" else 9,
            zorder=4)  # fmt: skip
    ax.text(xy[0] - w / 2 - 0.05, xy[1] + h / 2 + 0.02, label, ha="right", va="bottom",
            fontsize=10, zorder=4)  # fmt: skip


def _g22_op(ax, xy, symbol, r=0.23):
    """A pointwise operation (×, +, 1−, tanh) drawn as a small circle or ellipse."""
    wide = len(symbol) > 1
    shape = patches.Ellipse(xy, 0.95, 0.46) if wide else patches.Circle(xy, r)
    shape.set(facecolor="white", edgecolor=PALETTE["blue"], lw=1.6, zorder=3)
    ax.add_patch(shape)
    ax.text(xy[0], xy[1], symbol, ha="center", va="center", fontsize=10 if wide else 13,
            zorder=4)  # fmt: skip


def _g22_line(ax, points, color="0.3", lw=1.3, arrow=True):
    """A polyline through ``points``, with an arrowhead at the end if ``arrow``."""
    xs, ys = zip(*points)
    ax.plot(xs, ys, color=color, lw=lw, zorder=1, solid_capstyle="round")
    if arrow:
        ax.annotate("", xy=points[-1], xytext=points[-2],
                    arrowprops={"arrowstyle": "-|>", "color": color, "lw": lw,
                                "shrinkA": 0, "shrinkB": 11}, zorder=2)  # fmt: skip


def _g22_frame(ax, title, figsize=(8, 5)):
    """Blank axes with the grey rounded box that stands for the cell."""
    ax = ax or plt.subplots(figsize=figsize)[1]
    ax.set_xlim(-0.4, 10.6)
    ax.set_ylim(-0.6, 6.4)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.add_patch(patches.FancyBboxPatch((1.0, 0.7), 8.2, 4.6, boxstyle="round,pad=0.1",
                                        facecolor="#f4f4f4", edgecolor="0.6", lw=1,
                                        zorder=0))  # fmt: skip
    ax.set_title(title, fontsize=10)
    return ax


def draw_lstm_cell(ax=None):
    """The LSTM cell as a circuit, in the course's notation (PyTorch's gates i, f, g, o).

    The cell state runs along the top: it is only multiplied by the forget gate f_t and added
    to (the input gate i_t times the candidate g_t), so a gradient can travel along it
    without meeting a squashing function.  Below, ``[h_{t-1}, x_t]`` feeds the four layers:
    three sigmoid gates (orange, values in [0, 1]) and the tanh candidate (green).  Returns
    the axes."""
    ax = _g22_frame(ax, "LSTM cell: only × and + touch the cell state (top line)")
    bus, gate_y, top = 1.25, 2.35, 4.7
    gates = {"f": 2.2, "i": 3.6, "g": 5.0, "o": 6.6}
    # the cell-state highway
    _g22_line(ax, [(-0.3, top), (2.2, top)], color=PALETTE["blue"], lw=2.4, arrow=False)
    _g22_line(ax, [(2.2, top), (5.0, top)], color=PALETTE["blue"], lw=2.4, arrow=False)
    _g22_line(ax, [(5.0, top), (10.4, top)], color=PALETTE["blue"], lw=2.4)
    ax.text(-0.3, top + 0.25, "$c_{t-1}$", fontsize=12, ha="left", va="bottom")
    ax.text(10.4, top + 0.25, "$c_t$", fontsize=12, ha="right", va="bottom")
    # the hidden state and input bus
    _g22_line(ax, [(-0.3, bus), (6.6, bus)], arrow=False)
    _g22_line(ax, [(1.7, -0.4), (1.7, bus)], arrow=False)
    ax.text(-0.3, bus - 0.2, "$h_{t-1}$", fontsize=12, ha="left", va="top")
    ax.text(1.85, -0.4, "$x_t$", fontsize=12, ha="left", va="bottom")
    for x in gates.values():
        _g22_line(ax, [(x, bus), (x, gate_y - 0.28)])
    _g22_box(ax, (gates["f"], gate_y), "σ", "$f_t$")
    _g22_box(ax, (gates["i"], gate_y), "σ", "$i_t$")
    _g22_box(ax, (gates["g"], gate_y), "tanh", "$g_t$")
    _g22_box(ax, (gates["o"], gate_y), "σ", "$o_t$")
    # forget: c_{t-1} * f_t
    _g22_line(ax, [(2.2, gate_y + 0.28), (2.2, top)])
    _g22_op(ax, (2.2, top), "×")
    # input: i_t * g_t, added to the cell
    _g22_line(ax, [(3.6, gate_y + 0.28), (3.6, 3.55), (5.0, 3.55)])
    _g22_line(ax, [(5.0, gate_y + 0.28), (5.0, 3.55)])
    _g22_op(ax, (5.0, 3.55), "×")
    _g22_line(ax, [(5.0, 3.55), (5.0, top)])
    _g22_op(ax, (5.0, top), "+")
    # output: h_t = o_t * tanh(c_t)
    _g22_line(ax, [(7.8, top), (7.8, 3.95)])
    _g22_op(ax, (7.8, 3.95), "tanh")
    _g22_line(ax, [(7.8, 3.95), (7.8, 3.0)])
    _g22_line(ax, [(6.6, gate_y + 0.28), (6.6, 3.0), (7.8, 3.0)])
    _g22_op(ax, (7.8, 3.0), "×")
    _g22_line(ax, [(7.8, 3.0), (8.7, 3.0), (8.7, bus), (10.4, bus)])
    _g22_line(ax, [(8.7, 3.0), (8.7, 6.2)])
    ax.text(10.4, bus - 0.2, "$h_t$", fontsize=12, ha="right", va="top")
    ax.text(8.85, 6.2, "$h_t$ (output)", fontsize=11, ha="left", va="top")
    return ax


def draw_gru_cell(ax=None):
    """The GRU cell as a circuit, in the course's (PyTorch's) form
    ``h_t = (1 - z_t) * n_t + z_t * h_{t-1}``: the update gate z_t (orange) keeps part of the
    old state and fills the rest with the candidate n_t (green); the reset gate r_t decides
    how much of ``h_{t-1}`` the candidate may see (the candidate gets ``x_t`` directly and
    ``h_{t-1}`` only through r_t).  One state, no separate cell.  Returns the axes."""
    ax = _g22_frame(ax, "GRU cell: the update gate mixes old state and candidate")
    bus, gate_y, top = 1.25, 2.35, 4.7
    xr, xz, xn = 2.4, 3.8, 6.2
    _g22_line(ax, [(-0.3, top), (5.6, top)], color=PALETTE["blue"], lw=2.4, arrow=False)
    _g22_line(ax, [(5.6, top), (7.9, top)], color=PALETTE["blue"], lw=2.4, arrow=False)
    _g22_line(ax, [(7.9, top), (10.4, top)], color=PALETTE["blue"], lw=2.4)
    ax.text(-0.3, top + 0.25, "$h_{t-1}$", fontsize=12, ha="left", va="bottom")
    ax.text(10.4, top + 0.25, "$h_t$", fontsize=12, ha="right", va="bottom")
    # [h_{t-1}, x_t] feeds the two gates; the candidate sees x_t alone (lower line) and
    # h_{t-1} only through the reset gate (from above)
    _g22_line(ax, [(0.2, top), (0.2, bus), (xz, bus)], arrow=False)
    _g22_line(ax, [(1.7, -0.4), (1.7, bus)], arrow=False)
    ax.text(1.85, -0.4, "$x_t$", fontsize=12, ha="left", va="bottom")
    for x in (xr, xz):
        _g22_line(ax, [(x, bus), (x, gate_y - 0.28)])
    _g22_line(ax, [(1.7, 0.85), (xn, 0.85), (xn, gate_y - 0.28)])
    _g22_box(ax, (xr, gate_y), "σ", "$r_t$")
    _g22_box(ax, (xz, gate_y), "σ", "$z_t$")
    _g22_box(ax, (xn, gate_y), "tanh", "$n_t$")
    # reset: r_t * (W_hn h_{t-1} + b_hn) enters the candidate
    _g22_line(ax, [(xr, gate_y + 0.28), (xr, 3.45), (4.9, 3.45)])
    _g22_line(ax, [(4.9, top), (4.9, 3.45)])
    _g22_op(ax, (4.9, 3.45), "×")
    _g22_line(ax, [(4.9, 3.45), (xn, 3.45), (xn, gate_y + 0.28)])
    # update: z_t * h_{t-1} + (1 - z_t) * n_t
    _g22_line(ax, [(xz, gate_y + 0.28), (xz, 4.05), (5.6, 4.05), (5.6, top)])
    _g22_op(ax, (5.6, top), "×")
    _g22_line(ax, [(5.6, 4.05), (6.9, 4.05), (6.9, 3.35)])
    _g22_op(ax, (6.9, 3.35), "1−")
    _g22_line(ax, [(6.9, 3.35), (7.9, 3.35)])
    _g22_line(ax, [(xn + 0.4, gate_y), (7.9, gate_y), (7.9, 3.35)])
    _g22_op(ax, (7.9, 3.35), "×")
    _g22_line(ax, [(7.9, 3.35), (7.9, top)])
    _g22_op(ax, (7.9, top), "+")
    _g22_line(ax, [(8.9, top), (8.9, 6.2)])
    ax.text(9.05, 6.2, "$h_t$ (output)", fontsize=11, ha="left", va="top")
    return ax


def plot_accuracy_curves(steps, curves: dict, chance: float | None = None, axes=None,
                         ylabel: str = "validation accuracy"):  # fmt: skip
    """Learning curves of several models in several settings, one panel per setting.

    ``curves`` maps a panel title (e.g. "T = 100") to ``{model: array (seeds, len(steps))}``;
    each model is drawn as its mean over seeds with a band from the worst to the best seed, in
    the same colour in every panel.  ``chance`` adds a dashed line.  Returns the figure."""
    panels = list(curves)
    if axes is None:
        fig, axes = plt.subplots(1, len(panels), figsize=(3.4 * len(panels), 3.2), sharey=True)
    axes = np.atleast_1d(axes)
    fig = axes[0].figure
    models = list(dict.fromkeys(m for p in panels for m in curves[p]))
    colors = dict(zip(models, COLORS))
    for ax, panel in zip(axes, panels):
        for model, runs in curves[panel].items():
            runs = np.atleast_2d(np.asarray(runs, dtype=float))
            ax.plot(steps, runs.mean(axis=0), color=colors[model], lw=1.8, label=model)
            ax.fill_between(steps, runs.min(axis=0), runs.max(axis=0), color=colors[model],
                            alpha=0.15, lw=0)  # fmt: skip
        if chance is not None:
            ax.axhline(chance, color="0.4", ls="--", lw=1, label="chance")
        ax.set_title(panel, fontsize=10)
        ax.set_xlabel("training step")
    axes[0].set_ylabel(ylabel)
    axes[0].legend(fontsize=8, loc="best")
    fig.tight_layout()
    return fig


def plot_accuracy_by_length(lengths, accuracy: dict, chance: float | None = None, ax=None,
                            ylabel: str = "validation accuracy"):  # fmt: skip
    """Final accuracy against sequence length: ``accuracy`` maps a model to an array
    (seeds, len(lengths)); the mean is a line with markers and every seed a small dot.
    ``chance`` adds a dashed line.  Returns the axes."""
    ax = ax or plt.subplots(figsize=(5.5, 3.6))[1]
    for color, (model, runs) in zip(COLORS, accuracy.items()):
        runs = np.atleast_2d(np.asarray(runs, dtype=float))
        ax.plot(lengths, runs.mean(axis=0), "o-", color=color, lw=1.8, label=model)
        for seed_run in runs:
            ax.plot(lengths, seed_run, ".", color=color, ms=5, alpha=0.6)
    if chance is not None:
        ax.axhline(chance, color="0.4", ls="--", lw=1, label="chance")
    ax.set_xticks(list(lengths))
    ax.set_xlabel("sequence length T (steps between the symbol and the answer)")
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=8)
    return ax


# ---- Chapter 16: convolution and pooling


def _ch16_number(v, fmt: str | None) -> str:
    """A matrix entry as text: integers without decimals, other floats with ``fmt``."""
    if fmt is not None:
        return format(v, fmt)
    v = float(v)
    return f"{v:.0f}" if v == round(v) else f"{v:.2f}"


def draw_matrix(values, ax=None, windows=(), bold=(), pad: int = 0, title: str | None = None,
                fmt: str | None = None, shade: bool = False, fontsize=None):  # fmt: skip
    """Draw a small 2-D matrix cell by cell, with its numbers written in the cells.

    ``windows``: rectangles to highlight, each ``(row, col, height, width)`` or
    ``(row, col, height, width, colour)`` (default colours: the palette in order); they are
    outlined thickly and filled lightly. ``bold``: ``(row, col)`` cells whose numbers are set
    in bold (say the maximum of a pooling window). ``pad``: the outer ``pad`` rings are drawn
    as padding (grey numbers on a hatched background). ``shade``: fill the cells by value
    (light to dark), for maps of counts. ``fmt``: a format for every number (default:
    integers plain, others with 2 decimals). Row 0 is at the top. Returns the axes.
    """
    from matplotlib.colors import to_rgb

    values = np.asarray(values)
    if values.ndim != 2:
        raise ValueError(f"draw_matrix() draws a 2-D matrix, got shape {values.shape}")
    rows, cols = values.shape
    side = 0.42 * max(rows, cols) + 0.6
    ax = ax or plt.subplots(figsize=(side, side))[1]
    fontsize = fontsize or (11 if max(rows, cols) <= 6 else 9 if max(rows, cols) <= 8 else 7)
    lo, hi = float(values.min()), float(values.max())
    strong = {tuple(cell) for cell in bold}
    for r in range(rows):
        for c in range(cols):
            in_pad = min(r, c, rows - 1 - r, cols - 1 - c) < pad
            face = "white"
            if shade and hi > lo:  # the palette's blue, more opaque for larger values
                alpha = 0.08 + 0.6 * (float(values[r, c]) - lo) / (hi - lo)
                face = (*to_rgb(PALETTE["blue"]), alpha)
            ax.add_patch(patches.Rectangle((c, r), 1, 1, facecolor=face, edgecolor="0.6",
                                           lw=0.8, hatch="///" if in_pad else None))  # fmt: skip
            ax.text(c + 0.5, r + 0.5, _ch16_number(values[r, c], fmt), ha="center",
                    va="center", fontsize=fontsize, color="0.55" if in_pad else "black",
                    fontweight="bold" if (r, c) in strong else "normal")  # fmt: skip
    for k, window in enumerate(windows):
        r, c, h, w = window[:4]
        color = window[4] if len(window) > 4 else COLORS[k % len(COLORS)]
        inset = 0.04 + 0.05 * (k % 3) if len(windows) > 1 else 0.03  # overlapping outlines
        ax.add_patch(patches.Rectangle((c, r), w, h, facecolor=color, alpha=0.16, lw=0))
        ax.add_patch(patches.Rectangle((c + inset, r + inset), w - 2 * inset, h - 2 * inset,
                                       fill=False, edgecolor=color, lw=2.4))  # fmt: skip
    ax.set_xlim(-0.05, cols + 0.05)
    ax.set_ylim(rows + 0.05, -0.05)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def draw_conv_step(image, kernel, row: int = 0, col: int = 0, stride: int = 1, pad: int = 0,
                   axes=None, color=None, names=("input", "filter", "output")):  # fmt: skip
    """One step of a 2-D convolution (cross-correlation), cell by cell, in three panels:
    the (zero-padded) input with the receptive field of output cell (``row``, ``col``)
    outlined, the filter, and the whole output map with that cell outlined in the same colour.
    The output panel's title gives the cell's value (the sum of the products). Returns the
    figure; ``fig.out`` holds the output map."""
    image, kernel = np.asarray(image), np.asarray(kernel)
    kh, kw = kernel.shape
    padded = np.pad(image, pad) if pad else image
    windows = np.lib.stride_tricks.sliding_window_view(padded, (kh, kw))[::stride, ::stride]
    out = np.einsum("ijuv,uv->ij", windows, kernel)
    color = color or PALETTE["purple"]
    if axes is None:
        widths = [padded.shape[1], kw, out.shape[1]]
        fig, axes = plt.subplots(1, 3, figsize=(0.45 * sum(widths) + 2.2, 0.45 * padded.shape[0]
                                                + 1.1), width_ratios=widths)  # fmt: skip
    fig = axes[0].figure
    r0, c0 = row * stride, col * stride
    pad_note = f" (zero padding {pad})" if pad else ""
    draw_matrix(padded, axes[0], windows=[(r0, c0, kh, kw, color)], pad=pad,
                title=f"{names[0]} {image.shape[0]}×{image.shape[1]}{pad_note}")  # fmt: skip
    draw_matrix(kernel, axes[1], windows=[(0, 0, kh, kw, color)],
                title=f"{names[1]} {kh}×{kw}")  # fmt: skip
    draw_matrix(out, axes[2], windows=[(row, col, 1, 1, color)],
                title=f"{names[2]} {out.shape[0]}×{out.shape[1]}: "
                f"cell ({row}, {col}) = {_ch16_number(out[row, col], None)}")  # fmt: skip
    fig.out = out
    return fig


def draw_pooling(x, size: int = 2, stride: int = 2, kind: str = "max", axes=None,
                 windows=None, fmt: str | None = None):  # fmt: skip
    """A pooling layer cell by cell: the input map with its windows outlined (one colour per
    window, the maximum of each window in bold for max pooling) and the pooled map, each cell
    filled in its window's colour. ``kind`` is "max" or "avg"; ``windows`` limits the outlined
    windows to a list of output cells ``(i, j)`` (useful when windows overlap). Returns the
    figure; ``fig.out`` holds the pooled map."""
    if kind not in ("max", "avg"):
        raise ValueError(f"kind must be 'max' or 'avg', got {kind!r}")
    x = np.asarray(x, dtype=float)
    view = np.lib.stride_tricks.sliding_window_view(x, (size, size))[::stride, ::stride]
    out = view.max(axis=(2, 3)) if kind == "max" else view.mean(axis=(2, 3))
    cells = windows if windows is not None else list(np.ndindex(out.shape))
    boxes, outs, bold = [], [], []
    for k, (i, j) in enumerate(cells):
        color = COLORS[k % len(COLORS)]
        boxes.append((i * stride, j * stride, size, size, color))
        outs.append((i, j, 1, 1, color))
        if kind == "max":
            u, v = np.unravel_index(np.argmax(view[i, j]), (size, size))
            bold.append((i * stride + u, j * stride + v))
    if axes is None:
        n = x.shape[1] + out.shape[1]
        fig, axes = plt.subplots(1, 2, figsize=(0.5 * n + 1.6, 0.5 * x.shape[0] + 1.0),
                                 width_ratios=[x.shape[1], out.shape[1]])  # fmt: skip
    fig = axes[0].figure
    name = "max" if kind == "max" else "average"
    draw_matrix(x, axes[0], windows=boxes, bold=bold, fmt=fmt,
                title=f"input {x.shape[0]}×{x.shape[1]}, {size}×{size} windows, "
                f"stride {stride}")  # fmt: skip
    draw_matrix(out, axes[1], windows=outs, fmt=fmt,
                title=f"{name} pooled {out.shape[0]}×{out.shape[1]}")  # fmt: skip
    fig.out = out
    return fig


def show_feature_maps(maps, titles=None, ncols: int = 4, size: float = 2.2,
                      title: str | None = None, signed=True, percentile: float = 100):  # fmt: skip
    """A grid of 2-D feature maps (activation maps) in grey, one scale per map.

    ``signed=True`` uses the convention of CS231n's pictures: white = positive, black =
    negative, mid-grey = 0 (a symmetric scale around 0); ``signed=False`` maps the smallest
    value to black and the largest to white (for images and ReLU outputs). ``signed`` may
    also be a list with one choice per map. ``percentile`` below 100 saturates the scale at
    that percentile of the magnitudes, so that a few extreme pixels do not make the rest
    look flat. A map of shape (H, W, 3) or (3, H, W) is shown as a colour image.
    Returns the figure.
    """
    maps = [_as_image(m) for m in maps]
    n = len(maps)
    signs = list(signed) if isinstance(signed, list | tuple) else [signed] * n
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    height = size * nrows + 0.3
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, height))
    axes = np.atleast_1d(axes).ravel()
    for k, ax in enumerate(axes):
        ax.axis("off")
        if k >= n:
            continue
        m = maps[k]
        if m.ndim == 3:
            ax.imshow(np.clip(m, 0, 1) if m.dtype.kind == "f" else m)
        elif signs[k]:
            lim = float(np.percentile(np.abs(m), percentile)) or 1.0
            ax.imshow(m, cmap="gray", vmin=-lim, vmax=lim)
        else:
            ax.imshow(m, cmap="gray", vmin=m.min(), vmax=np.percentile(m, percentile))
        if titles is not None:
            ax.set_title(titles[k], fontsize=9)
    if title:
        fig.suptitle(title)
        fig.tight_layout(rect=(0, 0, 1, 1 - 0.3 / height), h_pad=0.4)
        return fig
    fig.tight_layout()
    return fig


_CH16_KINDS = {"conv": "blue", "relu": "green", "pool": "orange", "flatten": "sky",
               "linear": "purple", "input": "black"}  # fmt: skip


def draw_layer_stack(layers, ax=None, title: str | None = None, per_row: int = 0):
    """A network drawn as a left-to-right chain of boxes, one per layer, joined by arrows.

    ``layers``: a list of ``(kind, label, shape)``; ``kind`` is "input", "conv", "relu",
    "pool", "flatten" or "linear" and sets the box's colour (the legend names each kind
    used); ``label`` is written in the box and ``shape`` (a string such as "32×32×16", may be
    empty) under it. ``per_row`` > 0 wraps the chain after that many boxes. Returns the axes.
    """
    if not layers:
        raise ValueError("draw_layer_stack() needs at least one layer")
    for kind, *_ in layers:
        if kind not in _CH16_KINDS:
            raise ValueError(f"unknown layer kind {kind!r}; use one of {sorted(_CH16_KINDS)}")
    n = len(layers)
    per_row = per_row or n
    n_rows = -(-n // per_row)
    w, h, step, dy = 1.5, 0.8, 2.0, 1.9
    if ax is None:
        fig, ax = plt.subplots(figsize=(1.0 * step * per_row + 0.6, 1.25 * dy * n_rows + 0.4))
    for k, (kind, label, shape) in enumerate(layers):
        r, c = divmod(k, per_row)
        x, y = c * step, -r * dy
        color = PALETTE[_CH16_KINDS[kind]]
        ax.add_patch(patches.FancyBboxPatch((x - w / 2, y - h / 2), w, h,
                                            boxstyle="round,pad=0.03", facecolor=color,
                                            alpha=0.22, edgecolor=color, lw=2))  # fmt: skip
        ax.text(x, y, label, ha="center", va="center", fontsize=9)
        if shape:
            ax.text(x, y - h / 2 - 0.18, shape, ha="center", va="top", fontsize=8, color="0.3")
        if k + 1 < n:
            r2, c2 = divmod(k + 1, per_row)
            if r2 == r:
                start, end = (x + w / 2, y), (x + step - w / 2, y)
            else:  # wrap: down from under this box, left, and down into the next row's first
                mid = y - dy / 2 - 0.15
                ax.plot([x, x, 0], [y - h / 2 - 0.42, mid, mid], color="0.35", lw=1.2)
                start, end = (0, mid), (0, -r2 * dy + h / 2)
            ax.annotate("", xy=end, xytext=start,
                        arrowprops={"arrowstyle": "-|>", "color": "0.35", "lw": 1.2})  # fmt: skip
    used = list(dict.fromkeys(kind for kind, *_ in layers))
    handles = [patches.Patch(facecolor=PALETTE[_CH16_KINDS[k]], alpha=0.5, label=k) for k in used]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=len(used),
              frameon=False, fontsize=8)  # fmt: skip
    ax.set_xlim(-w / 2 - 0.2, (min(n, per_row) - 1) * step + w / 2 + 0.2)
    ax.set_ylim(-(n_rows - 1) * dy - h / 2 - 0.6, h / 2 + 0.2)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def fractional_pool_edges(n: int, alpha: float, rng=None):
    """Region edges of fractional max pooling along one axis (Graham, 2014, random variant).

    ``n`` input cells are cut into ``m = floor(n / alpha)`` regions of 1 or 2 cells each
    (``alpha`` between 1 and 2), in a random order: ``n - m`` regions of 2 and the rest of 1.
    Returns the ``m + 1`` edges ``0 = a_0 < a_1 < ... < a_m = n``.
    """
    if not 1 < alpha < 2:
        raise ValueError(f"alpha must lie between 1 and 2, got {alpha}")
    rng = np.random.default_rng(rng)
    m = int(n // alpha)
    sizes = np.array([2] * (n - m) + [1] * (2 * m - n))
    return np.concatenate([[0], np.cumsum(rng.permutation(sizes))])


def draw_fractional_regions(n: int = 36, alpha: float = 2**0.5, seed: int = 0, ax=None,
                            title: str | None = None):  # fmt: skip
    """The pooling regions of one fractional max-pooling layer on an ``n`` × ``n`` grid.

    Rows and columns are cut independently by :func:`fractional_pool_edges`; each region (1×1,
    1×2, 2×1 or 2×2 cells) is filled in a checkerboard of two light colours and outlined.
    Returns the axes; ``ax.edges`` holds the (row, column) edges.
    """
    rng = np.random.default_rng(seed)
    rows, cols = fractional_pool_edges(n, alpha, rng), fractional_pool_edges(n, alpha, rng)
    ax = ax or plt.subplots(figsize=(5.2, 5.4))[1]
    ri = np.searchsorted(rows, np.arange(n), side="right") - 1
    ci = np.searchsorted(cols, np.arange(n), side="right") - 1
    parity = (ri[:, None] + ci[None, :]) % 2
    ax.imshow(parity, cmap=ListedColormap(REGION), extent=(0, n, n, 0), interpolation="nearest")
    for e in rows:
        ax.axhline(e, color="0.25", lw=0.9)
    for e in cols:
        ax.axvline(e, color="0.25", lw=0.9)
    ax.set_xticks(np.arange(0, n + 1, 6))
    ax.set_yticks(np.arange(0, n + 1, 6))
    ax.set_xticks(np.arange(n + 1), minor=True)
    ax.set_yticks(np.arange(n + 1), minor=True)
    ax.grid(which="minor", color="0.85", lw=0.3)
    ax.grid(which="major", visible=False)
    ax.set(xlabel="input column", ylabel="input row", xlim=(0, n), ylim=(n, 0))
    ax.set_title(title or f"{n}×{n} pooled to {len(rows) - 1}×{len(cols) - 1} "
                 f"(α = {alpha:.3g}): regions of 1 or 2 cells", fontsize=10)  # fmt: skip
    ax.edges = (rows, cols)
    return ax


# ---- Chapter 18: landmark architectures


def plot_top5_errors(entries, ax=None, human: float | None = None, title: str | None = None):
    """The ILSVRC winners as bars of top-5 error (%), one per entry, in order.

    ``entries`` is a list of dicts with ``year``, ``name`` and ``top5`` (the value the bar
    shows) and optionally ``others``: ``{label: value}``, the figures other sources print for
    the same entry, drawn as diamonds on the bar so that disagreements are visible. ``human``
    draws a dashed line at that error. Returns the axes.
    """
    ax = ax or plt.subplots(figsize=(10, 4.2))[1]
    x = np.arange(len(entries))
    tops = [e["top5"] for e in entries]
    cnn = [e.get("cnn", True) for e in entries]
    colors = [PALETTE["blue"] if c else PALETTE["sky"] for c in cnn]
    ax.bar(x, tops, color=colors, width=0.65, zorder=2)
    for xi, e in zip(x, entries, strict=True):
        ax.text(xi, e["top5"] - 0.3, f"{e['top5']:g}", ha="center", va="top", fontsize=9,
                color="white", fontweight="bold", zorder=3)  # fmt: skip
    shown = False
    for xi, e in zip(x, entries, strict=True):
        others = e.get("others", {})
        for j, value in enumerate(others.values()):  # beside the bar, side by side
            ax.plot(xi + 0.42 + 0.14 * j, value, "D", color=PALETTE["orange"], ms=6, zorder=4,
                    mec="0.2", label=None if shown else "another source's figure")  # fmt: skip
            shown = True
        if others:
            text = "\n".join(f"{v}: {label}" for label, v in others.items())
            box = {"facecolor": "white", "edgecolor": "none", "pad": 1}
            ax.text(xi + 0.05, max(max(others.values()), e["top5"]) + 1.2, text, fontsize=7.5,
                    va="bottom", bbox=box, zorder=5)  # fmt: skip
    if human is not None:
        ax.axhline(human, ls="--", color=PALETTE["vermillion"], lw=1.2, zorder=1,
                   label=f"human estimate ({human:g} %)")  # fmt: skip
    ax.set_xticks(x, [f"{e['year']}\n{e['name']}" for e in entries], fontsize=8.5)
    ax.set_ylabel("top-5 error (%)")
    ax.set_xlabel("ILSVRC year and entry")
    handles, labels = ax.get_legend_handles_labels()
    if not all(cnn):
        handles += [patches.Patch(color=PALETTE["sky"]), patches.Patch(color=PALETTE["blue"])]
        labels += ["not a CNN", "a CNN"]
    ax.legend(handles, labels, fontsize=8, loc="upper right")
    if title:
        ax.set_title(title)
    return ax


def _arch_box(ax, xy, text, w, h, fill):
    ax.add_patch(patches.FancyBboxPatch((xy[0] - w / 2, xy[1] - h / 2), w, h,
                                        boxstyle="round,pad=0.02", facecolor=fill,
                                        edgecolor="0.35", lw=1.0, zorder=3))  # fmt: skip
    ax.text(xy[0], xy[1], text, ha="center", va="center", fontsize=8, zorder=4)


def _arch_fill(text: str) -> str:
    import re

    t = text.lower()
    if "pool" in t:
        return "#fbe5b6"  # orange family: pooling
    if "concat" in t or t.startswith("+") or "inception" in t:
        return "#f3dcea"  # purple family: merging (an Inception module ends in a concatenation)
    if "conv" in t and re.search(r"(?<![0-9])1×1", t) and not re.search(r"[3-9]×[3-9]", t):
        return "#cdeee4"  # green family: 1×1 convolutions
    if "conv" in t:
        return "#d4e6f4"  # blue family: other convolutions
    return "white"


def draw_block_diagram(stages, ax=None, title: str | None = None, skip: str | None = None,
                       dense: bool = False, width: float = 1.5, gap: float = 0.25):  # fmt: skip
    """A block drawn top to bottom: ``stages`` is a list of rows, each a list of box labels.

    Consecutive rows are joined column by column (branches run in parallel); a row of one box
    fans out to, or collects, every box of the next row. ``None`` in a row continues that
    column's branch without a box. ``skip`` draws a shortcut from the first row to the first
    one-box row whose label starts with "+" (else the last row), labelled with the given text
    (the identity of a residual block). ``dense=True`` joins
    every row to every later one (a dense block). Box colours: blue convolutions, green 1×1
    convolutions, orange pooling, purple merges. Returns the axes.
    """
    n_rows = len(stages)
    n_cols = max(len(r) for r in stages)
    total = n_cols * width + (n_cols - 1) * gap
    h, dy = 0.42, 0.9
    scale = 0.9  # inches per unit of the diagram
    ax = ax or plt.subplots(figsize=(scale * (total + 1.8), scale * ((n_rows - 1) * dy + 1)))[1]
    ax.set_xlim(-total / 2 - 0.9, total / 2 + 0.9)
    ax.set_ylim(-(n_rows - 1) * dy - 0.5, 0.5)
    ax.set_aspect("equal")
    ax.axis("off")

    def xs(row):
        k = len(row)
        span = k * width + (k - 1) * gap
        return [-span / 2 + width / 2 + i * (width + gap) for i in range(k)]

    def box_width(row):  # a lone box (input, merge) may be wider than a branch's
        return width if len(row) > 1 else max(width, min(total, 1.6 * width))

    centres = [
        list(zip(xs(row), [-i * dy] * len(row), strict=True)) for i, row in enumerate(stages)
    ]
    for i, row in enumerate(stages):
        for (x, y), label in zip(centres[i], row, strict=True):
            if label is not None:
                _arch_box(ax, (x, y), label, box_width(row), h, _arch_fill(label))
    for i in range(n_rows - 1):
        top, bottom = centres[i], centres[i + 1]
        if len(top) == len(bottom):
            pairs = list(zip(top, bottom, strict=True))
        elif len(top) == 1:
            pairs = [(top[0], b) for b in bottom]
        elif len(bottom) == 1:
            pairs = [(t, bottom[0]) for t in top]
        else:
            raise ValueError(f"rows {i} and {i + 1}: {len(top)} and {len(bottom)} boxes")
        for (x0, y0), (x1, y1) in pairs:
            start_gap = h / 2 if stages[i][top.index((x0, y0))] is not None else 0
            into_box = stages[i + 1][bottom.index((x1, y1))] is not None
            ax.annotate("", xy=(x1, y1 + h / 2 if into_box else y1), xytext=(x0, y0 - start_gap),
                        arrowprops={"arrowstyle": "-|>" if into_box else "-", "color": "0.3",
                                    "lw": 1.0, "shrinkA": 0, "shrinkB": 0})  # fmt: skip
    if skip is not None:  # from the first row to the "+" row (or the last row)
        merge = [i for i, r in enumerate(stages) if len(r) == 1 and str(r[0]).startswith("+")]
        end = merge[0] if merge else n_rows - 1
        x0 = total / 2 + 0.35
        y0, y1 = 0.0, -end * dy
        first = box_width(stages[0]) / 2 if len(stages[0]) == 1 else total / 2
        last = box_width(stages[end]) / 2 if len(stages[end]) == 1 else total / 2
        ax.plot([first, x0, x0], [y0, y0, y1 + 0.02], color=PALETTE["vermillion"], lw=1.6)
        ax.annotate("", xy=(last, y1),
                    xytext=(x0, y1),
                    arrowprops={"arrowstyle": "-|>", "color": PALETTE["vermillion"],
                                "lw": 1.6, "shrinkA": 0, "shrinkB": 0})  # fmt: skip
        ax.text(x0 + 0.08, (y0 + y1) / 2, skip, rotation=90, va="center", ha="left",
                fontsize=8, color=PALETTE["vermillion"])  # fmt: skip
    if dense:
        for i in range(n_rows):
            for j in range(i + 2, n_rows):
                x0 = -width / 2
                bend = f"arc3,rad={0.25 + 0.12 * (j - i)}"
                ax.annotate("", xy=(x0, -j * dy), xytext=(x0, -i * dy),
                            arrowprops={"arrowstyle": "-|>", "color": PALETTE["vermillion"],
                                        "lw": 0.9, "shrinkA": 2, "shrinkB": 2,
                                        "connectionstyle": bend})  # fmt: skip
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_accuracy_vs_ops(names, gmacs, top1, params_m, ax=None, title: str | None = None,
                         offsets: dict | None = None):  # fmt: skip
    """Canziani et al.'s chart: top-1 accuracy (%) against the cost of one forward pass
    (billions of multiply-adds), one circle per network with its area proportional to the
    number of parameters (millions), labelled with its name. ``offsets`` maps a name to
    where its label goes, in points from the centre (default ``(4, 4)``). Returns the axes."""
    from matplotlib.ticker import FuncFormatter

    ax = ax or plt.subplots(figsize=(8, 5))[1]
    gmacs, top1, params_m = (np.asarray(v, dtype=float) for v in (gmacs, top1, params_m))
    sizes = 8 * params_m
    for k, name in enumerate(names):
        ax.scatter(gmacs[k], top1[k], s=sizes[k], color=COLORS[k % len(COLORS)], alpha=0.55,
                   edgecolor="0.2", lw=0.6, zorder=3)  # fmt: skip
        shift = (offsets or {}).get(name, (4, 4))
        ax.annotate(name, (gmacs[k], top1[k]), xytext=shift, textcoords="offset points",
                    fontsize=8, ha="left" if shift[0] >= 0 else "right")  # fmt: skip
    for p in (5, 25, 100):
        ax.scatter([], [], s=8 * p, color="0.7", edgecolor="0.2", label=f"{p}M parameters")
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.set_xlabel("billions of multiply-adds per 224×224 image (log scale)")
    ax.set_ylabel("top-1 accuracy on ImageNet (%)")
    ax.legend(fontsize=8, loc="lower right", labelspacing=1.6, borderpad=1.0)
    if title:
        ax.set_title(title)
    return ax


def draw_network_column(labels, ax=None, title: str | None = None, side: dict | None = None,
                        residual=(), projection=(), width: float = 2.8,
                        dy: float = 0.55):  # fmt: skip
    """A whole network as a column of boxes, input at the top, joined by arrows.

    ``labels`` are the boxes from input to output. ``side`` maps a box's index to the label of
    a branch drawn to its right and fed from that box's output (GoogLeNet's auxiliary
    classifiers; the label may have several lines). ``residual`` lists the boxes that are
    residual blocks: a shortcut (vermillion) runs from the box's input around it to its
    output; for those also in ``projection`` the shortcut is dashed (it changes the shape, as
    in the ResNet paper's figure). Box colours as in :func:`draw_block_diagram`. Returns the
    axes.
    """
    labels = list(labels)
    side = side or {}
    h = 0.36
    side_w = 3.1 if side else 0.0
    right = width / 2 + (0.5 + side_w if side else 0.7)
    left = -width / 2 - 0.3
    bottom = -(len(labels) - 1) * dy - 0.45
    if ax is None:
        ax = plt.subplots(figsize=(0.85 * (right - left), 0.85 * (0.9 - bottom)))[1]
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, 0.45)
    ax.set_aspect("equal")
    ax.axis("off")
    for i, label in enumerate(labels):
        _arch_box(ax, (0, -i * dy), label, width, h, _arch_fill(label))
        if i:
            ax.annotate("", xy=(0, -i * dy + h / 2), xytext=(0, -(i - 1) * dy - h / 2),
                        arrowprops={"arrowstyle": "-|>", "color": "0.3", "lw": 1.0,
                                    "shrinkA": 0, "shrinkB": 0})  # fmt: skip
    for i, label in side.items():
        lines = str(label).count("\n") + 1
        sh = 0.2 + 0.16 * lines
        x, y = width / 2 + 0.45 + side_w / 2, -(i + 0.5) * dy
        _arch_box(ax, (x, y), label, side_w, sh, "#fdf3d8")
        ax.annotate("", xy=(x - side_w / 2, y), xytext=(0, y),  # from the output of box i
                    arrowprops={"arrowstyle": "-|>", "color": PALETTE["orange"], "lw": 1.2,
                                "shrinkA": 0, "shrinkB": 0})  # fmt: skip
    for k, i in enumerate(residual):
        y0, y1 = -(i - 0.5) * dy, -(i + 0.5) * dy
        x0 = width / 2 + 0.16 + 0.14 * (k % 2)  # alternate, so that neighbours stay apart
        ls = "--" if i in projection else "-"
        ax.plot([0, x0, x0], [y0, y0, y1 + 0.02], color=PALETTE["vermillion"], lw=1.3, ls=ls)
        ax.annotate("", xy=(0.06, y1), xytext=(x0, y1),
                    arrowprops={"arrowstyle": "-|>", "color": PALETTE["vermillion"], "lw": 1.3,
                                "shrinkA": 0, "shrinkB": 0})  # fmt: skip
    if title:
        ax.set_title(title, fontsize=10)
    return ax


# ---- Chapter 17: CNNs


def _stage_kind(op: str | None, shape) -> str:
    """How a stage of :func:`draw_cnn` is coloured: "input", "conv", "pool" or "dense"."""
    if op is None:
        return "input"
    text = op.lower()
    if len(shape) == 1:
        return "dense"
    if "pool" in text or "subsampl" in text:
        return "pool"
    return "conv"


_STAGE_COLORS = {
    "input": PALETTE["blue"],
    "conv": PALETTE["orange"],
    "pool": PALETTE["sky"],
    "dense": PALETTE["green"],
}


def draw_cnn(stages, ax=None, title: str | None = None, gap: float = 1.7):
    """A convolutional network drawn as its volumes, left to right.

    ``stages`` is a list of ``(label, shape, op)``: ``shape`` is ``(C, H, W)`` for a stack of
    ``C`` feature maps of ``H × W`` (drawn as up to five offset squares, the side growing with
    ``H``) or ``(n,)`` for a vector of ``n`` units (a bar); ``op`` names the operation that made
    the stage from the one before, written over the arrow (``None`` for the input).  Colours:
    input blue, convolution orange, pooling (``op`` containing "pool" or "subsampl") sky blue,
    fully connected green.  Below each stage: ``C@H×W`` or ``n``.  Returns the axes.
    """
    if not stages:
        raise ValueError("draw_cnn() needs at least one stage")
    h_max = (
        max(s[1][1] for s in stages if len(s[1]) == 3) if any(len(s[1]) == 3 for s in stages) else 1
    )
    n_max = max((s[1][0] for s in stages if len(s[1]) == 1), default=1)
    sizes = []
    for _, shape, _ in stages:
        if len(shape) == 3:
            side = 0.45 + 2.1 * (shape[1] / h_max) ** 0.75
            sizes.append((side, side))
        elif len(shape) == 1:
            sizes.append((0.3, 0.6 + 2.0 * (shape[0] / n_max) ** 0.5))
        else:
            raise ValueError(f"a stage's shape is (C, H, W) or (n,), got {shape}")
    depths = [0.14 * (min(s[1][0], 5) - 1) if len(s[1]) == 3 else 0.0 for s in stages]
    xs = [0.0]
    for i in range(1, len(stages)):
        xs.append(xs[-1] + sizes[i - 1][0] / 2 + depths[i - 1] + gap + sizes[i][0] / 2)
    top = max(h + d for (_, h), d in zip(sizes, depths)) / 2 + 0.9
    right = xs[-1] + sizes[-1][0] / 2 + depths[-1]
    ax = _blank(ax, (-sizes[0][0] / 2 - 0.3, right + 0.3), (-top - 0.6, top + 0.3),
                (0.62 * (right + sizes[0][0] / 2 + 0.6), 0.62 * (2 * top + 0.9)))  # fmt: skip
    for i, ((label, shape, op), (w, h), x) in enumerate(zip(stages, sizes, xs)):
        color = _STAGE_COLORS[_stage_kind(op, shape)]
        if len(shape) == 3:
            depth = min(shape[0], 5)
            for k in reversed(range(depth)):
                corner = (x - w / 2 + 0.14 * k, -h / 2 + 0.14 * k)
                ax.add_patch(
                    patches.Rectangle(corner, w, h, facecolor="white", edgecolor=color, lw=1.4)
                )
            below = f"{shape[0]}@{shape[1]}×{shape[2]}"
        else:
            ax.add_patch(patches.Rectangle((x - w / 2, -h / 2), w, h, facecolor="white",
                                           edgecolor=color, lw=1.6))  # fmt: skip
            below = f"{shape[0]:,}"
        ax.text(
            x, h / 2 + depths[i] + 0.2, label, ha="center", va="bottom", fontsize=9.5, weight="bold"
        )
        ax.text(x, -top, below, ha="center", va="top", fontsize=9)
        if i > 0:
            x0 = xs[i - 1] + sizes[i - 1][0] / 2 + depths[i - 1] + 0.1
            x1 = x - w / 2 - 0.1
            _arrow(ax, (x0, 0), (x1, 0), color="0.35")
            ax.text((x0 + x1) / 2, 0.18, op, ha="center", va="bottom", fontsize=8, color="0.2")
    if title:
        ax.set_title(title)
    return ax


def draw_connection_table(table, ax=None, title: str | None = None):
    """A connection table as a grid of X marks: ``table[i, j]`` true means input map ``i``
    feeds output map ``j`` (LeNet-5's S2 → C3 table is 6 × 16).  The number of inputs of each
    output map is written under its column.  Returns the axes."""
    table = np.asarray(table, dtype=bool)
    if table.ndim != 2:
        raise ValueError(f"a connection table is 2-D, got shape {table.shape}")
    n_in, n_out = table.shape
    ax = ax or plt.subplots(figsize=(0.42 * n_out + 1.6, 0.42 * n_in + 1.5))[1]
    for i in range(n_in + 1):
        ax.plot([0, n_out], [i, i], color="0.6", lw=0.8)
    for j in range(n_out + 1):
        ax.plot([j, j], [0, n_in], color="0.6", lw=0.8)
    for i, j in zip(*np.nonzero(table)):
        ax.text(j + 0.5, n_in - i - 0.5, "X", ha="center", va="center", fontsize=11,
                color=PALETTE["vermillion"], weight="bold")  # fmt: skip
    for j, n in enumerate(table.sum(0)):
        ax.text(j + 0.5, -0.45, str(n), ha="center", va="center", fontsize=9)
    ax.text(-0.25, -0.45, "inputs", ha="right", va="center", fontsize=9)
    ax.set_xticks(np.arange(n_out) + 0.5, [str(j) for j in range(n_out)])
    ax.set_yticks(np.arange(n_in) + 0.5, [str(i) for i in reversed(range(n_in))])
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.set_xlabel("output map (C3)")
    ax.xaxis.set_label_position("top")
    ax.set_ylabel("input map (S2)")
    ax.set_xlim(-0.05, n_out + 0.05)
    ax.set_ylim(-0.9, n_in + 0.05)
    ax.set_aspect("equal")
    ax.grid(False)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title, pad=28)
    return ax


def _symmetric_gray(ax, img, limit=None):
    """Draw a 2-D array in grey with 0 at mid-grey: white positive, black negative."""
    limit = limit if limit is not None else float(np.abs(img).max())
    limit = limit if limit > 0 else 1.0
    ax.imshow(img, cmap="gray", vmin=-limit, vmax=limit, interpolation="nearest")


def plot_filters(weight, ncols: int = 8, size: float = 0.9, title: str | None = None,
                 max_filters: int | None = None):  # fmt: skip
    """A grid of first-layer filters: ``weight`` of shape ``(F, C, kh, kw)`` (a ``Conv2d``'s
    ``.weight``) with ``C`` = 1 (grey) or 3 (RGB).

    Each filter gets its own scale, symmetric about 0, so that mid-grey is a weight of 0:
    in grey, white is positive and black negative; in colour, a filter is shown as
    ``0.5 + 0.5 · w / max|w|`` per channel, so a reddish patch is where the filter wants red.
    ``max_filters`` shows only the first ones.  Returns the figure.
    """
    w = (
        weight.detach().cpu().float().numpy()
        if isinstance(weight, torch.Tensor)
        else np.asarray(weight, dtype=float)
    )
    if w.ndim != 4 or w.shape[1] not in (1, 3):
        raise ValueError(f"expected filters of shape (F, 1 or 3, kh, kw), got {w.shape}")
    if max_filters is not None:
        w = w[:max_filters]
    n = len(w)
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + 0.4))
    axes = np.atleast_1d(axes).ravel()
    for k, ax in enumerate(axes):
        ax.axis("off")
        if k >= n:
            continue
        f = w[k]
        limit = float(np.abs(f).max()) or 1.0
        if f.shape[0] == 3:
            ax.imshow(np.clip(0.5 + 0.5 * f.transpose(1, 2, 0) / limit, 0, 1),
                      interpolation="nearest")  # fmt: skip
        else:
            _symmetric_gray(ax, f[0], limit)
        ax.set_title(str(k), fontsize=7, pad=2)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


@torch.no_grad()
def feature_maps(model, x, layer) -> torch.Tensor:
    """The output of ``layer`` (a submodule of ``model``) when ``model`` sees ``x``.

    ``x`` is one image ``(C, H, W)`` or a batch ``(N, C, H, W)``; it is moved to the model's
    device, the model runs in eval mode, and the captured maps come back on the CPU, without
    the batch dimension for a single image.
    """
    single = x.dim() == 3
    x = (x.unsqueeze(0) if single else x).to(next(model.parameters()).device)
    captured = {}
    handle = layer.register_forward_hook(lambda m, i, out: captured.setdefault("out", out))
    was_training = model.training
    model.eval()
    try:
        model(x)
    finally:
        handle.remove()
        model.train(was_training)
    if "out" not in captured:
        raise ValueError("the layer was not called in the model's forward pass")
    out = captured["out"].detach().float().cpu()
    return out[0] if single else out


def plot_feature_maps(maps, ncols: int = 8, max_maps: int | None = None, size: float = 1.1,
                      title: str | None = None, image=None):  # fmt: skip
    """One image's activations at one layer: ``maps`` of shape ``(C, H, W)`` (or
    ``(1, C, H, W)``), one panel per channel.

    Each map has its own scale, symmetric about 0 as in the CS231n figures: white is positive,
    black negative, mid-grey 0 (after a ReLU nothing is darker than mid-grey).  ``image`` (the
    input, ``(C, H, W)``) adds a first panel showing it.  ``max_maps`` shows only the first
    ones.  Returns the figure.
    """
    m = (
        maps.detach().cpu().float().numpy()
        if isinstance(maps, torch.Tensor)
        else np.asarray(maps, dtype=float)
    )
    if m.ndim == 4 and m.shape[0] == 1:
        m = m[0]
    if m.ndim != 3:
        raise ValueError(f"expected maps of shape (C, H, W), got {m.shape}")
    if max_maps is not None:
        m = m[:max_maps]
    panels = len(m) + (image is not None)
    ncols = min(ncols, panels)
    nrows = -(-panels // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * 1.12 * nrows + 0.4))
    axes = np.atleast_1d(axes).ravel()
    for ax in axes:
        ax.axis("off")
    start = 0
    if image is not None:
        img = _as_image(image)
        axes[0].imshow(img, cmap="gray" if img.ndim == 2 else None, interpolation="nearest")
        axes[0].set_title("input", fontsize=8, pad=2)
        start = 1
    for k, (ax, fmap) in enumerate(zip(axes[start:], m)):
        _symmetric_gray(ax, fmap)
        ax.set_title(f"map {k}", fontsize=7, pad=2)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_per_class_accuracy(
    y_true, predictions: dict, classes, ax=None, chance: float | None = None
):
    """Accuracy on each class for one or more models, as grouped bars.

    ``predictions`` maps a model's name to its predicted labels (same order as ``y_true``).
    ``chance`` draws a dashed line.  Returns the axes; ``ax.accuracy`` maps each name to a
    NumPy array of per-class accuracies (class ``k`` at index ``k``).
    """
    y_true = np.asarray(y_true).astype(int)
    k = len(classes)
    counts = np.bincount(y_true, minlength=k)
    ax = ax or plt.subplots(figsize=(max(6.0, 0.75 * k + 1.5), 3.6))[1]
    names = list(predictions)
    width = 0.8 / len(names)
    accuracy = {}
    for i, name in enumerate(names):
        y_pred = np.asarray(predictions[name]).astype(int)
        if y_pred.shape != y_true.shape:
            raise ValueError(f"{name}: predictions of shape {y_pred.shape}, labels {y_true.shape}")
        right = np.bincount(y_true[y_pred == y_true], minlength=k)
        accuracy[name] = right / np.maximum(counts, 1)
        xs = np.arange(k) + (i - (len(names) - 1) / 2) * width
        ax.bar(xs, accuracy[name], width=width, label=name, color=COLORS[i % len(COLORS)])
    if chance is not None:
        ax.axhline(chance, color="0.4", ls="--", lw=1, label="chance")
    ax.set_xticks(np.arange(k), list(classes), rotation=30, ha="right")
    ax.set_ylim(0, 1)
    ax.set_ylabel("accuracy on the class")
    ax.set_xlabel("true class")
    if len(names) > 1 or chance is not None:
        ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    ax.accuracy = accuracy
    return ax


# ---- Chapter 15: CIFAR-10 with a fully connected network


def class_accuracy(y_true, y_pred, k: int | None = None) -> np.ndarray:
    """Accuracy on each true class: the fraction of class ``i``'s examples predicted as ``i``
    (the diagonal of the row-normalised confusion matrix), as an array of length ``k``."""
    cm = confusion_matrix(y_true, y_pred, k)
    return np.diag(cm) / np.maximum(cm.sum(1), 1)


def plot_class_accuracy(
    per_class: dict, classes, chance: float | None = None, ax=None, title: str | None = None
):
    """Grouped bars of the accuracy on each class, one colour per model.

    ``per_class`` maps a model's name to its accuracies (one per class, in [0, 1], e.g. from
    :func:`class_accuracy`); ``chance`` adds a dashed line.  Returns the axes.
    """
    names = list(per_class)
    k = len(classes)
    for name in names:
        if len(per_class[name]) != k:
            raise ValueError(f"{name}: {len(per_class[name])} accuracies for {k} classes")
    ax = ax or plt.subplots(figsize=(max(6.0, 0.75 * k + 1.5), 3.4))[1]
    width = 0.8 / len(names)
    x = np.arange(k)
    for i, name in enumerate(names):
        acc = 100 * np.asarray(per_class[name], dtype=float)
        ax.bar(
            x + (i - (len(names) - 1) / 2) * width,
            acc,
            width,
            label=name,
            color=COLORS[i % len(COLORS)],
        )
    if chance is not None:
        ax.axhline(100 * chance, color="0.3", ls="--", lw=1, label=f"chance ({chance:.0%})")
    ax.set_xticks(x, [str(c) for c in classes], rotation=30, ha="right")
    ax.set_ylim(0, 100)
    ax.set_xlabel("true class")
    ax.set_ylabel("accuracy on the class (%)")
    ax.grid(axis="x", visible=False)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if title:
        ax.set_title(title)
    return ax


# ---- Chapter 19: autoencoders


def show_reconstructions(rows: dict, size: float = 1.1, title: str | None = None):
    """Rows of images one above the other, each row named on its left: the 2×10 grid of the
    autoencoder chapter (originals on top, reconstructions below), or more rows (noisy,
    denoised, ...).  ``rows`` maps a name to images ``(N, C, H, W)``, ``(N, H, W)`` or
    ``(N, H, W, C)``, the same ``N`` for every row.  Grey images share one scale, 0 to 1
    (the data's range), so a faint reconstruction looks faint.  Returns the figure.
    """
    names = list(rows)
    if not names:
        raise ValueError("show_reconstructions() needs at least one row")
    n = len(rows[names[0]])
    if n == 0 or any(len(rows[r]) != n for r in names):
        raise ValueError("every row needs the same (non-zero) number of images")
    top = 0.3 if title else 0.0  # inches kept free above the grid for the title
    fig, axes = plt.subplots(
        len(names), n, figsize=(size * n + 1.2, size * len(names) + 0.2 + top), squeeze=False
    )
    for r, name in enumerate(names):
        for i in range(n):
            ax = axes[r, i]
            img = np.clip(_as_image(rows[name][i]), 0, 1)
            ax.imshow(img, cmap="gray" if img.ndim == 2 else None, vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
            for side in ax.spines.values():
                side.set_visible(False)
        axes[r, 0].set_ylabel(name, rotation=0, ha="right", va="center", fontsize=10)
    if title:
        fig.suptitle(title, y=1 - 0.08 / fig.get_figheight(), va="top")
    fig.tight_layout(pad=0.3, rect=(0, 0, 1, 1 - top / fig.get_figheight()))
    return fig


def plot_codes_2d(codes, labels, ax=None, max_points: int = 2000, title: str | None = None):
    """Scatter of 2-D codes, each point drawn as its label's glyph (the digit itself) in a
    colour of the course palette, so ten classes stay apart with eight colours.

    ``codes`` is ``(N, 2)``, ``labels`` ``(N,)`` integers; at most ``max_points`` (the first
    ones) are drawn.  Returns the axes.
    """
    codes = np.asarray(
        codes.detach().cpu() if isinstance(codes, torch.Tensor) else codes, dtype=float
    )[:max_points]
    labels = np.asarray(labels.cpu() if isinstance(labels, torch.Tensor) else labels)
    labels = labels[:max_points].astype(int)
    if codes.ndim != 2 or codes.shape[1] != 2:
        raise ValueError(f"plot_codes_2d needs 2-D codes, got shape {codes.shape}")
    ax = ax or plt.subplots(figsize=(5.5, 5))[1]
    for c in np.unique(labels):
        pts = codes[labels == c]
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            marker=f"${c}$",
            s=30,
            lw=0.3,
            alpha=0.8,
            color=COLORS[c % len(COLORS)],
            label=str(c),
        )
    ax.set_xlabel("code $z_1$")
    ax.set_ylabel("code $z_2$")
    ax.legend(
        title="digit", fontsize=8, markerscale=1.3, loc="upper left", bbox_to_anchor=(1.0, 1.0)
    )
    if title:
        ax.set_title(title)
    return ax


def decode_to_images(decode, z) -> np.ndarray:
    """Run ``decode`` (a callable: an ``(M, 2)`` array of codes -> ``M`` images, as a NumPy
    array or a tensor of shape ``(M, H, W)`` or ``(M, 1, H, W)``) without gradients and
    return the images as a float NumPy array ``(M, H, W)``."""
    z = np.atleast_2d(np.asarray(z, dtype=np.float32))
    with torch.no_grad():
        out = decode(z)
    out = out.detach().cpu().numpy() if isinstance(out, torch.Tensor) else np.asarray(out)
    out = out.astype(float)
    if out.ndim == 4 and out.shape[1] == 1:
        out = out[:, 0]
    if out.ndim != 3 or len(out) != len(z):
        raise ValueError(f"decode must return one image per code, got shape {out.shape}")
    return out


def plot_latent_grid(decode, xlim, ylim, n: int = 12, ax=None, title: str | None = None):
    """The decoder's images for an ``n`` × ``n`` grid of 2-D codes spanning ``xlim`` ×
    ``ylim``, tiled into one picture (``z_2`` grows upwards, as in a scatter plot of the
    codes).  Returns the axes; ``ax.tiles`` holds the tiled image."""
    xs = np.linspace(*xlim, n)
    ys = np.linspace(*ylim, n)[::-1]  # the top row of the picture is the largest z_2
    grid = np.array([(x, y) for y in ys for x in xs])
    images = decode_to_images(decode, grid)
    h, w = images.shape[1:]
    tiles = images.reshape(n, n, h, w).transpose(0, 2, 1, 3).reshape(n * h, n * w)
    ax = ax or plt.subplots(figsize=(5.5, 5.5))[1]
    ax.imshow(
        np.clip(tiles, 0, 1),
        cmap="gray",
        vmin=0,
        vmax=1,
        extent=(xlim[0], xlim[1], ylim[0], ylim[1]),
        aspect="auto",
    )
    ax.grid(False)
    ax.set_xlabel("code $z_1$")
    ax.set_ylabel("code $z_2$")
    if title:
        ax.set_title(title)
    ax.tiles = tiles
    return ax


# --- chapter 04: the forward pass


def _fw_unit_positions(layer_sizes, dx: float = 3.0, dy: float = 1.5) -> list[list[tuple]]:
    """(x, y) of every unit, layer by layer: layers left to right, units top to bottom."""
    return [[(layer * dx, ((n - 1) / 2 - k) * dy) for k in range(n)]
            for layer, n in enumerate(layer_sizes)]  # fmt: skip


def draw_forward_example(
    layer_sizes,
    edges=None,
    weights=None,
    values=None,
    biases=None,
    names=None,
    ax=None,
    title: str | None = None,
):
    """A small feed-forward network with labels on its units and edges, for worked examples.

    ``layer_sizes`` lists the units per layer (input first).  ``edges`` lists the drawn edges
    as ``((layer, unit), (layer + 1, unit))`` pairs (default: every unit feeds every unit of
    the next layer; leave some out for a sparsely connected network).  ``weights`` maps an
    edge to the text written on it; ``values`` maps ``(layer, unit)`` to the text written in
    the unit (its value); ``biases`` maps ``(layer, unit)`` to a bias text: those units get an
    edge from a constant "1.0" unit drawn above their layer, as a weight from a unit whose
    value is always 1.  ``names`` labels the layers under their columns (default: input /
    hidden / output).  Inputs are blue, hidden units orange, outputs green.  Returns the axes.
    """
    sizes = [int(n) for n in layer_sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError("a network needs at least two layers of at least one unit each")
    n_layers = len(sizes)
    if edges is None:
        edges = [((m, i), (m + 1, j)) for m in range(n_layers - 1) for i in range(sizes[m])
                 for j in range(sizes[m + 1])]  # fmt: skip
    for a, b in edges:
        ok = 0 <= a[0] < n_layers - 1 and b[0] == a[0] + 1
        if not ok or not (0 <= a[1] < sizes[a[0]] and 0 <= b[1] < sizes[b[0]]):
            raise ValueError(f"edge {a} -> {b} does not join two neighbouring layers' units")
    weights, values, biases = weights or {}, values or {}, biases or {}
    if names is None:
        names = ["input"] + ["hidden"] * (n_layers - 2) + ["output"]
    pos = _fw_unit_positions(sizes)
    top = max(y for layer in pos for _, y in layer)
    bias_y = -top - 1.5  # a row under the lowest units, for the constant units
    bottom = (bias_y if biases else -top) - 0.9
    ax = _blank(ax, (-1.0, 3.0 * (n_layers - 1) + 1.0), (bottom - 0.5, top + 0.8),
                (2.9 * n_layers + 0.6, 0.75 * (top + 0.8 - bottom) + 0.6))  # fmt: skip
    colors = [PALETTE["blue"]] + [PALETTE["orange"]] * (n_layers - 2) + [PALETTE["green"]]
    r = 0.42
    for a, b in edges:
        (x0, y0), (x1, y1) = pos[a[0]][a[1]], pos[b[0]][b[1]]
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0), zorder=1,
                    arrowprops={"arrowstyle": "-|>", "color": "0.45", "lw": 1.0,
                                "shrinkA": 15, "shrinkB": 15})  # fmt: skip
        if (a, b) in weights:  # the label sits a third of the way along, near the source
            t = 0.33
            ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), str(weights[a, b]), ha="center",
                    va="center", fontsize=8, color=PALETTE["vermillion"], zorder=3,
                    bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none"})  # fmt: skip
    for layer in sorted({unit[0] for unit in biases}):
        if not 0 < layer < n_layers:
            raise ValueError("biases belong to units after the input layer")
        bx = pos[layer - 1][0][0]  # the constant unit sits under the previous layer
        ax.add_patch(patches.FancyBboxPatch((bx - 0.34, bias_y - 0.3), 0.68, 0.6,
                                            boxstyle="round,pad=0.03", facecolor="0.93",
                                            edgecolor="0.4", lw=1.2, zorder=2))  # fmt: skip
        ax.text(bx, bias_y, "1.0", ha="center", va="center", fontsize=8, zorder=3)
        for (lay, unit), text in biases.items():
            if lay != layer:
                continue
            x1, y1 = pos[lay][unit]
            ax.annotate("", xy=(x1, y1), xytext=(bx, bias_y), zorder=1,
                        arrowprops={"arrowstyle": "-|>", "color": "0.6", "lw": 0.9, "ls": "--",
                                    "shrinkA": 12, "shrinkB": 15})  # fmt: skip
            t = 0.7  # near the unit: the weights' labels sit near their sources
            ax.text(bx + t * (x1 - bx), bias_y + t * (y1 - bias_y), str(text), ha="center",
                    va="center", fontsize=8, color="0.25", zorder=3,
                    bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none"})  # fmt: skip
    for layer, units in enumerate(pos):
        for unit, (x, y) in enumerate(units):
            ax.add_patch(patches.Circle((x, y), r, facecolor="white", edgecolor=colors[layer],
                                        lw=1.8, zorder=2))  # fmt: skip
            if (layer, unit) in values:
                ax.text(x, y, str(values[layer, unit]), ha="center", va="center", fontsize=8,
                        zorder=3)  # fmt: skip
        ax.text(units[0][0], bottom, names[layer], ha="center", va="top", fontsize=9,
                color="0.3")  # fmt: skip
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_flattening(image, axes=None, title: str | None = None, annotate: bool | None = None):
    """An image (H, W) beside the vector of H·W values that flattening makes of it: its rows,
    one after the other.  Every row gets its own colour band, on the image and on the vector,
    so a reader can see that pixels one row apart end up W places apart.  ``annotate`` writes
    the values in the cells (default: when the image has at most 25 pixels).  ``axes`` is a
    pair of axes (made if not given).  Returns the figure.
    """
    from matplotlib.ticker import MaxNLocator

    img = _as_image(image)
    if img.ndim != 2:
        raise ValueError(f"plot_flattening needs one grey image (H, W), got shape {img.shape}")
    h, w = img.shape
    annotate = h * w <= 25 if annotate is None else annotate
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(11, 2.9), width_ratios=(1, 3.2))
    else:
        fig = axes[0].figure
    if len(axes) != 2:
        raise ValueError("plot_flattening needs two axes")
    band = [PALETTE["blue"], PALETTE["orange"], PALETTE["green"]]
    vector = img.reshape(1, h * w)
    left, right = axes
    left.imshow(img, cmap="gray_r" if annotate else "gray", vmin=min(0, img.min()),
                vmax=max(1, img.max()))  # fmt: skip
    left.grid(False)
    for row in range(h):  # a coloured tick at the left of every row
        left.add_patch(patches.Rectangle((-0.5 - max(0.06 * w, 0.3), row - 0.5),
                                         max(0.06 * w, 0.3), 1, color=band[row % 3],
                                         clip_on=False))  # fmt: skip
    left.set_xlim(-0.5 - max(0.06 * w, 0.3), w - 0.5)
    left.set(xlabel="column", ylabel="row", title=f"the image: {h} × {w}")
    right.imshow(vector, cmap="gray_r" if annotate else "gray", aspect="auto",
                 vmin=min(0, img.min()), vmax=max(1, img.max()))  # fmt: skip
    right.grid(False)
    right.set_yticks([])
    for row in range(h):  # the same colour under the row's stretch of the vector
        right.add_patch(patches.Rectangle((row * w - 0.5, 0.5), w, 0.18, color=band[row % 3],
                                          clip_on=False))  # fmt: skip
    right.set_ylim(0.68, -0.5)
    right.set(xlabel="position in the vector", title=f"the vector: {h * w} values, row after row")
    left.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    left.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    right.xaxis.set_major_locator(MaxNLocator(integer=True))
    if annotate:
        low, high = min(0, img.min()), max(1, img.max())
        for (row, col), v in np.ndenumerate(img):
            color = "white" if (v - low) / (high - low) > 0.5 else "0.15"
            left.text(col, row, f"{v:g}", ha="center", va="center", fontsize=9, color=color)
            right.text(row * w + col, 0, f"{v:g}", ha="center", va="center", fontsize=9,
                       color=color)  # fmt: skip
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_forward_trace(image, hidden, probs, label=None, axes=None, title: str | None = None):
    """What a forward pass computes for one image: the image, the hidden layer's values (one
    bar per unit) and the output probabilities (one bar per class, the largest in the mistake
    colour when it is not ``label``, the true class).  ``axes`` is a row of three axes (made
    if not given), so several images or networks can share one figure.  Returns the axes.
    """
    hidden = np.asarray(hidden.detach().cpu() if isinstance(hidden, torch.Tensor) else hidden)
    probs = np.asarray(probs.detach().cpu() if isinstance(probs, torch.Tensor) else probs)
    if hidden.ndim != 1 or probs.ndim != 1:
        raise ValueError("hidden and probs are the values of one image: 1-D each")
    if axes is None:
        axes = plt.subplots(1, 3, figsize=(11, 2.4), width_ratios=(1, 3, 2))[1]
    if len(axes) != 3:
        raise ValueError("plot_forward_trace needs three axes")
    ax_img, ax_hidden, ax_out = axes
    ax_img.imshow(_as_image(image), cmap="gray")
    ax_img.axis("off")
    ax_img.set_title("input" if label is None else f"input (label {int(label)})", fontsize=9)
    ax_hidden.bar(np.arange(len(hidden)), hidden, width=1.0, color=PALETTE["orange"])
    active = int((hidden > 0).sum())
    ax_hidden.set(xlabel="hidden unit", ylabel="value",
                  xlim=(-0.5, len(hidden) - 0.5))  # fmt: skip
    ax_hidden.set_title(f"hidden layer: {active} of {len(hidden)} units above 0", fontsize=9)
    guess = int(probs.argmax())
    colors = [PALETTE["blue"]] * len(probs)
    if label is not None and guess != int(label):
        colors[guess] = MISTAKE
    elif label is not None:
        colors[guess] = PALETTE["green"]
    ax_out.bar(np.arange(len(probs)), probs, color=colors)
    ax_out.set(xlabel="class", ylabel="probability", ylim=(0, 1), xticks=range(len(probs)))
    ax_out.axhline(1 / len(probs), color="0.4", lw=1, ls="--", label=f"1/{len(probs)}")
    ax_out.legend(fontsize=8, loc="upper right")
    ax_out.set_title(f"output: predicts {guess} (p = {probs[guess]:.2f})", fontsize=9)
    if title:
        ax_img.figure.suptitle(title)
    return axes


# --- chapter 08: backpropagation

GRAPH_VALUE_COLOR = PALETTE["green"]
"""Colour of the forward values written on a computational graph's wires."""
GRAPH_GRAD_COLOR = PALETTE["vermillion"]
"""Colour of the gradients (of the graph's output) written under its wires."""


def _graph_nodes(edges) -> tuple[list, dict, dict]:
    """Nodes in order of first appearance, and each node's parents and children."""
    nodes, parents, children = [], {}, {}
    for src, dst in edges:
        for n in (src, dst):
            if n not in parents:
                nodes.append(n)
                parents[n], children[n] = [], []
        parents[dst].append(src)
        children[src].append(dst)
    return nodes, parents, children


def graph_layout(edges) -> dict:
    """Positions ``{node: (x, y)}`` for a computational graph drawn from left to right.

    ``edges`` is a list of ``(source, destination)`` pairs: a value flows from the source into
    the operation at the destination. A node's column is the length of the longest path that
    reaches it, except for the inputs (nodes without parents), which stand one column before
    their first use. Rows come from the output backwards: the inputs take one row each, in
    the order a walk from the output through the parents (in the order of ``edges``) meets
    them, top to bottom, and every operation sits at the mean height of its parents.
    Raises ``ValueError`` for a graph with a cycle.
    """
    nodes, parents, children = _graph_nodes(edges)
    depth = {}
    for _ in range(len(nodes) + 1):
        changed = False
        for n in nodes:
            d = 1 + max((depth.get(p, 0) for p in parents[n]), default=-1)
            if depth.get(n) != d:
                depth[n], changed = d, True
        if not changed:
            break
    else:
        raise ValueError("the graph has a cycle: a computational graph must be acyclic")
    for n in nodes:
        if not parents[n] and children[n]:
            depth[n] = min(depth[c] for c in children[n]) - 1
    height, slot = {}, [0]

    def place(n):
        if n in height:
            return height[n]
        if not parents[n]:
            height[n] = -float(slot[0])
            slot[0] += 1
        else:
            height[n] = float(np.mean([place(p) for p in parents[n]]))
        return height[n]

    for n in [n for n in nodes if not children[n]] + nodes:
        place(n)
    return {n: (float(depth[n]), height[n]) for n in nodes}


def _graph_text(v, fmt: str) -> str:
    return v if isinstance(v, str) else fmt.format(v)


def _graph_shape(xy, kind: str, r: float):
    """The node's outline: a circle (operation), a square (input) or a diamond (parameter)."""
    if kind == "op":
        return patches.Circle(xy, r, fc="white", ec="0.2", lw=1.3, zorder=3)
    if kind == "param":
        x, y = xy
        d = 1.2 * r
        corners = [(x - d, y), (x, y + d), (x + d, y), (x, y - d)]
        return patches.Polygon(corners, closed=True, fc="#f2f2f2", ec="0.2", lw=1.3, zorder=3)
    if kind == "input":
        return patches.Rectangle((xy[0] - r, xy[1] - r), 2 * r, 2 * r, fc="#f2f2f2", ec="0.2",
                                 lw=1.3, zorder=3)  # fmt: skip
    raise ValueError(f"node kind must be 'op', 'input' or 'param', got {kind!r}")


def draw_computational_graph(
    edges,
    values: dict | None = None,
    grads: dict | None = None,
    labels: dict | None = None,
    kinds: dict | None = None,
    pos: dict | None = None,
    ax=None,
    title: str | None = None,
    fmt: str = "{:.2f}",
    spacing: tuple = (1.9, 1.3),
    legend: bool = True,
    label_at: float = 0.4,
    fontsize: float = 8.5,
):
    """A computational graph with its forward values and gradients, as CS231n draws them.

    ``edges`` lists ``(source, destination)`` pairs (see :func:`graph_layout`). Every node
    is drawn as its kind says (``kinds``: ``"input"`` a square, ``"param"`` a diamond,
    ``"op"`` a circle; default: a node without parents is an input, the rest operations)
    with its label inside (``labels``, default the node's name: an operation's symbol such
    as ``"+"``, ``"×"``, ``"exp"`` or ``"1/x"``). On each wire leaving a node, the node's
    forward value ``values[node]`` is written above, in green, and the gradient of the
    graph's output with respect to it, ``grads[node]``, below, in red; the last node gets an
    output wire of its own. When a node feeds several operations, ``grads[(node, dest)]``
    gives the gradient that comes back along one wire and ``grads[node]`` (their sum) is
    written under the node. Numbers are formatted with ``fmt``; strings are written as
    they are. ``pos`` overrides the layout (``{node: (column, row)}``, in units of
    ``spacing``); ``label_at`` is where along each wire (0 at its start, 1 at its end) the
    numbers are written, in ``fontsize`` points (raise it for long mathematical labels).
    Returns the axes.
    """
    import re

    nodes, parents, children = _graph_nodes(edges)
    values, grads, labels = values or {}, grads or {}, labels or {}
    kinds = {n: "op" if parents[n] else "input" for n in nodes} | dict(kinds or {})
    layout = graph_layout(edges) | dict(pos or {})
    sx, sy = spacing
    xy = {n: (layout[n][0] * sx, layout[n][1] * sy) for n in nodes}
    xs, ys = [p[0] for p in xy.values()], [p[1] for p in xy.values()]
    r = 0.3
    if ax is None:
        width = max(xs) - min(xs) + 2 * sx
        height = max(ys) - min(ys) + 1.6
        ax = plt.subplots(figsize=(min(1.0 + 0.95 * width, 13.0), 0.9 + 0.95 * height))[1]
    ax.set_xlim(min(xs) - 0.6, max(xs) + sx + 0.1)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    wire_text = {"fontsize": fontsize, "fontweight": "bold", "zorder": 4}

    def wire(start, end, value, grad):
        ax.annotate("", xy=end, xytext=start, zorder=1,
                    arrowprops={"arrowstyle": "-|>", "color": "0.35", "lw": 1.1,
                                "shrinkA": 0, "shrinkB": 0})  # fmt: skip
        t = label_at
        x = start[0] + t * (end[0] - start[0])
        y = start[1] + t * (end[1] - start[1])
        box = {"fc": "white", "ec": "none", "pad": 0.3, "alpha": 0.85}
        if value is not None:
            ax.text(x, y + 0.08, _graph_text(value, fmt), color=GRAPH_VALUE_COLOR, ha="center",
                    va="bottom", bbox=box, **wire_text)  # fmt: skip
        if grad is not None:
            ax.text(x, y - 0.08, _graph_text(grad, fmt), color=GRAPH_GRAD_COLOR, ha="center",
                    va="top", bbox=box, **wire_text)  # fmt: skip

    for n in nodes:
        x, y = xy[n]
        start = (x + r, y)
        if not children[n]:
            wire(start, (x + 0.75 * sx, y), values.get(n), grads.get(n))
            continue
        for c in children[n]:
            cx, cy = xy[c]
            angle = np.arctan2(cy - y, cx - x)
            end = (cx - r * np.cos(angle), cy - r * np.sin(angle))
            branch = grads.get((n, c), grads.get(n) if len(children[n]) == 1 else None)
            wire((x + r * np.cos(angle), y + r * np.sin(angle)), end, values.get(n), branch)
        if len(children[n]) > 1 and n in grads:
            ax.text(x, y - r - 0.12, "Σ " + _graph_text(grads[n], fmt), color=GRAPH_GRAD_COLOR,
                    ha="center", va="top", **wire_text)  # fmt: skip
    for n in nodes:
        ax.add_patch(_graph_shape(xy[n], kinds[n], r))
        text = str(labels.get(n, n))
        shown = len(re.sub(r"\\[a-zA-Z]+|[$_{}]", lambda m: "x" if len(m[0]) > 1 else "", text))
        size = 10 if shown <= 2 else 8.5 if shown <= 4 else 7
        ax.text(*xy[n], text, ha="center", va="center", fontsize=size, zorder=5)
    if legend:
        from matplotlib.lines import Line2D

        handles = [
            Line2D([], [], color=GRAPH_VALUE_COLOR, lw=2.5, label="forward value (above)"),
            Line2D([], [], color=GRAPH_GRAD_COLOR, lw=2.5, label="gradient of the output (below)"),
        ]
        shapes = {"input": ("s", "input"), "param": ("D", "parameter"), "op": ("o", "operation")}
        for kind in ("input", "param", "op"):
            if kind in kinds.values():
                marker, name = shapes[kind]
                handles.append(Line2D([], [], ls="", marker=marker, mfc="white", mec="0.2",
                                      ms=8, label=name))  # fmt: skip
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), fontsize=8,
                  ncol=len(handles))  # fmt: skip
    if title:
        ax.set_title(title, fontsize=10)
    return ax


# --- chapter 06: losses


def huber(r, delta: float = 1.0) -> np.ndarray:
    """The Huber loss of residuals ``r``: ``r²/2`` where ``|r| <= delta``, else
    ``delta (|r| - delta/2)`` (as ``F.huber_loss`` computes it, before averaging)."""
    a = np.abs(np.asarray(r, dtype=float))
    return np.where(a <= delta, 0.5 * a**2, delta * (a - 0.5 * delta))


def plot_regression_losses(limit: float = 3.0, delta: float = 1.0, axes=None):
    """The penalty each regression loss puts on one residual ``r = prediction - target``
    (left: ``r²/2``, ``|r|`` and the Huber loss) and its derivative, the pull on that
    prediction (right: ``r``, ``sign(r)``, ``r`` clipped to ``[-delta, delta]``).
    Returns the figure."""
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    fig = axes[0].figure
    r = np.linspace(-limit, limit, 601)
    curves = {
        r"squared error $r^2/2$": (0.5 * r**2, r),
        r"absolute error $|r|$": (np.abs(r), np.sign(r)),
        rf"Huber ($\delta$ = {delta:g})": (huber(r, delta), np.clip(r, -delta, delta)),
    }
    for (name, (loss, grad)), style in zip(curves.items(), ("-", "--", ":")):
        axes[0].plot(r, loss, style, lw=2, label=name)
        axes[1].plot(r, grad, style, lw=2, label=name)
    axes[0].set_title("the loss of one residual")
    axes[0].set_ylabel("loss")
    axes[1].set_title("its derivative: how hard the point pulls")
    axes[1].set_ylabel(r"$\partial$ loss / $\partial r$")
    for ax in axes:
        ax.axhline(0, color="0.3", lw=0.8)
        ax.axvline(0, color="0.3", lw=0.8)
        ax.set_xlabel("residual $r$ = prediction − target")
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_line_fits(
    x,
    y,
    fits: dict,
    outliers=None,
    ax=None,
    title: str | None = None,
    xlabel: str = "x",
    ylabel: str = "y",
    ylim=None,
    legend: str | None = "best",
):
    """Data points and one fitted line per loss: ``fits`` maps a name to ``(slope,
    intercept)``.  ``outliers`` (a boolean mask over the points) draws those points as red
    crosses; with ``ylim``, points above it are drawn at its top edge as triangles, so that a
    far outlier does not squash the picture.  ``legend``: a Matplotlib location, ``"outside"``
    (to the right of the axes) or None (no legend).  Returns the axes."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    bad = np.zeros(len(x), bool) if outliers is None else np.asarray(outliers, bool)
    ax = ax or plt.subplots(figsize=(6, 4))[1]
    ax.scatter(x[~bad], y[~bad], s=18, color="0.55", label="data", zorder=2)
    if bad.any():
        top = ylim[1] if ylim is not None else np.inf
        inside = bad & (y <= top)
        above = bad & (y > top)
        if inside.any():
            ax.scatter(
                x[inside], y[inside], s=50, marker="X", color=MISTAKE, label="outliers", zorder=3
            )
        if above.any():
            ax.scatter(
                x[above],
                np.full(above.sum(), top),
                s=60,
                marker="^",
                color=MISTAKE,
                clip_on=False,
                zorder=3,
                label=f"outliers (above the frame, up to {y[above].max():.3g})",
            )
    grid = np.linspace(x.min(), x.max(), 50)
    for k, (name, (slope, intercept)) in enumerate(fits.items()):
        ax.plot(
            grid,
            slope * grid + intercept,
            lw=2,
            color=COLORS[k % len(COLORS)],
            ls=("-", "--", "-.", ":")[k % 4],
            label=name,
        )
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if legend == "outside":
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    elif legend is not None:
        ax.legend(fontsize=8, loc=legend)
    if title:
        ax.set_title(title)
    return ax


def margin_losses(m, margin: float = 1.0) -> dict:
    """The losses of a two-class problem as functions of the margin ``m = s_y - s_other``
    (how far the correct score is ahead): 0-1 loss, hinge ``max(0, margin - m)``, squared
    hinge, and softmax cross-entropy ``log(1 + e^(-m))``.  A dict name -> array."""
    m = np.asarray(m, dtype=float)
    hinge = np.maximum(0.0, margin - m)
    return {
        "0-1 loss (mistake or not)": (m <= 0).astype(float),
        "hinge (SVM)": hinge,
        "squared hinge": hinge**2,
        "softmax cross-entropy": np.logaddexp(0.0, -m),
    }


def plot_margin_losses(limit: float = 4.0, margin: float = 1.0, ax=None, title: str | None = None):
    """The curves of :func:`margin_losses` against the margin ``s_y - s_other``: the hinge is
    exactly 0 beyond the margin, the cross-entropy only tends to 0.  Returns the axes."""
    ax = ax or plt.subplots(figsize=(6, 3.8))[1]
    m = np.linspace(-limit, limit, 801)
    styles = (":", "-", "--", "-")
    for k, ((name, loss), style) in enumerate(zip(margin_losses(m, margin).items(), styles)):
        color = "0.4" if k == 0 else COLORS[k - 1]
        ax.plot(m, loss, style, lw=2, color=color, label=name)
    ax.axvline(margin, color="0.3", lw=0.8, ls="--")
    ax.annotate(
        f"margin {margin:g}", (margin, 3.2), xytext=(6, 0), textcoords="offset points", fontsize=8
    )
    ax.set_ylim(-0.1, 4)
    ax.set_xlabel(r"correct score minus the other score, $s_y - s_j$")
    ax.set_ylabel("loss")
    ax.legend(fontsize=8)
    ax.set_title(
        title or "Two classes: the hinge is flat beyond the margin, cross-entropy never is",
        fontsize=10,
    )
    return ax


def plot_weight_templates(
    weights: dict, classes, shape=(28, 28), size: float = 0.95, title: str | None = None
):
    """Each row one linear classifier's weights, each column one class's weight vector shown
    as an image (``shape``): white pulls the class's score up, black down, mid-grey is 0.

    ``weights`` maps a row label to an array ``(len(classes), prod(shape))`` (an
    ``nn.Linear``'s ``.weight``).  One grey scale per row, symmetric about 0, so the rows'
    patterns can be compared, not their sizes.  Returns the figure.
    """
    rows = {
        k: (v.detach().cpu().numpy() if isinstance(v, torch.Tensor) else np.asarray(v))
        for k, v in weights.items()
    }
    ncols = len(classes)
    for name, w in rows.items():
        if w.shape != (ncols, int(np.prod(shape))):
            raise ValueError(
                f"{name}: weights of shape {w.shape}, expected ({ncols}, {int(np.prod(shape))})"
            )
    fig, axes = plt.subplots(
        len(rows), ncols, figsize=(size * ncols + 1.4, size * len(rows) + 0.5), squeeze=False
    )
    for r, (name, w) in enumerate(rows.items()):
        limit = float(np.abs(w).max()) or 1.0
        for c in range(ncols):
            ax = axes[r, c]
            _symmetric_gray(ax, w[c].reshape(shape), limit)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
            ax.spines[:].set_visible(False)
            if r == 0:
                ax.set_title(str(classes[c]), fontsize=9)
        axes[r, 0].set_ylabel(name, rotation=0, ha="right", va="center", fontsize=9)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# --- chapter 10: PyTorch in depth


def _as_grid(x) -> np.ndarray:
    """A 0-, 1- or 2-D array as 2-D, the way broadcasting sees it: (n,) is one row (1, n)."""
    a = np.asarray(x.detach().cpu() if isinstance(x, torch.Tensor) else x)
    if a.ndim > 2:
        raise ValueError(f"draw_broadcast draws 0-, 1- or 2-D arrays, got shape {a.shape}")
    return a.reshape((1,) * (2 - a.ndim) + a.shape)


def _broadcast_panel(ax, grid, shape, x0, color, label, fmt):
    """Draw ``grid`` stretched to ``shape`` at x offset ``x0``: its own cells solid, the
    virtual copies that broadcasting adds faded with dashed edges.  Returns the right edge."""
    rows, cols = shape
    for i in range(rows):
        for j in range(cols):
            own = i < grid.shape[0] and j < grid.shape[1]
            value = grid[min(i, grid.shape[0] - 1), min(j, grid.shape[1] - 1)]
            ax.add_patch(
                patches.Rectangle(
                    (x0 + j, -i - 1),
                    1,
                    1,
                    facecolor=color,
                    alpha=0.75 if own else 0.18,
                    edgecolor="0.2" if own else "0.55",
                    ls="-" if own else "--",
                    lw=1.0,
                )
            )
            ax.text(
                x0 + j + 0.5,
                -i - 0.5,
                fmt.format(value),
                ha="center",
                va="center",
                fontsize=10,
                color="black" if own else "0.45",
            )
    ax.text(x0 + cols / 2, -rows - 0.45, label, ha="center", va="top", fontsize=9)
    return x0 + cols


def draw_broadcast(a, b, op: str = "+", ax=None, title: str | None = None, fmt: str = "{:g}"):
    """Broadcasting drawn: ``a op b`` for 0-, 1- or 2-D arrays, each stretched to the shape of
    the result.  A side's own cells are solid; the copies broadcasting adds (they are never
    stored: the stretched dimension has stride 0) are faded with dashed edges.

    ``op`` is ``"+"``, ``"-"`` or ``"*"``.  Raises ``ValueError`` when the shapes do not
    broadcast.  Returns the axes.
    """
    ops = {"+": np.add, "-": np.subtract, "*": np.multiply}
    if op not in ops:
        raise ValueError(f"op must be one of {sorted(ops)}, got {op!r}")
    A, B = _as_grid(a), _as_grid(b)
    shape_a, shape_b = np.shape(np.asarray(a)), np.shape(np.asarray(b))
    try:
        out = ops[op](A, B)
    except ValueError as exc:
        raise ValueError(f"shapes {shape_a} and {shape_b} do not broadcast") from exc
    rows, cols = out.shape
    if ax is None:
        _, ax = plt.subplots(figsize=(1.0 + 0.55 * (3 * cols + 4), 1.2 + 0.55 * rows))
    x = _broadcast_panel(ax, A, out.shape, 0, PALETTE["sky"], f"a: {shape_a}", fmt)
    ax.text(x + 0.75, -rows / 2, op.replace("*", "×"), ha="center", va="center", fontsize=16)
    x = _broadcast_panel(ax, B, out.shape, x + 1.5, PALETTE["orange"], f"b: {shape_b}", fmt)
    ax.text(x + 0.75, -rows / 2, "=", ha="center", va="center", fontsize=16)
    x = _broadcast_panel(
        ax, out, out.shape, x + 1.5, PALETTE["green"], f"a {op} b: {tuple(out.shape)}", fmt
    )
    ax.set_xlim(-0.2, x + 0.2)
    ax.set_ylim(-rows - 1.1, 0.2)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def matmul_gflops(n, seconds):
    """Billions of floating-point operations per second of an (n × n) @ (n × n) product that
    took ``seconds``: it does n³ multiplications and n²(n − 1) additions, about 2n³."""
    n, seconds = np.asarray(n, dtype=float), np.asarray(seconds, dtype=float)
    return 2 * n**3 / seconds / 1e9


def plot_matmul_timing(
    runs: dict, axes=None, title: str | None = None, log_rate_above: float = 20.0
):
    """Matrix-multiplication timings: time against size n (log-log, with an n³ guide) on the
    left, the rate in GFLOP/s (:func:`matmul_gflops`) on the right.

    ``runs`` maps a label (say ``"cpu, float32"``) to ``(sizes, seconds)``.  The rate axis
    turns logarithmic when the fastest run's best rate is more than ``log_rate_above`` times
    the slowest run's best rate (a GPU's curve would otherwise squash the CPU's into the
    bottom of the panel).  Best rates, not all rates: the small sizes of a single CPU run
    are slow too, and a figure should not change scale with that noise.
    Returns the figure.
    """
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
    else:
        fig = axes[0].figure
    left, right = axes
    for color, (label, (sizes, seconds)) in zip(COLORS, runs.items()):
        sizes, seconds = np.asarray(sizes, dtype=float), np.asarray(seconds, dtype=float)
        left.loglog(sizes, seconds, "o-", color=color, label=label)
        right.semilogx(sizes, matmul_gflops(sizes, seconds), "o-", color=color, label=label)
    if runs:
        sizes, seconds = (np.asarray(v, dtype=float) for v in next(iter(runs.values())))
        guide = seconds[-1] * (sizes / sizes[-1]) ** 3
        left.loglog(sizes, guide, ":", color="0.4", label="∝ n³ (through the last point)")
    left.set(
        xlabel="matrix size n (n × n @ n × n)",
        ylabel="seconds per product",
        title="Time grows like n³ once n is large",
    )
    right.set(
        xlabel="matrix size n",
        ylabel="GFLOP/s  (2n³ / time)",
        title="The rate: operations per second",
    )
    best = [float(np.max(matmul_gflops(s, t))) for s, t in runs.values() if len(s)]
    if best and max(best) > log_rate_above * min(best) > 0:
        right.set_yscale("log")  # a GPU's curve would flatten the CPU's on a linear axis
        right.set_ylabel("GFLOP/s  (2n³ / time, log scale)")
    else:
        right.set_ylim(bottom=0)
    for ax in axes:
        ax.legend(fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def draw_matmul_parallel(n: int = 5, cells=((0, 3), (2, 0), (4, 2)), ax=None, title=None):
    """Why matrix multiplication parallelises: ``C = A @ B`` for n × n matrices drawn as
    grids, with each highlighted entry ``C[i, j]`` in its own colour beside the row i of A
    and the column j of B whose dot product it is.  The n² entries of C need nothing from
    one another, so the highlighted ones (and all the others) can be computed at once.

    ``cells`` lists the (i, j) entries to light up, at most one colour of :data:`COLORS`
    each (a row or column shared by two entries shows the later one's colour).  Returns the
    axes.
    """
    cells = [(int(i), int(j)) for i, j in cells]
    if not cells or len(cells) > len(COLORS) - 1:
        raise ValueError(f"give between 1 and {len(COLORS) - 1} cells, got {len(cells)}")
    if any(not (0 <= i < n and 0 <= j < n) for i, j in cells):
        raise ValueError(f"cells must lie in an {n} × {n} matrix, got {cells}")
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 3.6))
    gap = 1.6
    origins = {"A": 0.0, "B": n + gap, "C": 2 * (n + gap)}
    fills = {name: np.full((n, n), None, dtype=object) for name in origins}
    for color, (i, j) in zip(COLORS, cells):
        fills["A"][i, :] = color
        fills["B"][:, j] = color
        fills["C"][i, j] = color
    for name, x0 in origins.items():
        for r in range(n):
            for c in range(n):
                color = fills[name][r, c]
                ax.add_patch(
                    patches.Rectangle(
                        (x0 + c, -r - 1),
                        1,
                        1,
                        facecolor=color if color else "white",
                        alpha=0.8 if color else 1.0,
                        edgecolor="0.4",
                        lw=0.8,
                    )
                )
        ax.text(x0 + n / 2, 0.3, name, ha="center", va="bottom", fontsize=13, weight="bold")
    ax.text(n + gap / 2, -n / 2, "×", ha="center", va="center", fontsize=18)
    ax.text(2 * n + 1.5 * gap, -n / 2, "=", ha="center", va="center", fontsize=18)
    for k, (color, (i, j)) in enumerate(zip(COLORS, cells)):
        ax.text(origins["C"] + j + 0.5, -i - 0.5, f"{i},{j}", ha="center", va="center", fontsize=8)
        ax.text(
            origins["C"] + n + 0.4,
            -0.5 - 1.1 * k,
            f"C[{i}, {j}] = row {i} of A · column {j} of B",
            ha="left",
            va="center",
            fontsize=9,
            color=color,
            weight="bold",
        )
    ax.text(
        origins["C"] + n + 0.4,
        -0.5 - 1.1 * len(cells),
        f"... and so on for all {n * n} entries,\nnone of which waits for another",
        ha="left",
        va="top",
        fontsize=9,
    )
    ax.set_xlim(-0.2, origins["C"] + n + 7.5)
    ax.set_ylim(-n - 0.3, 1.2)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10)
    return ax


# --- chapter 03: activation functions

ACTIVATION_LABELS = {
    "identity": "identity",
    "sigmoid": "sigmoid σ",
    "tanh": "tanh",
    "softsign": "softsign",
    "relu": "ReLU",
    "leaky_relu": "leaky ReLU (α = 0.01)",
    "prelu": "PReLU",
    "elu": "ELU (α = 1)",
    "relu6": "ReLU-6",
    "softplus": "softplus",
    "maxout": "maxout",
}
"""How the figures name each activation of :mod:`course_lib.scratch.activations`."""


def plot_activation_gallery(
    functions: dict,
    x=None,
    ncols: int = 4,
    size=(3.1, 2.4),
    ylim=None,
    title: str | None = None,
):
    """One panel per activation: the function ``f`` (solid) and its derivative ``f'``
    (dashed), on the same axes.

    ``functions`` maps a name to ``(f, f_grad)`` or ``(f, f_grad, (lo, hi))``: two NumPy
    functions of an array and, optionally, that panel's own input range (a name found in
    :data:`ACTIVATION_LABELS` is shown by its label, any other name as it is). ``x`` is the
    grid of inputs of the other panels (default: 601 points in [-4, 4]); ``ylim`` a common
    y range (default: each panel its own). Returns the figure.
    """
    x = np.linspace(-4, 4, 601) if x is None else np.asarray(x, dtype=float)
    n = len(functions)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(size[0] * ncols, size[1] * nrows), squeeze=False
    )
    for ax, (name, entry) in zip(axes.flat, functions.items()):
        f, f_grad = entry[:2]
        grid = np.linspace(*entry[2], len(x)) if len(entry) > 2 else x
        ax.axhline(0, color="0.6", lw=0.8)
        ax.axvline(0, color="0.6", lw=0.8)
        ax.plot(grid, f(grid), color=PALETTE["blue"], lw=2, label="$f(z)$")
        ax.plot(grid, f_grad(grid), color=PALETTE["vermillion"], lw=1.8, ls="--", label="$f'(z)$")
        ax.set_title(ACTIVATION_LABELS.get(name, name), fontsize=10)
        ax.set_xlabel("input $z$")
        if ylim is not None:
            ax.set_ylim(*ylim)
    for ax in axes.flat[n:]:
        ax.axis("off")
    for ax in axes[:, 0]:
        ax.set_ylabel("$f(z)$, $f'(z)$")
    axes.flat[0].legend(loc="upper left", fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# --- chapter 07: gradient descent


def _loss_grid(loss, xlim, ylim, n: int):
    """The loss on an n × n grid over ``xlim`` × ``ylim``: (W1, W2, L)."""
    W1, W2 = np.meshgrid(np.linspace(*xlim, n), np.linspace(*ylim, n))
    return W1, W2, np.asarray(loss(W1, W2), dtype=float)


def plot_contour_paths(
    loss,
    paths: dict | None = None,
    xlim=(-3.0, 3.0),
    ylim=(-3.0, 3.0),
    minimum=None,
    ax=None,
    levels: int = 14,
    n: int = 200,
    names=("$w_1$", "$w_2$"),
    title: str | None = None,
):
    """Contour lines of a loss over two weights, with optimisation paths drawn on top.

    ``loss(W1, W2)`` takes two grids of weights and returns the loss on each point
    (vectorised).  ``paths`` is ``{label: array (steps + 1, 2)}``: each path is a line with a
    dot per step, a ring at its start; points outside the window are clipped.  ``minimum``
    (a pair) is marked with a star.  The contour levels are spaced geometrically above the
    lowest value on the grid, so a bowl shows rings both near and far from its bottom.
    Returns the axes.
    """
    ax = ax or plt.subplots(figsize=(5, 4.4))[1]
    W1, W2, L = _loss_grid(loss, xlim, ylim, n)
    low = L.min()
    span = max(L.max() - low, 1e-12)
    steps = low + span * np.geomspace(1e-3, 1.0, levels)
    ax.contour(W1, W2, L, levels=steps, colors="0.55", linewidths=0.8)
    for color, (label, path) in zip(COLORS, (paths or {}).items()):
        p = np.asarray(path, dtype=float)
        ax.plot(p[:, 0], p[:, 1], "-", color=color, lw=1.3, label=label)
        ax.plot(p[:, 0], p[:, 1], ".", color=color, ms=4 if len(p) < 200 else 1.5)
        ax.plot(p[0, 0], p[0, 1], "o", mfc="white", mec=color, mew=1.8, ms=8)
    if minimum is not None:
        ax.plot(*minimum, "*", color=PALETTE["black"], ms=14, label="minimum")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[1])
    ax.set_aspect("equal")
    ax.grid(False)
    if paths or minimum is not None:
        # a framed legend with a smaller star, so that its entries do not read as plotted points
        ax.legend(fontsize=8, loc="upper right", markerscale=0.6, frameon=True, framealpha=0.9)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_loss_valley(
    loss,
    xlim=(-3.0, 3.0),
    ylim=(-3.0, 3.0),
    ax=None,
    n: int = 60,
    names=("$w_1$", "$w_2$"),
    title: str | None = None,
):
    """The loss over two weights as a 3-D surface: the "valley" that gradient descent walks
    down.  ``loss(W1, W2)`` is vectorised over grids (as for :func:`plot_contour_paths`);
    ``ax`` must be a 3-D axes (made if not given).  Returns the axes."""
    if ax is None:
        ax = plt.figure(figsize=(5.5, 4.4)).add_subplot(projection="3d")
    W1, W2, L = _loss_grid(loss, xlim, ylim, n)
    ax.plot_surface(W1, W2, L, cmap="viridis", linewidth=0, antialiased=True, alpha=0.9)
    ax.contour(W1, W2, L, levels=12, zdir="z", offset=L.min(), colors="0.5", linewidths=0.6)
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[1])
    ax.set_zlabel("loss", labelpad=10)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


# --- chapter 05: nearest neighbours and linear classifiers


def plot_unit_circles(ps=(1, 2, np.inf), ax=None, title: str | None = None):
    """The points at distance 1 from the origin under the L_p distances ``ps``: a diamond for
    L1, a circle for L2, a square for L∞.  Returns the axes."""
    ax = ax or plt.subplots(figsize=(4.2, 4.2))[1]
    t = np.linspace(0, 2 * np.pi, 721)
    names = {1: "L1 (diamond)", 2: "L2 (circle)", np.inf: "L∞ (square)"}
    for color, p in zip(COLORS, ps, strict=False):
        d = np.c_[np.cos(t), np.sin(t)]
        norm = np.abs(d).max(1) if np.isinf(p) else (np.abs(d) ** p).sum(1) ** (1 / p)
        pts = d / norm[:, None]
        label = names.get(p, f"L{p:g}")
        ax.plot(pts[:, 0], pts[:, 1], color=color, lw=2, label=label)
    ax.plot(0, 0, "k+", ms=10)
    ax.set_xlim(-1.35, 1.35)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(fontsize=8, loc="upper right")
    ax.set_title(title or "Points at distance 1 from the origin", fontsize=10)
    return ax


def plot_class_regions(
    predict,
    X,
    y,
    ax=None,
    lim=None,
    resolution: int = 200,
    n_classes: int | None = None,
    names=None,
    title: str | None = None,
    legend: bool = True,
):
    """Colour the plane by the class ``predict`` gives each point, for any number of classes.

    ``predict`` maps an (M, 2) NumPy array to M integer labels; a label of -1 (a tie) stays
    white.  The labelled points ``X`` (N, 2), ``y`` are drawn on top in their class colours.
    ``lim`` is ((x0, x1), (y0, y1)) (default: the data plus a margin).  Returns the axes, with
    ``ax.accuracy`` (the share of the points that ``predict`` gets right) and
    ``ax.tie_share`` (the share of the plotted area that is a tie); ``ax.accuracy`` is None
    when there are no points.
    """
    from matplotlib.colors import to_rgb

    X, y = np.asarray(X, dtype=float), np.asarray(y).astype(int)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"plot_class_regions needs 2-D points, got shape {X.shape}")
    ax = ax or plt.subplots(figsize=(4.2, 4.2))[1]
    k = n_classes or int(y.max()) + 1
    if lim is None:
        pad = 0.1 * (X.max(0) - X.min(0)).max()
        lim = tuple(zip(X.min(0) - pad, X.max(0) + pad, strict=True))
    (x0, x1), (y0, y1) = lim
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    z = np.asarray(predict(np.c_[gx.ravel(), gy.ravel()])).astype(int).reshape(gx.shape)
    light = np.array([[1.0, 1.0, 1.0]] + [to_rgb(c) for c in COLORS[:k]])
    light[1:] = 0.7 + 0.3 * light[1:]  # pale versions of the class colours; ties white
    ax.imshow(light[z + 1], origin="lower", extent=(x0, x1, y0, y1), aspect="auto",
              interpolation="nearest")  # fmt: skip
    for c in range(k):
        pts = X[y == c]
        label = str(names[c]) if names is not None else f"class {c}"
        ax.scatter(pts[:, 0], pts[:, 1], s=28, color=COLORS[c], edgecolors="k", lw=0.6,
                   label=label, zorder=3)  # fmt: skip
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.grid(False)
    if legend:
        ax.legend(fontsize=7, loc="upper right", frameon=True)
    if title:
        ax.set_title(title, fontsize=10)
    ax.accuracy = float(np.mean(np.asarray(predict(X)).astype(int) == y)) if len(X) else None
    ax.tie_share = float(np.mean(z == -1))
    return ax


def plot_linear_classifier_2d(W, b, X=None, y=None, ax=None, lim=((-3, 3), (-3, 3)),
                              names=None, title: str | None = None):  # fmt: skip
    """A linear classifier s = W x + b on 2-D inputs, drawn the geometric way.

    Each class c has a line where its score is 0, ``W[c] · x + b[c] = 0``, and an arrow
    ``W[c]`` pointing to where its score grows; the plane is coloured by the class with the
    highest score.  ``W`` is (K, 2), ``b`` (K,).  With ``X`` and ``y`` the points are drawn
    too.  Returns the axes (``ax.accuracy`` as in :func:`plot_class_regions`, or None).
    """
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    k = len(W)
    ax = ax or plt.subplots(figsize=(4.6, 4.6))[1]

    def predict(pts):
        return np.argmax(pts @ W.T + b, axis=1)

    if X is None:
        X, y = np.zeros((0, 2)), np.zeros(0, int)
    plot_class_regions(predict, X, y, ax=ax, lim=lim, n_classes=k, names=names, legend=False)
    (x0, x1), (y0, y1) = lim
    t = np.linspace(-10, 10, 2)
    for c in range(k):
        w = W[c]
        if not np.any(w):
            continue
        p = -b[c] * w / (w @ w)  # the point of the line closest to the origin
        d = np.array([-w[1], w[0]]) / np.linalg.norm(w)
        name = str(names[c]) if names is not None else f"class {c}"
        ax.plot(p[0] + 10 * t * d[0], p[1] + 10 * t * d[1], color=COLORS[c], lw=2,
                label=f"{name}: score 0")  # fmt: skip
        ax.annotate("", xy=p + 0.8 * w / np.linalg.norm(w), xytext=p,
                    arrowprops={"arrowstyle": "-|>", "color": COLORS[c], "lw": 2})  # fmt: skip
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.legend(fontsize=7, loc="upper right", frameon=True)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_cv_accuracy(ks, fold_acc, ax=None, label: str | None = None, color=None,
                     show_folds: bool = True, marker: str = "o"):  # fmt: skip
    """Cross-validation accuracy against k: one small dot per fold, the mean over folds as a
    line, and ± one standard deviation as a band.  ``fold_acc`` is (n_folds, len(ks)).

    Returns the axes, with ``ax.best_k`` (the k of the highest mean; the smallest such k on
    a tie) and ``ax.mean``/``ax.sd`` (per k).
    """
    ks = np.asarray(ks)
    acc = np.asarray(fold_acc, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != len(ks):
        raise ValueError(f"fold_acc must be (n_folds, {len(ks)}), got {acc.shape}")
    ax = ax or plt.subplots(figsize=(6, 3.8))[1]
    color = color or COLORS[0]
    mean, sd = acc.mean(0), acc.std(0, ddof=1) if len(acc) > 1 else np.zeros(len(ks))
    if show_folds:
        for row in acc:
            ax.plot(ks, row, ".", color=color, alpha=0.45, ms=5)
    ax.fill_between(ks, mean - sd, mean + sd, color=color, alpha=0.18, lw=0)
    fold_note = f" (mean ± sd of {len(acc)} folds)" if len(acc) > 1 else ""
    ax.plot(ks, mean, marker + "-", color=color, label=(label or "cross-validation") + fold_note)
    ax.set_xlabel("k (number of neighbours)")
    ax.set_ylabel("accuracy")
    ax.legend(fontsize=8)
    ax.best_k = int(ks[int(np.argmax(mean))])
    ax.mean, ax.sd = mean, sd
    return ax


def show_neighbours(queries, neighbours, query_labels, neighbour_labels, classes=None,
                    size: float = 1.05, title: str | None = None, distances=None):  # fmt: skip
    """One row per query image: the query, then its nearest training images in order.

    ``queries`` is (m, C, H, W) (or (m, H, W)), ``neighbours`` (m, k, ...), the labels (m,)
    and (m, k).  A neighbour's label is written in the mistake colour when it differs from the
    query's; ``distances`` (m, k) adds each neighbour's distance.  Returns the figure.
    """
    m, k = len(queries), len(neighbours[0])
    name = (lambda i: str(classes[int(i)])) if classes is not None else (lambda i: str(int(i)))
    fig, axes = plt.subplots(m, k + 1, figsize=(size * (k + 1) + 0.3, 1.22 * size * m + 0.4),
                             squeeze=False)  # fmt: skip
    for i in range(m):
        ax = axes[i, 0]
        img = _as_image(queries[i])
        ax.imshow(img, cmap="gray" if img.ndim == 2 else None)
        ax.set_title(name(query_labels[i]), fontsize=8, fontweight="bold")
        for j in range(k):
            ax = axes[i, j + 1]
            img = _as_image(neighbours[i][j])
            ax.imshow(img, cmap="gray" if img.ndim == 2 else None)
            wrong = int(neighbour_labels[i][j]) != int(query_labels[i])
            note = f"\n{float(distances[i][j]):.1f}" if distances is not None else ""
            ax.set_title(name(neighbour_labels[i][j]) + note, fontsize=7,
                         color=MISTAKE if wrong else "black")  # fmt: skip
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
    for ax in axes[:, 0]:
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_linewidth(2)
    axes[0, 0].set_xlabel("")
    fig.text(0.01, 0.5, "query (framed), then its nearest training images →", rotation=90,
             va="center", fontsize=8)  # fmt: skip
    if title:
        fig.suptitle(title)
    fig.tight_layout(rect=(0.025, 0, 1, 1))
    return fig


def draw_pipeline(steps, ax=None, title: str | None = None, width: float = 2.1):
    """Boxes left to right joined by arrows: ``steps`` is a list of (heading, detail) pairs
    (a plain string is a heading alone).  Returns the axes."""
    steps = [(s, "") if isinstance(s, str) else tuple(s) for s in steps]
    n, gap, h = len(steps), 0.55, 1.25
    total = n * width + (n - 1) * gap
    ax = ax or plt.subplots(figsize=(0.95 * total + 0.4, 1.9))[1]
    ax.set_xlim(-0.2, total + 0.2)
    ax.set_ylim(-0.15, h + 0.15)
    ax.axis("off")
    for i, (heading, detail) in enumerate(steps):
        x = i * (width + gap)
        color = COLORS[i % len(COLORS)]
        box = patches.FancyBboxPatch((x, 0), width, h, fc="white", ec=color, lw=2,
                                     boxstyle="round,pad=0.02,rounding_size=0.12")  # fmt: skip
        ax.add_patch(box)
        ax.text(x + width / 2, h * 0.78, heading, ha="center", va="center", fontsize=9,
                fontweight="bold")  # fmt: skip
        if detail:
            ax.text(x + width / 2, h * 0.36, detail, ha="center", va="center", fontsize=7.5,
                    wrap=True)  # fmt: skip
        if i < n - 1:
            _arrow(ax, (x + width + 0.04, h / 2), (x + width + gap - 0.04, h / 2))
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_colour_histogram(hist, levels: int = 4, ax=None, title: str | None = None):
    """A joint colour histogram (``levels``³ bins: red, then green, then blue, each cut into
    ``levels`` equal steps) as bars, each bar drawn in the colour of its bin.  Returns the
    axes."""
    hist = np.asarray(hist, dtype=float).ravel()
    n = levels**3
    if hist.shape != (n,):
        raise ValueError(f"expected {n} bins for {levels} levels, got {hist.shape}")
    ax = ax or plt.subplots(figsize=(6.5, 2.6))[1]
    rgb = (np.stack(np.unravel_index(np.arange(n), (levels,) * 3), axis=1) + 0.5) / levels
    ax.bar(np.arange(n), hist, width=1.0, color=rgb, edgecolor="0.35", lw=0.3)
    ax.set_xlim(-0.5, n - 0.5)
    ax.set_xlabel(f"colour bin (red, green and blue each cut into {levels} steps)")
    ax.set_ylabel("share of the pixels")
    ax.grid(False)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_hog(hist, image=None, cell: int = 8, ax=None, title: str | None = None):
    """Histograms of oriented gradients drawn as glyphs: in each cell one line per
    orientation bin, along the edge direction (perpendicular to the gradient), as long as
    that bin's share of the cell's gradient.  ``hist`` is (bins, rows, cols); ``image`` (an
    image of rows*cell × cols*cell pixels) is shown faintly underneath.  Returns the axes."""
    hist = np.asarray(hist, dtype=float)
    bins, rows, cols = hist.shape
    ax = ax or plt.subplots(figsize=(3.4, 3.4))[1]
    if image is not None:
        img = _as_image(image)
        ax.imshow(img, cmap="gray" if img.ndim == 2 else None, alpha=0.45,
                  extent=(0, cols * cell, rows * cell, 0))  # fmt: skip
    top = hist.max() or 1.0
    for i in range(rows):
        for j in range(cols):
            cy, cx = (i + 0.5) * cell, (j + 0.5) * cell
            for k in range(bins):
                angle = (k + 0.5) * np.pi / bins + np.pi / 2  # edge ⟂ gradient
                r = 0.48 * cell * hist[k, i, j] / top
                dx, dy = r * np.cos(angle), -r * np.sin(angle)  # image rows grow downwards
                ax.plot([cx - dx, cx + dx], [cy - dy, cy + dy], color=PALETTE["vermillion"],
                        lw=1.6, solid_capstyle="round")  # fmt: skip
    ax.set_xlim(0, cols * cell)
    ax.set_ylim(rows * cell, 0)
    ax.set_xticks(np.arange(0, cols * cell + 1, cell))
    ax.set_yticks(np.arange(0, rows * cell + 1, cell))
    ax.tick_params(labelsize=7)
    ax.grid(True, color="0.5", alpha=0.5)
    ax.set_aspect("equal")
    ax.set_xlabel("x (pixels)")
    ax.set_ylabel("y (pixels)")
    if title:
        ax.set_title(title, fontsize=10)
    return ax


# --- chapter 09: a network from scratch


def plot_fix_curves(
    curves: dict, reference=None, ax=None, title: str | None = None, legend: dict | None = None
):
    """Validation accuracy after each epoch of several training runs, one line per run.

    ``curves`` maps a label (say ``"+ ReLU"``) to the accuracies after epochs 1, 2, ...;
    ``reference`` is an optional ``(label, accuracies)`` drawn as grey squares on a dotted
    line (a source's printed numbers, say). The accuracy axis runs from 0 to 1, so that a run
    that crawls and one that is nearly done can be compared. ``legend`` holds keyword
    arguments for ``ax.legend`` (default: small print in the lower right corner; say
    ``{"loc": "upper left", "bbox_to_anchor": (1.01, 1)}`` to put it beside the axes).
    Returns the axes.
    """
    ax = ax or plt.subplots(figsize=(7.5, 4))[1]
    for color, (label, acc) in zip(COLORS, curves.items()):
        acc = np.asarray(acc, dtype=float)
        ax.plot(np.arange(1, len(acc) + 1), acc, "o-", ms=3.5, color=color, label=label)
    if reference is not None:
        label, acc = reference
        acc = np.asarray(acc, dtype=float)
        ax.plot(np.arange(1, len(acc) + 1), acc, "s:", ms=4, color="0.45", label=label)
    ax.set(xlabel="epoch", ylabel="validation accuracy", ylim=(0, 1.0))
    n = max([len(a) for a in curves.values()] + [len(reference[1]) if reference else 0])
    ax.set_xticks(np.arange(1, n + 1))
    ax.legend(**{"fontsize": 8, "loc": "lower right", **(legend or {})})
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_sigmoid_factors(factors: dict, ax=None, title: str | None = None, bins: int = 50):
    """Histograms of σ'(z) = σ(z)(1 − σ(z)), the factor by which a sigmoid unit multiplies
    the gradient passing back through it (at most 1/4, at z = 0; near 0 when the unit
    saturates).

    ``factors`` maps a label (say ``"output layer, after training"``) to an array of σ'
    values, one per unit and example; each is drawn as a step histogram of the share of
    values in each bin of [0, 1/4], with its mean as a dashed line; every second entry (say the
    trained twin of an untrained one) is drawn thinner and dotted, so that it stays visible
    where the two overlap. Returns the axes.
    """
    ax = ax or plt.subplots(figsize=(7.5, 3.6))[1]
    edges = np.linspace(0, 0.25, bins + 1)
    styles = ["-", ":", "-", ":"]  # pairs (untrained, trained) that overlap stay visible
    for k, (color, (label, values)) in enumerate(zip(COLORS, factors.items())):
        values = np.asarray(values, dtype=float).ravel()
        share = np.histogram(values, bins=edges)[0] / max(len(values), 1)
        width, style = (2.6, "-") if k % 2 == 0 else (1.6, styles[k % len(styles)])
        ax.stairs(share, edges, color=color, lw=width, ls=style,
                  label=f"{label} (mean {values.mean():.3f})")  # fmt: skip
        ax.axvline(values.mean(), color=color, ls="--", lw=1)
    ax.set(xlabel="σ'(z): factor applied to the gradient", ylabel="share of values", xlim=(0, 0.25))
    ax.legend(fontsize=8, loc="upper left")
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_fold_accuracies(fold_acc: dict, ax=None, title: str | None = None):
    """Accuracy on each fold of a k-fold cross-validation: one row per model, a dot per fold,
    and a bar from mean − sd to mean + sd (sample standard deviation over the folds) with a
    tick at the mean.

    ``fold_acc`` maps a model's label to its per-fold accuracies; rows are drawn top to
    bottom in the dict's order. Returns the axes.
    """
    ax = ax or plt.subplots(figsize=(7.5, 0.6 + 0.55 * len(fold_acc)))[1]
    labels = list(fold_acc)
    for row, (color, label) in enumerate(zip(COLORS, labels)):
        acc = np.asarray(fold_acc[label], dtype=float)
        y = len(labels) - 1 - row
        mean, sd = acc.mean(), acc.std(ddof=1) if len(acc) > 1 else 0.0
        ax.plot([mean - sd, mean + sd], [y, y], color=color, lw=5, alpha=0.35,
                solid_capstyle="butt")  # fmt: skip
        ax.plot([mean, mean], [y - 0.25, y + 0.25], color=color, lw=2)
        ax.plot(acc, np.full(len(acc), y), "o", color=color, ms=5)
    ax.set_yticks(np.arange(len(labels))[::-1])
    ax.set_yticklabels(labels)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.set_xlabel("accuracy on the held-out fold")
    ax.grid(True, axis="x")
    ax.grid(False, axis="y")
    if title:
        ax.set_title(title, fontsize=10)
    return ax


# --- chapter 14: RBF networks


def plot_gaussian_shapes(settings=((0.0, 1.0), (0.0, 0.5), (1.5, 1.0)), ax=None, lim=(-4, 4),
                         title: str | None = None):  # fmt: skip
    """The normal density N(x; mu, sigma²) for each ``(mu, sigma)`` in ``settings``: mu moves
    the peak, sigma sets the width (and, through the normalising factor, the height).
    Returns the axes."""
    ax = ax or plt.subplots(figsize=(5.5, 3.2))[1]
    x = np.linspace(*lim, 801)
    styles = ["-", "--", ":", "-."]
    for i, (mu, sigma) in enumerate(settings):
        pdf = np.exp(-((x - mu) ** 2) / (2 * sigma**2)) / np.sqrt(2 * np.pi * sigma**2)
        ax.plot(x, pdf, styles[i % 4], lw=2, label=f"μ = {mu:g}, σ = {sigma:g}")
    ax.set_xlabel("x")
    ax.set_ylabel("N(x; μ, σ²)")
    ax.legend()
    ax.set_title(title or "A Gaussian: μ moves the peak, σ sets the width", fontsize=10)
    return ax


def plot_gaussian_sum(centers, widths, weights, bias: float = 0.0, x=None, ax=None,
                      title: str | None = None, target=None):  # fmt: skip
    """Each weighted bump ``w_j exp(-(x - c_j)² / (2 s_j²))`` as a thin dashed line, and their
    sum plus ``bias`` as a thick line (and ``target(x)``, if given, dotted). Returns the axes."""
    ax = ax or plt.subplots(figsize=(6, 3.4))[1]
    centers, widths = np.asarray(centers, float), np.asarray(widths, float)
    weights = np.asarray(weights, float).ravel()
    x = np.linspace(centers.min() - 3 * widths.max(), centers.max() + 3 * widths.max(), 600) \
        if x is None else np.asarray(x, float)  # fmt: skip
    bumps = weights * np.exp(-((x[:, None] - centers) ** 2) / (2 * widths**2))
    for j in range(len(centers)):
        name = f"$w_{{{j + 1}}}\\varphi_{{{j + 1}}}(x)$" if len(centers) <= 6 else None
        ax.plot(x, bumps[:, j], "--", lw=1.2, color=COLORS[(j + 1) % 7], label=name)
    if target is not None:
        ax.plot(x, target(x), ":", lw=2, color=PALETTE["black"], label="target")
    ax.plot(x, bumps.sum(axis=1) + bias, lw=2.5, color=PALETTE["blue"], label="sum + b")
    ax.set_xlabel("x")
    ax.set_ylabel("output")
    ax.legend(fontsize=8, ncol=2)
    ax.set_title(title or "A weighted sum of Gaussians", fontsize=10)
    return ax


def draw_rbf_net(k: int = 4, ax=None, title: str | None = None):
    """An RBF network as a diagram: the input x, k Gaussian units (each drawn as a bell with its
    centre c_j and width s_j), the weights w_j and the bias b into one summing output F(x)."""
    ax = _blank(ax, (-0.6, 9.6), (-0.9, k + 0.6), (8, 0.75 * k + 2.2))
    blue, orange, green = PALETTE["blue"], PALETTE["orange"], PALETTE["green"]
    x_in, out = (0.4, (k - 1) / 2), (7.4, (k - 1) / 2)
    ax.add_patch(patches.Circle(x_in, 0.35, facecolor="white", edgecolor=blue, lw=1.6))
    ax.text(*x_in, "$x$", ha="center", va="center", fontsize=13)
    gx = np.linspace(-1, 1, 61)
    for j in range(k):
        y = k - 1 - j
        unit = (3.6, y)
        ax.add_patch(patches.Circle(unit, 0.4, facecolor=REGION[1], edgecolor=orange, lw=1.6))
        ax.plot(unit[0] + 0.3 * gx, y - 0.2 + 0.42 * np.exp(-4 * gx**2), color="k", lw=1.2)
        ax.text(unit[0] - 0.05, y + 0.5, f"$c_{{{j + 1}}}, s_{{{j + 1}}}$", ha="center",
                fontsize=8.5)  # fmt: skip
        _arrow(ax, (x_in[0] + 0.37, x_in[1]), (unit[0] - 0.45, y))
        d = np.array(out) - np.array(unit)
        end = np.array(out) - 0.5 * d / np.linalg.norm(d)
        _arrow(ax, (unit[0] + 0.45, y), end, label=f"$w_{{{j + 1}}}$", label_pos=0.45,
               offset=(0, 0.17))  # fmt: skip
    ax.text(6.2, -0.75, "1", ha="center", va="center", fontsize=11)
    _arrow(ax, (6.35, -0.65), (out[0] - 0.25, out[1] - 0.45), label="$b$", label_pos=0.4,
           offset=(0.2, 0))  # fmt: skip
    ax.add_patch(patches.Circle(out, 0.5, facecolor=REGION[0], edgecolor=blue, lw=1.6))
    ax.text(*out, r"$\Sigma$", ha="center", va="center", fontsize=17)
    _arrow(ax, (out[0] + 0.52, out[1]), (out[0] + 1.3, out[1]), color=green, lw=1.6)
    ax.text(out[0] + 1.55, out[1], "$F(x)$", ha="left", va="center", fontsize=12)
    ax.text(0.4, -0.8, "input", ha="center", fontsize=9)
    ax.text(3.6, -0.8, "Gaussian units\n$\\varphi_j = e^{-\\|x - c_j\\|^2 / 2 s_j^2}$",
            ha="center", va="top", fontsize=9)  # fmt: skip
    ax.set_title(title or f"An RBF network with k = {k} Gaussian units: one hidden layer, "
                 "one linear output", fontsize=10)  # fmt: skip
    return ax


def plot_rbf_fit(x, y, grid, pred, truth=None, centers=None, widths=None, weights=None,
                 ax=None, title: str | None = None, label: str = "RBF net"):  # fmt: skip
    """Data points, the true function (if given, dotted), a model's prediction on ``grid``,
    the centres as triangles on the x axis and, with ``widths`` and ``weights``, each
    weighted basis function as a thin dashed line. Returns the axes."""
    ax = ax or plt.subplots(figsize=(5.5, 3.5))[1]
    ax.scatter(x, y, s=12, color=PALETTE["sky"], alpha=0.8, label="data", zorder=2)
    if truth is not None:
        ax.plot(grid, truth, ":", lw=2, color=PALETTE["black"], label="true sin(2πx)")
    if centers is not None and widths is not None and weights is not None:
        c, s = np.asarray(centers, float).ravel(), np.asarray(widths, float).ravel()
        w = np.asarray(weights, float).ravel()
        bumps = w * np.exp(-((np.asarray(grid)[:, None] - c) ** 2) / (2 * s**2))
        for j in range(len(c)):
            ax.plot(grid, bumps[:, j], "--", lw=0.9, color=PALETTE["green"], alpha=0.8,
                    label="weighted Gaussians" if j == 0 else None)  # fmt: skip
    ax.plot(grid, pred, lw=2.5, color=PALETTE["vermillion"], label=label, zorder=3)
    if centers is not None:  # on the x axis whatever the y limits: x in data, y in axes units
        ax.plot(np.ravel(centers), np.full(np.size(centers), 0.02), "^", ms=9,
                color=PALETTE["orange"], label="centres", clip_on=False, zorder=4,
                transform=ax.get_xaxis_transform())  # fmt: skip
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_k_curve(ks, train, val, val_sd=None, noise: float | None = None, ax=None,
                 label: str = "", title: str | None = None, logy: bool = True):  # fmt: skip
    """Training and validation mean squared error against the number of Gaussian units k
    (validation with a band of ± ``val_sd`` if given), and the noise variance as a floor.
    Call twice on one axes with different ``label`` to compare two width rules."""
    ax = ax or plt.subplots(figsize=(6, 3.6))[1]
    ks, val = np.asarray(ks), np.asarray(val)
    color = COLORS[len(ax.lines) // 2 % len(COLORS)]
    ax.plot(ks, train, "o--", color=color, lw=1.3, ms=4, label=f"training {label}".strip())
    ax.plot(ks, val, "s-", color=color, lw=2, ms=4, label=f"validation {label}".strip())
    if val_sd is not None:
        ax.fill_between(ks, val - np.asarray(val_sd), val + np.asarray(val_sd), color=color,
                        alpha=0.2, lw=0)  # fmt: skip
    if noise is not None and not any(line.get_label() == "noise variance" for line in ax.lines):
        ax.axhline(noise, color="0.4", ls=":", lw=1.2, label="noise variance")
    ax.set_xlabel("number of Gaussian units k")
    ax.set_ylabel("mean squared error")
    if logy:
        ax.set_yscale("log")
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


# --- chapter 11: initialisation, preprocessing, batch norm


def plot_layer_histograms(
    acts: dict,
    bins: int = 40,
    limits=None,
    title: str | None = None,
    row_height: float = 1.15,
    drop_zeros: bool = False,
):
    """Histograms of the activations of every layer of a deep network, one row per scheme.

    ``acts`` maps a row label (say ``"Xavier"``) to a list of arrays, one per layer (the
    layer's outputs for a batch); each panel is that layer's histogram as a share of values,
    titled with the layer number and the standard deviation of its values. ``limits`` fixes
    the x range of every panel (default: from the data of each row). ``drop_zeros`` leaves
    values that are exactly 0 out of the bars (still counted in the shares and the sd) and
    adds their share to the panel's title: for ReLU, whose zeros would otherwise dwarf the
    rest. The classic picture of initialisation: activations that shrink to 0, saturate at
    ±1, or keep their spread. Returns the figure.
    """
    labels = list(acts)
    n_layers = max(len(a) for a in acts.values())
    fig, axes = plt.subplots(
        len(labels), n_layers, figsize=(1.35 * n_layers, row_height * len(labels) + 0.6),
        squeeze=False, sharey="row",
    )  # fmt: skip
    for r, (color, label) in enumerate(zip(COLORS, labels)):
        layers = [np.asarray(a, dtype=float).ravel() for a in acts[label]]
        lo, hi = limits if limits is not None else (
            min(v.min() for v in layers), max(v.max() for v in layers))  # fmt: skip
        if hi <= lo:
            lo, hi = lo - 1, hi + 1
        edges = np.linspace(lo, hi, bins + 1)
        for c, ax in enumerate(axes[r]):
            if c >= len(layers):
                ax.axis("off")
                continue
            v = np.clip(layers[c], lo, hi)
            n_all = max(len(v), 1)
            head = f"layer {c + 1}\nsd {layers[c].std():.2g}"
            if drop_zeros:
                head += f", {np.mean(v == 0):.0%} at 0"
                v = v[v != 0]
            share = np.histogram(v, bins=edges)[0] / n_all
            ax.stairs(share, edges, color=color, fill=True, alpha=0.8)
            ax.set_title(head, fontsize=7)
            ax.tick_params(labelsize=6)
            ax.set_xlim(lo, hi)
            if r == len(labels) - 1:
                ax.set_xlabel("activation", fontsize=7)
        axes[r, 0].set_ylabel(f"{label}\nshare", fontsize=8)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def plot_layer_std(stds: dict, ax=None, title: str | None = None, log: bool = True):
    """Standard deviation of the activations against the layer number, one line per run.

    ``stds`` maps a label (say ``"tanh, He"``) to the standard deviations of layers 1, 2, ...;
    a logarithmic y axis (``log``) shows shrinking by a constant factor as a straight line.
    Returns the axes.
    """
    ax = ax or plt.subplots(figsize=(7, 3.8))[1]
    markers = ["o", "s", "^", "D", "v", "P", "X", "*"]
    styles = ["-", "--", "-.", ":"]
    for k, (color, (label, s)) in enumerate(zip(COLORS * 2, stds.items())):
        s = np.asarray(s, dtype=float)
        ax.plot(np.arange(1, len(s) + 1), s, marker=markers[k % len(markers)], ms=4,
                ls=styles[k % len(styles)], color=color, label=label)  # fmt: skip
    if log:
        ax.set_yscale("log")
    ax.set(xlabel="layer", ylabel="standard deviation of activations")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_point_clouds(
    panels: dict, axes=None, title: str | None = None, color=None, labels=("feature 1", "feature 2")
):
    """2-D point clouds side by side on equal axes with the origin marked: the pictures of
    preprocessing (original, centred, standardised; or original, decorrelated, whitened).

    ``panels`` maps a panel title to an (N, 2) array; every panel gets the same symmetric
    limits, so that shifting and shrinking are visible. ``labels`` names the two axes: one
    pair for every panel, or a list with one pair per panel. Returns the figure.
    """
    if axes is None:
        fig, axes = plt.subplots(1, len(panels), figsize=(3.3 * len(panels), 3.4))
    axes = np.atleast_1d(axes)
    fig = axes[0].figure
    pts = {k: np.asarray(v, dtype=float) for k, v in panels.items()}
    lim = 1.08 * max(np.abs(v).max() for v in pts.values())
    if isinstance(labels[0], str):
        labels = [labels] * len(pts)
    for ax, (name, v), (xlab, ylab) in zip(axes, pts.items(), labels):
        ax.scatter(v[:, 0], v[:, 1], s=6, alpha=0.5, color=color or PALETTE["blue"])
        ax.axhline(0, color="0.5", lw=0.8)
        ax.axvline(0, color="0.5", lw=0.8)
        ax.set(xlim=(-lim, lim), ylim=(-lim, lim), xlabel=xlab, ylabel=ylab)
        ax.set_aspect("equal")
        ax.set_title(name, fontsize=9)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def plot_update_ratios(ratios: dict, ax=None, target: float = 1e-3, title: str | None = None):
    """The ratio of each update's size to the weights' size, per training step, one line per
    layer, on a log scale with the rule-of-thumb ``target`` (about 1e-3) as a dashed line.

    ``ratios`` maps a label (say ``"layer 1"``) to the ratio after each step. Returns the axes.
    """
    ax = ax or plt.subplots(figsize=(7.5, 3.6))[1]
    styles = ["-", "--", "-.", ":"]
    for k, (color, (label, r)) in enumerate(zip(COLORS * 2, ratios.items())):
        r = np.asarray(r, dtype=float)
        ax.plot(np.arange(1, len(r) + 1), r, ls=styles[k % len(styles)], lw=1.2, color=color,
                label=label)  # fmt: skip
    ax.axhline(target, color="0.3", ls="--", lw=1, label=f"rule of thumb {target:g}")
    ax.set_yscale("log")
    ax.set(xlabel="training step", ylabel="|update| / |weights|")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    if title:
        ax.set_title(title, fontsize=10)
    return ax


# --- chapter 12: optimisers and schedules


def _path_1d(rule, grad, x0: float, learning_rate: float, steps: int, **config) -> np.ndarray:
    """The iterates of a 1-D update rule from ``x0``: an array (steps + 1,)."""
    w, config = np.array([float(x0)]), {"learning_rate": learning_rate, **config}
    xs = [w[0]]
    for _ in range(steps):
        w, config = rule(w, grad(w), config)
        xs.append(w[0])
    return np.array(xs)


def _panel_1d(ax, f, grad, x0, lr, steps, lim, title, mu: float = 0.9):
    from course_lib.scratch.optim import sgd, sgd_momentum

    x = np.linspace(*lim, 400)
    ax.plot(x, f(x), color="0.55", lw=1.2)
    finals = {}
    for color, marker, (label, rule) in zip(
        (PALETTE["blue"], PALETTE["orange"]), ("o", "s"),
        (("SGD", sgd), (f"momentum μ = {mu:g}", sgd_momentum)),
    ):  # fmt: skip
        kw = {"momentum": mu} if rule is sgd_momentum else {}
        xs = _path_1d(rule, grad, x0, lr, steps, **kw)
        shown = xs[(xs >= lim[0]) & (xs <= lim[1])]
        ax.plot(shown, f(shown), marker, color=color, ms=3.5, mfc="none", label=label)
        ax.plot(xs[-1], f(xs[-1]), marker, color=color, ms=9)
        finals[label] = float(xs[-1])
    ax.plot(x0, f(np.array(x0)), "o", mfc="white", mec=PALETTE["black"], ms=8, label="start")
    ax.set(xlabel="$w$", ylabel="loss", title=title)
    ax.title.set_fontsize(10)
    ax.legend(fontsize=8, loc="upper center")
    return finals


def plot_momentum_fixes(axes=None, steps: int = 100, seed: int = 0):
    """Four problems of plain SGD and what momentum does about each, as one 2 × 2 figure:
    a local minimum and a saddle (1-D losses, the last point of each run drawn large), poor
    conditioning and gradient noise (the ill-conditioned quadratic of
    ``course_lib.widgets.OPTIMISER_SURFACES``, contour lines with paths). Both rules take
    ``steps`` steps; the noise is Gaussian with sd 3, seeded by ``seed``.

    Returns the figure; ``fig.result`` maps each panel to the final weights of each rule.
    """
    from course_lib.widgets import OPTIMISER_SURFACES, optimiser_path

    if axes is None:
        fig, axes = plt.subplots(2, 2, figsize=(11, 8.5))
    axes = np.asarray(axes).ravel()
    fig = axes[0].figure
    result = {}
    result["local minimum"] = _panel_1d(
        axes[0], lambda x: x**4 - 2 * x**2 + 0.6 * x, lambda w: 4 * w**3 - 4 * w + 0.6,
        2.0, 0.01, steps, (-1.6, 2.1), "local minimum: SGD stops in the first dip it meets",
    )  # fmt: skip
    result["saddle"] = _panel_1d(
        axes[1], lambda x: x**3 + 0.75 * x**4, lambda w: 3 * w**2 + 3 * w**3,
        1.0, 0.05, steps, (-1.4, 1.1), "saddle (flat point at 0): SGD stalls, momentum rolls on",
    )  # fmt: skip
    q = OPTIMISER_SURFACES["ill-conditioned quadratic"]
    for ax, noise, title, lrs in (
        (axes[2], 0.0, "poor conditioning: SGD zig-zags across the valley", (0.075, 0.02)),
        (axes[3], 3.0, "gradient noise (sd 3): momentum averages it out", (0.05, 0.005)),
    ):
        paths = {
            f"SGD η = {lrs[0]:g}": optimiser_path(q, "SGD", lrs[0], steps, noise=noise, seed=seed),
            f"momentum η = {lrs[1]:g}, μ = 0.9": optimiser_path(
                q, "momentum", lrs[1], steps, noise=noise, seed=seed, momentum=0.9
            ),
        }
        plot_contour_paths(q["loss"], paths, q["xlim"], q["ylim"], minimum=q["minimum"], ax=ax,
                           title=title)  # fmt: skip
        ax.legend(fontsize=8, loc="lower right", framealpha=0.9)
        result[title.split(":")[0]] = {k: p[-1].tolist() for k, p in paths.items()}
    fig.suptitle(f"Four problems of plain SGD and momentum's answer ({steps} steps each)")
    fig.tight_layout()
    fig.result = result
    return fig


def draw_momentum_vs_nesterov(axes=None, velocity=(2.0, 0.6), grad_here=(0.6, -1.4),
                              grad_ahead=(0.2, -1.0)):  # fmt: skip
    """The vector diagram of one momentum step (left) and one Nesterov step (right).

    Momentum adds the velocity ``μv`` and the gradient step ``-η∇f(x)`` taken *at x*;
    Nesterov first moves by ``μv`` to the look-ahead point and takes the gradient step
    ``-η∇f(x + μv)`` there. The vectors are given directly (they are a sketch, not a run).
    Returns the figure.
    """
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    fig = axes[0].figure
    v, gh, ga = (np.asarray(a, dtype=float) for a in (velocity, grad_here, grad_ahead))
    x = np.zeros(2)

    def arrow(ax, start, d, color, label, style="-", offset=(0.05, 0.12), ha="left"):
        ax.annotate(
            "",
            xy=start + d,
            xytext=start,
            arrowprops=dict(
                arrowstyle="-|>", color=color, lw=2, linestyle=style, shrinkA=0, shrinkB=0
            ),
        )
        mid = start + d / 2
        ax.text(*(mid + np.array(offset)), label, color=color, fontsize=9, ha=ha)

    for ax, title, nesterov in ((axes[0], "momentum", False), (axes[1], "Nesterov", True)):
        ax.plot(*x, "o", color=PALETTE["black"], ms=7)
        ax.text(-0.15, 0.15, "$x_t$", fontsize=11, ha="right")
        arrow(ax, x, v, PALETTE["blue"], r"momentum $\mu v_t$", offset=(-0.35, 0.3))
        if nesterov:
            ax.plot(*(x + v), "o", mfc="white", mec=PALETTE["blue"], ms=7)
            ax.text(*(x + v + np.array([0.05, 0.15])), "look-ahead $x_t + \\mu v_t$", fontsize=9)
            arrow(ax, x + v, ga, PALETTE["vermillion"],
                  "gradient step\nat the look-ahead point")  # fmt: skip
            step = v + ga
        else:
            arrow(ax, x, gh, PALETTE["vermillion"], "gradient step\n" r"$-\eta\nabla f(x_t)$",
                  offset=(-0.08, -0.1), ha="right")  # fmt: skip
            arrow(ax, x + gh, v, PALETTE["blue"], "", style=":")
            step = v + gh
        arrow(ax, x, step, PALETTE["green"], "actual step")
        ax.plot(*(x + step), "o", color=PALETTE["green"], ms=7)
        ax.set(xlim=(-0.6, 3.2), ylim=(-1.9, 1.2), title=f"{title}: velocity + gradient step")
        ax.title.set_fontsize(10)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")
        ax.grid(False)
    fig.tight_layout()
    return fig


def plot_taylor_approximations(f, grad, hess, x0: float, lim=(-1.0, 3.0), learning_rate=0.3,
                               ax=None, title: str | None = None):  # fmt: skip
    """A 1-D loss with its first-order (tangent line) and second-order (parabola) Taylor
    approximations at ``x0``, the gradient-descent step ``x0 - η f'(x0)`` and the Newton step
    ``x0 - f'(x0) / f''(x0)`` (the parabola's minimum). Returns the axes; ``ax.result`` holds
    both new points and their losses."""
    ax = ax or plt.subplots(figsize=(6.5, 4.2))[1]
    x = np.linspace(*lim, 400)
    g, h = float(grad(x0)), float(hess(x0))
    ax.plot(x, f(x), color=PALETTE["black"], lw=2, label="loss $J(w)$")
    ax.plot(x, f(x0) + g * (x - x0), "--", color=PALETTE["blue"], label="first order (tangent)")
    ax.plot(x, f(x0) + g * (x - x0) + 0.5 * h * (x - x0) ** 2, "-.", color=PALETTE["orange"],
            label="second order (parabola)")  # fmt: skip
    x_gd, x_nt = x0 - learning_rate * g, x0 - g / h
    ax.plot(x0, f(x0), "o", mfc="white", mec=PALETTE["black"], ms=9, label="$w_0$")
    ax.plot(x_gd, f(x_gd), "s", color=PALETTE["blue"], ms=8,
            label=f"gradient step (η = {learning_rate:g})")  # fmt: skip
    ax.plot(x_nt, f(x_nt), "D", color=PALETTE["orange"], ms=8, label="Newton step")
    y = f(x)
    ax.set(xlim=lim, ylim=(y.min() - 0.3 * np.ptp(y), y.max()), xlabel="$w$", ylabel="loss")
    ax.legend(fontsize=8, loc="upper center")
    ax.set_title(title or "Newton jumps to the parabola's minimum; no learning rate", fontsize=10)
    ax.result = {"gradient step": (x_gd, float(f(x_gd))), "Newton step": (x_nt, float(f(x_nt)))}
    return ax


_STYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1)))


def plot_lr_schedules(schedules: dict, ax=None, xlabel: str = "epoch", log: bool = False,
                      title: str | None = None):  # fmt: skip
    """Learning rate against time for several schedules, one line style each (they overlap).

    ``schedules`` maps a label to the rates at steps 0, 1, 2, ... Returns the axes."""
    ax = ax or plt.subplots(figsize=(7, 3.8))[1]
    for color, style, (label, lrs) in zip(COLORS, _STYLES, schedules.items()):
        lrs = np.asarray(lrs, dtype=float)
        ax.plot(np.arange(len(lrs)), lrs, linestyle=style, color=color, lw=1.8, label=label)
    if log:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel="learning rate")
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_lr_range_test(lrs, losses, chosen: float | None = None, ax=None, smooth: float = 0.9,
                       title: str | None = None):  # fmt: skip
    """A learning-rate range test: the training loss of each minibatch against the learning
    rate it was taken with (log axis), raw and exponentially smoothed (``smooth`` is the
    smoothing factor, with bias correction as in Adam). ``chosen`` marks the rate picked
    from the curve. Returns the axes; ``ax.smoothed`` holds the smoothed losses."""
    ax = ax or plt.subplots(figsize=(7, 3.8))[1]
    lrs, losses = np.asarray(lrs, dtype=float), np.asarray(losses, dtype=float)
    avg, smoothed = 0.0, []
    for t, loss in enumerate(losses, start=1):
        avg = smooth * avg + (1 - smooth) * loss
        smoothed.append(avg / (1 - smooth**t))
    smoothed = np.array(smoothed)
    ax.plot(lrs, losses, color=PALETTE["sky"], lw=0.8, alpha=0.7, label="minibatch loss")
    ax.plot(lrs, smoothed, color=PALETTE["blue"], lw=2, label="smoothed")
    if chosen is not None:
        ax.axvline(chosen, color=PALETTE["vermillion"], ls="--", label=f"chosen η = {chosen:.2g}")
    ax.set_xscale("log")
    top = min(losses.max(), 3 * smoothed[: max(1, len(smoothed) // 10)].mean())
    ax.set(xlabel="learning rate (log scale)", ylabel="training loss", ylim=(0, top * 1.05))
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title, fontsize=10)
    ax.smoothed = smoothed
    return ax


# --- chapter 13: generalisation and regularisation


def plot_poly_fits(x, y, degrees=(1, 3, 9), x_val=None, y_val=None, truth=None, axes=None,
                   titles=None):  # fmt: skip
    """Least-squares polynomial fits of ``y`` on ``x``, one panel per degree, with the training
    points, the held-out points (``x_val``, ``y_val``) and the true curve ``truth`` (a function)
    if given.  Each panel's title gives the training and held-out mean squared errors.
    Returns the figure; ``fig.fits`` holds each degree's coefficients (highest power first).
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    if axes is None:
        fig, axes = plt.subplots(1, len(degrees), figsize=(3.6 * len(degrees), 3.3), sharey=True)
    else:
        fig = np.ravel(axes)[0].figure
    axes = np.ravel(axes)
    grid = np.linspace(x.min(), x.max(), 400)
    fig.fits = {}
    for i, (ax, degree) in enumerate(zip(axes, degrees)):
        coef = np.polyfit(x, y, degree)
        fig.fits[degree] = coef
        if truth is not None:
            ax.plot(grid, truth(grid), color="0.5", ls="--", lw=1.2, label="true curve")
        ax.plot(grid, np.polyval(coef, grid), color=COLORS[i % len(COLORS)], lw=2,
                label=f"degree {degree} fit")  # fmt: skip
        ax.plot(x, y, "o", color="0.15", ms=5, label="training points")
        train_mse = np.mean((np.polyval(coef, x) - y) ** 2)
        text = f"train MSE {train_mse:.3f}"
        if x_val is not None:
            ax.plot(x_val, y_val, "x", color=PALETTE["vermillion"], ms=5, label="held-out points")
            val_mse = np.mean((np.polyval(coef, np.asarray(x_val, float)) - y_val) ** 2)
            text += f", held-out MSE {val_mse:.3f}"
        lo, hi = y.min(), y.max()
        ax.set_ylim(lo - 0.6 * (hi - lo), hi + 0.6 * (hi - lo))
        name = titles[i] if titles else f"degree {degree}"
        ax.set_title(f"{name}\n{text}", fontsize=9)
        ax.set_xlabel("x")
    axes[0].set_ylabel("y")
    axes[0].legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    return fig


def plot_learning_curves(sizes, train, val, ax=None, ylabel: str = "accuracy",
                         title: str | None = None, train_sd=None, val_sd=None):  # fmt: skip
    """Training and validation scores against the number of training examples (log x axis);
    optional standard deviations are drawn as shaded bands.  Returns the axes."""
    ax = ax or plt.subplots(figsize=(6, 3.6))[1]
    sizes = np.asarray(sizes)
    for scores, sd, label, color, style in ((train, train_sd, "training", PALETTE["blue"], "o-"),
                                            (val, val_sd, "validation", PALETTE["orange"],
                                             "s--")):  # fmt: skip
        scores = np.asarray(scores, float)
        ax.plot(sizes, scores, style, color=color, label=label)
        if sd is not None:
            sd = np.asarray(sd, float)
            ax.fill_between(sizes, scores - sd, scores + sd, color=color, alpha=0.2)
    ax.set_xscale("log")
    ax.set_xticks(sizes, [f"{int(s):,}" for s in sizes])  # the sizes themselves, no 10^k labels
    ax.xaxis.set_minor_locator(plt.NullLocator())
    ax.set_xlabel("training examples (log scale)")
    ax.set_ylabel(ylabel)
    ax.legend()
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def dropout_masks(layer_sizes, p: float = 0.5, seed: int = 0) -> list[np.ndarray]:
    """One dropout mask per layer of ``layer_sizes`` (True = kept): the hidden layers drop each
    unit with probability ``p``; the input and output layers keep every unit (dropping an
    output unit would drop a whole class).  A hidden layer keeps at least one unit."""
    rng = np.random.default_rng(seed)
    masks = []
    for i, n in enumerate(layer_sizes):
        if i in (0, len(layer_sizes) - 1):
            masks.append(np.ones(n, bool))
            continue
        keep = rng.random(n) >= p
        if not keep.any():
            keep[rng.integers(n)] = True
        masks.append(keep)
    return masks


def draw_dropout_net(layer_sizes=(4, 5, 5, 2), p: float = 0.5, seed: int = 0, axes=None):
    """A standard network with two hidden layers (left) beside the thinned network that one
    dropout mask leaves (right): dropped units are crossed out and lose all their edges, as in
    Srivastava et al. (2014), figure 1.  Returns the figure; ``fig.masks`` holds the masks."""
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(9, 3.6))
    else:
        fig = axes[0].figure
    masks = dropout_masks(layer_sizes, p, seed)
    full = [np.ones(n, bool) for n in layer_sizes]
    top = max(layer_sizes)
    for ax, keep, title in ((axes[0], full, "(a) standard network"),
                            (axes[1], masks, f"(b) after dropout (p = {p:g})")):  # fmt: skip
        _blank(ax, (-0.8, 2.2 * (len(layer_sizes) - 1) + 0.8), (-top / 2 - 0.9, top / 2 + 0.3),
               None)  # fmt: skip
        pos = [[(2.2 * i, (n - 1) / 2 - j) for j in range(n)] for i, n in enumerate(layer_sizes)]
        for i in range(len(layer_sizes) - 1):
            for a, ka in zip(pos[i], keep[i]):
                for b, kb in zip(pos[i + 1], keep[i + 1]):
                    if ka and kb:
                        ax.plot([a[0], b[0]], [a[1], b[1]], color="0.55", lw=0.8, zorder=1)
        for i, (layer, k) in enumerate(zip(pos, keep)):
            kind = "input" if i == 0 else "output" if i == len(pos) - 1 else "hidden"
            color = {"input": PALETTE["blue"], "hidden": PALETTE["orange"],
                     "output": PALETTE["green"]}[kind]  # fmt: skip
            for (x, y), kept in zip(layer, k):
                face, edge = ("white", color) if kept else ("0.88", "0.6")
                ax.add_patch(patches.Circle((x, y), 0.27, facecolor=face, edgecolor=edge, lw=1.6,
                                            zorder=2))  # fmt: skip
                if not kept:
                    for d in (0.22, -0.22):
                        ax.plot([x - 0.22, x + 0.22], [y - d, y + d], color="0.35", lw=1.4,
                                zorder=3)  # fmt: skip
            ax.text(layer[0][0], -top / 2 - 0.55, kind, ha="center", fontsize=9)
        ax.set_title(title, fontsize=10)
    fig.masks = masks
    return fig


CAT_FEATURES = ("has an ear", "has a tail", "is furry", "has claws", "mischievous look")


def draw_cat_dropout(dropped=(1, 3), features=CAT_FEATURES, ax=None):
    """The cat detector of the CS231n dropout slide: five features feed a "cat score"; the
    features at the indices ``dropped`` are switched off for this example, so the score must
    rest on the others (no single feature can be relied on).  Returns the axes."""
    ax = _blank(ax, (-0.5, 7.6), (-0.6, len(features) - 0.2), (6.5, 3.2))
    out = (6.2, (len(features) - 1) / 2)
    for i, name in enumerate(features):
        y = len(features) - 1 - i
        off = i in dropped
        ax.text(2.2, y, name, ha="right", va="center", fontsize=10,
                color="0.6" if off else "0.1")  # fmt: skip
        face, edge = ("0.88", "0.6") if off else ("white", PALETTE["orange"])
        ax.add_patch(patches.Circle((2.6, y), 0.22, facecolor=face, edgecolor=edge, lw=1.6))
        if off:
            ax.plot([2.42, 2.78], [y - 0.18, y + 0.18], color="0.35", lw=1.4)
            ax.plot([2.42, 2.78], [y + 0.18, y - 0.18], color="0.35", lw=1.4)
        else:
            _arrow(ax, (2.85, y), (out[0] - 0.52, out[1]), color="0.45")
    ax.add_patch(patches.Circle(out, 0.5, facecolor="white", edgecolor=PALETTE["green"], lw=2))
    ax.text(out[0], out[1], "cat\nscore", ha="center", va="center", fontsize=8)
    ax.set_title("Dropout on a cat detector: the score must survive any missing feature",
                 fontsize=10)  # fmt: skip
    return ax


def _box(ax, x, y, text, color, w=1.7, h=0.8, fontsize=9):
    ax.add_patch(patches.FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.05",
                                        facecolor="white", edgecolor=color, lw=1.8))  # fmt: skip
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize)


def draw_augmentation_pipeline(ax=None, transforms=("random crop", "horizontal flip",
                                                    "colour jitter")):  # fmt: skip
    """Data augmentation as a pipeline: load an image and its label → apply random transforms
    (a new draw every time the image is used) → the network → the loss.  Returns the axes."""
    ax = _blank(ax, (-0.3, 10.3), (-1.3, 1.0), (9.5, 2.3))
    steps = [("load image\nand label", PALETTE["blue"]),
             ("transform\n" + "\n".join(transforms), PALETTE["orange"]),
             ("network\n(CNN)", PALETTE["green"]), ("loss", PALETTE["vermillion"])]  # fmt: skip
    xs = [0.9, 3.8, 6.6, 9.2]
    for (text, color), x in zip(steps, xs):
        _box(ax, x, 0, text, color, w=1.9 if x != 3.8 else 2.3, h=1.2 if x == 3.8 else 0.8)
    for a, b in zip(xs, xs[1:]):
        _arrow(ax, (a + 1.0 + (0.2 if a == 3.8 else 0), 0), (b - 1.0 - (0.2 if b == 3.8 else 0), 0))
    ax.text(3.8, -1.0, "a new random draw each time an image is used", ha="center", fontsize=8,
            color="0.3")  # fmt: skip
    ax.set_title("The augmentation pipeline: the network rarely sees the same picture twice",
                 fontsize=10)  # fmt: skip
    return ax


VGG_STACK = ("image", "Conv-64", "Conv-64", "MaxPool", "Conv-128", "Conv-128", "MaxPool",
             "Conv-256", "Conv-256", "MaxPool", "Conv-512", "Conv-512", "MaxPool",
             "Conv-512", "Conv-512", "MaxPool", "FC-4096", "FC-4096", "FC-C")  # fmt: skip


def draw_transfer_stacks(trained=(1, 3), layers=VGG_STACK, names=None, axes=None):
    """VGG-style stacks side by side, one per entry of ``trained`` (how many layers from the
    top are trained; the rest are frozen).  Frozen layers are grey and braced "freeze these",
    trained ones coloured and braced "train these".  Returns the figure."""
    if axes is None:
        fig, axes = plt.subplots(1, len(trained), figsize=(3.3 * len(trained), 6.2))
    else:
        fig = np.ravel(axes)[0].figure
    axes = np.ravel(axes)
    names = names or [f"train the top {k} layer" + ("s" if k > 1 else "") for k in trained]
    n = len(layers)
    for ax, k, name in zip(axes, trained, names):
        _blank(ax, (-1.4, 3.2), (-0.8, n * 0.5 + 0.2), None)
        for i, layer in enumerate(layers):
            y = i * 0.5
            train = i >= n - k
            color = PALETTE["orange"] if train else "0.55"
            ax.add_patch(patches.Rectangle((0, y), 1.6, 0.4, facecolor="white", edgecolor=color,
                                           lw=1.6 if train else 1.0))  # fmt: skip
            ax.text(0.8, y + 0.2, layer, ha="center", va="center", fontsize=7.5,
                    color="0.1" if train else "0.4")  # fmt: skip
        for lo, hi, text, color in ((1, n - k, "freeze\nthese", "0.45"),
                                    (n - k, n, "train\nthese", PALETTE["orange"])):  # fmt: skip
            if hi <= lo:
                continue
            y0, y1 = lo * 0.5, hi * 0.5 - 0.1
            ax.plot([1.75, 1.85, 1.85, 1.75], [y0, y0, y1, y1], color=color, lw=1.5)
            ax.text(1.95, (y0 + y1) / 2, text, va="center", fontsize=8.5, color=color)
        ax.set_title(name, fontsize=9)
    fig.tight_layout()
    return fig


def draw_transfer_table(ax=None):
    """The transfer-learning decision table (CS231n): how much data you have against how
    similar it is to the pretraining data, and what to train in each case.  Returns the axes."""
    ax = _blank(ax, (-0.2, 10), (0, 4.6), (8.5, 3.6))
    cells = {(0, 0): "use a linear classifier\non the top layer",
             (0, 1): "you're in trouble: try\nlinear classifiers from\ndifferent stages",
             (1, 0): "fine-tune a few layers",
             (1, 1): "fine-tune a larger\nnumber of layers"}  # fmt: skip
    ax.text(4.25, 4.2, "very similar dataset", ha="center", fontsize=10, weight="bold")
    ax.text(7.75, 4.2, "very different dataset", ha="center", fontsize=10, weight="bold")
    for r, label in enumerate(("very little\ndata", "quite a lot\nof data")):
        ax.text(1.2, 3.0 - 1.8 * r, label, ha="center", va="center", fontsize=10, weight="bold")
        for c in range(2):
            color = (PALETTE["green"], PALETTE["vermillion"])[c] if r == 0 else PALETTE["blue"]
            ax.add_patch(patches.Rectangle((2.5 + 3.5 * c, 2.2 - 1.8 * r), 3.5, 1.6,
                                           facecolor="white", edgecolor=color, lw=1.6))  # fmt: skip
            ax.text(4.25 + 3.5 * c, 3.0 - 1.8 * r, cells[r, c], ha="center", va="center",
                    fontsize=9)  # fmt: skip
    return ax
