"""Interactive figures.  Each is a plain plotting function first (tested headlessly, and used
for the static figures of the web book) plus a thin ``ipywidgets`` wrapper for live use."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from course_lib.plots import MISTAKE, REGION


def neuron_fires(X, w, b) -> np.ndarray:
    """Output of a threshold unit: 1 where ``w · x + b >= 0``, else 0 (one row of X per input)."""
    return (np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b >= 0).astype(int)


def plot_neuron(w1: float, w2: float, b: float, X=None, y=None, ax=None, lim=(-0.5, 1.5)):
    """Draw the decision boundary ``w1 x1 + w2 x2 + b = 0`` of a threshold unit.

    The region where the unit fires (outputs 1) is shaded orange, the rest blue, and the
    weight vector is drawn as an arrow (it points into the orange region).  With data ``X``
    (N, 2) and labels ``y``, the points are drawn (filled = label 1, open = label 0) and the
    number of mistakes is put in the title.  Returns the axes; ``ax.mistakes`` holds that
    number (or None).
    """
    ax = ax or plt.subplots(figsize=(4, 4))[1]
    lo, hi = lim
    gx, gy = np.meshgrid(np.linspace(lo, hi, 300), np.linspace(lo, hi, 300))
    fires = neuron_fires(np.c_[gx.ravel(), gy.ravel()], (w1, w2), b).reshape(gx.shape)
    ax.contourf(gx, gy, fires, levels=[-0.5, 0.5, 1.5], colors=list(REGION))
    if w1 != 0 or w2 != 0:
        ax.contour(gx, gy, gx * w1 + gy * w2 + b, levels=[0], colors="k", linewidths=1.5)
        # arrow from the boundary point closest to the plot centre, along w
        c = np.array([(lo + hi) / 2] * 2)
        w = np.array([w1, w2], dtype=float)
        p = c - (w @ c + b) / (w @ w) * w
        d = 0.25 * (hi - lo) * w / np.linalg.norm(w)
        ax.annotate(
            "", xy=p + d, xytext=p, arrowprops={"arrowstyle": "->", "color": MISTAKE, "lw": 2}
        )
    ax.mistakes = None
    title = f"$w$ = ({w1:g}, {w2:g}), $b$ = {b:g}"
    if X is not None:
        X, y = np.asarray(X, dtype=float), np.asarray(y)
        for label, face in ((1, "k"), (0, "white")):
            pts = X[y == label]
            ax.scatter(pts[:, 0], pts[:, 1], s=120, c=face, edgecolors="k", zorder=3)
        ax.mistakes = int(np.sum(neuron_fires(X, (w1, w2), b) != y))
        title += f"\nmistakes: {ax.mistakes} of {len(y)}"
    ax.set_title(title, fontsize=10)
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal")
    return ax


def neuron_widget(X=None, y=None, w1: float = 1.0, w2: float = 1.0, b: float = -0.5):
    """Sliders for ``w1``, ``w2`` and ``b`` that redraw :func:`plot_neuron` live."""
    import ipywidgets as widgets

    def slider(value, description):
        return widgets.FloatSlider(
            value=value, min=-3, max=3, step=0.1, description=description, continuous_update=True
        )

    def draw(w1, w2, b):
        plot_neuron(w1, w2, b, X, y)
        plt.show()

    return widgets.interactive(draw, w1=slider(w1, "w1"), w2=slider(w2, "w2"), b=slider(b, "b"))


def softmax_scores(z) -> np.ndarray:
    """Softmax of a vector of scores, computed stably (the maximum is subtracted first)."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()


def plot_softmax(z, target: int, ax=None, names=None):
    """Bars of the softmax probabilities of scores ``z``, the target class highlighted, with
    the cross-entropy loss ``-log p[target]`` and its gradient ``p - onehot(target)`` (one
    marker per class) in the same axes.  Returns the axes; ``ax.loss`` and ``ax.grad`` hold
    the numbers drawn."""
    z = np.asarray(z, dtype=float)
    if not 0 <= target < len(z):
        raise ValueError(f"target must be a class index in [0, {len(z)}), got {target}")
    p = softmax_scores(z)
    grad = p - np.eye(len(z))[target]
    ax = ax or plt.subplots(figsize=(5, 3.2))[1]
    names = names or [f"class {k}" for k in range(len(z))]
    colors = [REGION[1] if k == target else REGION[0] for k in range(len(z))]
    ax.bar(names, p, color=colors, edgecolor="0.3", label="probability $p_k$")
    ax.plot(names, grad, "o", color=MISTAKE, label=r"gradient $\partial L / \partial z_k$")
    ax.axhline(0, color="0.3", lw=0.8)
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("probability / gradient")
    ax.set_xlabel(f"class (target: {names[target]}, orange)")
    ax.loss = float(-np.log(p[target]))
    ax.grad = grad
    ax.set_title(f"cross-entropy loss $-\\log p_y$ = {ax.loss:.3f}", fontsize=10)
    ax.legend(loc="upper right", fontsize=8)
    return ax


def softmax_widget(z=(2.0, 1.0, 0.1, -1.0), target: int = 0):
    """Sliders for each score and a menu for the target class, redrawing :func:`plot_softmax`."""
    import ipywidgets as widgets

    sliders = {
        f"z{k}": widgets.FloatSlider(value=v, min=-6, max=6, step=0.1, description=f"z{k}")
        for k, v in enumerate(z)
    }
    choice = widgets.Dropdown(options=list(range(len(z))), value=target, description="target")

    def draw(target, **scores):
        plot_softmax([scores[f"z{k}"] for k in range(len(z))], target)
        plt.show()

    return widgets.interactive(draw, target=choice, **sliders)
