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
