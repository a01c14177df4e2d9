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
