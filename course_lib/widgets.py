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


# --- chapter 20: recurrent networks


def impulse_response(w_hh: float, input_scale: float = 1.0, steps: int = 60,
                     activation: str = "tanh") -> np.ndarray:  # fmt: skip
    """Hidden states ``h_1 ... h_steps`` of a one-unit RNN ``h_t = f(w_hh h_{t-1} + u x_t)``
    (``u = input_scale``, ``h_0 = 0``, no bias) fed one impulse, ``x_1 = 1``, then zeros.

    ``activation`` is ``"tanh"`` or ``"linear"`` (f(a) = a).  With the linear unit
    ``h_t = u w_hh^(t-1)`` exactly: the impulse fades geometrically when ``|w_hh| < 1``.
    """
    if activation not in ("tanh", "linear"):
        raise ValueError(f"activation must be 'tanh' or 'linear', got {activation!r}")
    if steps < 1:
        raise ValueError("steps must be at least 1")
    f = np.tanh if activation == "tanh" else (lambda a: a)
    h, prev = np.empty(steps), 0.0
    for t in range(steps):
        prev = f(w_hh * prev + (input_scale if t == 0 else 0.0))
        h[t] = prev
    return h


def memory_span(h, threshold: float = 0.01) -> int:
    """How many steps the first value of ``h`` is remembered: the number of steps up to the
    last one whose ``|h_t|`` is at least ``threshold`` times ``|h_1|`` (``len(h)`` if it never
    falls below; 0 if ``h_1`` is 0)."""
    h = np.abs(np.asarray(h, dtype=float))
    if h[0] == 0:
        return 0
    kept = np.nonzero(h >= threshold * h[0])[0]
    return int(kept[-1]) + 1


def plot_rnn_memory(w_hh: float, input_scale: float = 1.0, steps: int = 60, ax=None,
                    threshold: float = 0.01):  # fmt: skip
    """How long a one-unit RNN remembers an impulse: ``|h_t|`` on a log scale for a tanh unit
    and for a linear one with the same recurrent weight ``w_hh`` and input weight
    ``input_scale`` (see :func:`impulse_response`).

    A linear unit draws a straight line of slope ``log|w_hh|``: it fades when ``|w_hh| < 1`` and
    explodes when ``|w_hh| > 1``; tanh bends the line (it saturates at 1).  Open markers are
    negative values (a negative ``w_hh`` flips the sign every step).  The dotted line is
    ``threshold × |h_1|``; the title gives each unit's :func:`memory_span`.  Returns the axes;
    ``ax.memory`` holds ``{"tanh": span, "linear": span}`` and ``ax.h`` the two responses.
    """
    from course_lib.plots import PALETTE

    ax = ax or plt.subplots(figsize=(5.5, 3.4))[1]
    t = np.arange(1, steps + 1)
    ax.h, ax.memory = {}, {}
    styles = {"tanh": (PALETTE["blue"], "o-"), "linear": (PALETTE["orange"], "s--")}
    for name, (color, style) in styles.items():
        h = impulse_response(w_hh, input_scale, steps, name)
        ax.h[name], ax.memory[name] = h, memory_span(h, threshold)
        size = np.maximum(np.abs(h), 1e-300)  # a log axis cannot show 0
        ax.plot(t, size, style[1:], color=color, lw=1.4, label=f"{name} unit")
        neg = h < 0
        ax.plot(t[~neg], size[~neg], style[0], color=color, ms=4)
        ax.plot(t[neg], size[neg], style[0], color=color, ms=4, mfc="white")
    for name, (color, _) in styles.items():
        first = abs(ax.h[name][0])
        if first > 0:
            ax.axhline(threshold * first, color=color, ls=":", lw=1,
                       label=f"{threshold:.0%} of its $|h_1|$ ({name})")  # fmt: skip
    ax.set_yscale("log")
    ax.set_ylim(1e-4, 1e3)
    ax.set_xlim(0.5, steps + 0.5)
    ax.set_xlabel("time step $t$ (impulse at $t = 1$)")
    ax.set_ylabel("$|h_t|$ (log scale)")
    spans = {k: (f"≥ {steps}" if v >= steps else str(v)) for k, v in ax.memory.items()}
    ax.set_title(f"$w_{{hh}}$ = {w_hh:g}, input weight {input_scale:g}: remembered for "
                 f"{spans['tanh']} steps (tanh), {spans['linear']} (linear)",
                 fontsize=9.5)  # fmt: skip
    ax.legend(fontsize=8, loc="upper right")
    return ax


def rnn_memory_widget(w_hh: float = 0.8, input_scale: float = 1.0, steps: int = 60):
    """Sliders for the recurrent weight and the input weight, redrawing :func:`plot_rnn_memory`."""
    import ipywidgets as widgets

    def draw(w_hh, input_scale):
        plot_rnn_memory(w_hh, input_scale, steps)
        plt.show()

    return widgets.interactive(
        draw,
        w_hh=widgets.FloatSlider(value=w_hh, min=-1.5, max=1.5, step=0.05, description="w_hh"),
        input_scale=widgets.FloatSlider(
            value=input_scale, min=0.1, max=5.0, step=0.1, description="input"
        ),
    )


# --- chapter 21: training RNNs


def scaled_recurrent_matrix(hidden: int, radius: float, rng) -> np.ndarray:
    """A random (hidden, hidden) Gaussian matrix rescaled so that its spectral radius (the
    largest absolute eigenvalue) is ``radius``.  ``rng``: a NumPy Generator or a seed."""
    W = np.random.default_rng(rng).standard_normal((hidden, hidden))
    return W * (radius / np.max(np.abs(np.linalg.eigvals(W))))


def gradient_norms_vs_lag(
    radius: float,
    nonlinearity: str = "tanh",
    hidden: int = 64,
    steps: int = 60,
    seeds: int = 5,
    input_scale: float = 1.0,
    burn_in: int = 100,
    seed: int = 0,
):
    """Measure how a gradient's size changes as it travels back in time through an RNN.

    For each seed: a random recurrent matrix ``W`` with spectral radius ``radius``, random
    inputs ``u_t ~ N(0, input_scale²)`` per unit, and ``h_t = f(h_{t-1} W + u_t)`` with f =
    tanh or the identity ("linear"), run for ``burn_in`` steps (so that the state forgets its
    start) and then ``steps`` more.  The Jacobian of the last state with respect to the state
    ``k`` steps earlier is the product ``∂h_T/∂h_{T-k} = Π_j diag(f'(a_j)) Wᵀ`` over those k
    steps; its spectral norm (largest singular value) bounds how much any gradient arriving
    at ``h_T`` can grow or shrink on its way back to ``h_{T-k}``.

    Returns ``(lags, norms)``: ``lags`` = 1..steps and ``norms`` of shape (seeds, steps).
    """
    if nonlinearity not in ("tanh", "linear"):
        raise ValueError(f"nonlinearity must be 'tanh' or 'linear', got {nonlinearity!r}")
    norms = np.zeros((seeds, steps))
    for s in range(seeds):
        rng = np.random.default_rng([seed, s])
        W = scaled_recurrent_matrix(hidden, radius, rng)
        u = input_scale * rng.standard_normal((burn_in + steps, hidden))
        h, fprime = np.zeros(hidden), np.ones((steps, hidden))
        for t in range(burn_in + steps):
            a = h @ W + u[t]
            h = np.tanh(a) if nonlinearity == "tanh" else a
            if nonlinearity == "tanh" and t >= burn_in:
                fprime[t - burn_in] = 1.0 - h**2
        J = np.eye(hidden)
        for k in range(1, steps + 1):
            J = J @ (fprime[steps - k][:, None] * W.T)  # one more step back in time
            norms[s, k - 1] = np.linalg.norm(J, 2)
    return np.arange(1, steps + 1), norms


def plot_gradient_vs_lag(
    radii=(0.5, 0.9, 1.0, 1.1, 1.5),
    nonlinearity: str = "tanh",
    ax=None,
    reference: bool = True,
    **kwargs,
):
    """Gradient norm ``‖∂h_T/∂h_{T-k}‖`` against the lag k, one line per spectral radius (the
    median over seeds, with a band from the smallest to the largest seed), on a log scale.
    ``reference`` adds dashed lines ``ρ^k``, the rate a linear network approaches.
    Other keyword arguments go to :func:`gradient_norms_vs_lag`.  Returns the axes;
    ``ax.norms`` maps each radius to its median curve."""
    from course_lib.plots import COLORS

    ax = ax or plt.subplots(figsize=(5.5, 3.8))[1]
    ax.norms = {}
    for color, radius in zip(COLORS, radii):
        lags, norms = gradient_norms_vs_lag(radius, nonlinearity, **kwargs)
        median = np.median(norms, axis=0)
        ax.norms[radius] = median
        ax.plot(lags, median, color=color, lw=2, label=f"ρ = {radius:g}")
        ax.fill_between(lags, norms.min(axis=0), norms.max(axis=0), color=color, alpha=0.15)
        if reference:
            ax.plot(lags, float(radius) ** lags, color=color, lw=1, ls="--")
    ax.set_yscale("log")
    ax.set_ylim(1e-12, 1e12)
    ax.axhline(1, color="0.3", lw=0.8)
    ax.set_xlabel("lag k (time steps back)")
    ax.set_ylabel(r"$\|\partial h_T / \partial h_{T-k}\|_2$")
    ax.set_title(f"{nonlinearity} RNN" + (" (dashed: $\\rho^k$)" if reference else ""))
    ax.legend(fontsize=8, loc="lower left", ncol=2)
    return ax


def gradient_lag_widget(radius: float = 1.0, nonlinearity: str = "tanh", input_scale=1.0):
    """A slider for the spectral radius, one for the size of the inputs and a menu for the
    nonlinearity, redrawing :func:`plot_gradient_vs_lag` for that one radius."""
    import ipywidgets as widgets

    def draw(radius, nonlinearity, input_scale):
        plot_gradient_vs_lag((radius,), nonlinearity, input_scale=input_scale, seeds=3)
        plt.show()

    return widgets.interactive(
        draw,
        radius=widgets.FloatSlider(value=radius, min=0.1, max=3.0, step=0.05, description="ρ"),
        nonlinearity=widgets.Dropdown(
            options=["tanh", "linear"], value=nonlinearity, description="f"
        ),
        input_scale=widgets.FloatLogSlider(
            value=input_scale, base=10, min=-2, max=1, step=0.1, description="input size"
        ),
    )


# --- chapter 24: char-RNN


def softmax_with_temperature(logits, temperature: float) -> np.ndarray:
    """``softmax(logits / temperature)``, computed stably; temperature 0 gives the one-hot
    vector of the argmax (the limit as the temperature goes to 0)."""
    z = np.asarray(logits, dtype=float)
    if temperature < 0:
        raise ValueError(f"temperature must not be negative, got {temperature}")
    if temperature == 0:
        return np.eye(len(z))[z.argmax()]
    return softmax_scores(z / temperature)


def plot_temperature(logits, temperature: float, names=None, ax=None):
    """Bars of ``softmax(logits / T)`` for the chosen temperature, with the T = 1 distribution
    outlined behind them and the entropy (in nats) in the title: low T piles the probability on
    the favourite, high T spreads it towards uniform.  Returns the axes; ``ax.probs`` and
    ``ax.entropy`` hold the numbers drawn."""
    z = np.asarray(logits, dtype=float)
    names = list(names) if names is not None else [str(k) for k in range(len(z))]
    names = ["⏎" if n == "\n" else "␣" if n == " " else n for n in names]
    p = softmax_with_temperature(z, temperature)
    base = softmax_scores(z)
    ax = ax or plt.subplots(figsize=(7, 3))[1]
    x = np.arange(len(z))
    ax.bar(x, base, color="none", edgecolor="0.5", lw=1, ls="--", label="T = 1")
    ax.bar(x, p, width=0.6, color=REGION[1], edgecolor="0.3", label=f"T = {temperature:g}")
    ax.set_xticks(x, names, family="monospace")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("next character")
    ax.set_ylabel("probability")
    nz = p[p > 0]
    ax.entropy = float(-(nz * np.log(nz)).sum())
    ax.probs = p
    ax.set_title(f"temperature {temperature:g}: entropy {ax.entropy:.2f} nats", fontsize=10)
    ax.legend(loc="upper right", fontsize=8)
    return ax


def temperature_widget(logits, names=None, temperature: float = 1.0):
    """A logarithmic slider for the temperature that redraws :func:`plot_temperature`."""
    import ipywidgets as widgets

    def draw(temperature):
        plot_temperature(logits, temperature, names)
        plt.show()

    slider = widgets.FloatLogSlider(
        value=temperature, base=10, min=-1.3, max=0.7, step=0.05, description="T"
    )
    return widgets.interactive(draw, temperature=slider)


# --- chapter 23: forecasting


def window_horizon_forecast(series, window: int = 12, horizon: int = 12, log: bool = True) -> dict:
    """Hold out the last ``horizon`` values of ``series``, fit a linear autoregression on
    ``window`` values (least squares, :func:`course_lib.series.fit_autoregression`) to the
    rest, and forecast the held-out values twice: recursively (feeding predictions back) and
    one step at a time from the true values.  ``log`` fits on the logarithm of the series.

    Returns a dict with ``recursive``, ``one_step``, ``actual`` (arrays of length ``horizon``),
    their MAPEs ``recursive_mape`` and ``one_step_mape`` (percent) and ``n_windows`` (how many
    training windows the fit had).
    """
    from course_lib.series import (
        fit_autoregression,
        forecast_one_step,
        forecast_recursive,
        mape,
    )

    values = np.asarray(series, dtype=float)
    if not 1 <= horizon < len(values) - window:
        raise ValueError(f"horizon {horizon} leaves no training window of {window} values")
    z = np.log(values) if log else values
    back = np.exp if log else (lambda v: v)
    n_train = len(values) - horizon
    step = fit_autoregression(z[:n_train], window)
    recursive = back(forecast_recursive(step, z[:n_train], horizon, window))
    one_step = back(forecast_one_step(step, z, n_train, window))
    actual = values[n_train:]
    return {
        "recursive": recursive,
        "one_step": one_step,
        "actual": actual,
        "recursive_mape": mape(actual, recursive),
        "one_step_mape": mape(actual, one_step),
        "n_windows": n_train - window,
    }


def plot_window_horizon(
    series,
    window: int = 12,
    horizon: int = 12,
    log: bool = True,
    start: float | None = None,
    ax=None,
    context: int = 36,
):
    """Draw :func:`window_horizon_forecast`: the last ``context`` known months before the
    held-out ones and the held-out months in blue, the recursive forecast in orange and the
    one-step forecast in green, with both MAPEs in the title.  ``start`` (say 1949) puts the
    x axis in years.  Returns the axes; ``ax.forecast`` holds the dict."""
    from course_lib.plots import COLORS, PALETTE

    out = window_horizon_forecast(series, window, horizon, log)
    values = np.asarray(series, dtype=float)
    t = np.arange(len(values)) / 12 + start if start is not None else np.arange(len(values))
    n_train = len(values) - horizon
    first = max(0, n_train - context)
    ax = ax or plt.subplots(figsize=(8, 3.4))[1]
    ax.axvspan(t[n_train], t[-1], color=COLORS[5], alpha=0.12, label="held-out months")
    ax.plot(t[first:], values[first:], color=PALETTE["blue"], lw=1.8, label="known")
    ax.plot(t[n_train:], out["recursive"], "o-", ms=3, color=PALETTE["orange"],
            label="recursive (own predictions fed back)")  # fmt: skip
    ax.plot(t[n_train:], out["one_step"], "s--", ms=3, color=PALETTE["green"],
            label="one step ahead (true values fed in)")  # fmt: skip
    ax.set_xlabel("year" if start is not None else "month")
    ax.set_ylabel("passengers (thousands)")
    if start is not None:
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=8, loc="upper left")
    ax.set_title(
        f"linear autoregression, window {window}, horizon {horizon} "
        f"({out['n_windows']} training windows)\nMAPE {out['recursive_mape']:.1f} % recursive, "
        f"{out['one_step_mape']:.1f} % one step",
        fontsize=9,
    )
    ax.forecast = out
    return ax


def window_horizon_widget(series, start: float | None = None, window: int = 12, horizon: int = 12):
    """Sliders for the window length and the horizon, and a log-scale box, redrawing
    :func:`plot_window_horizon` (the fit is least squares, so it redraws at once)."""
    import ipywidgets as widgets

    def draw(window, horizon, log):
        plot_window_horizon(series, window, horizon, log, start=start)
        plt.show()

    return widgets.interactive(
        draw,
        window=widgets.IntSlider(value=window, min=1, max=36, description="window"),
        horizon=widgets.IntSlider(value=horizon, min=1, max=36, description="horizon"),
        log=widgets.Checkbox(value=True, description="log scale"),
    )


# --- chapter 22: gated cells


def _sigmoid(a: float) -> float:
    """The logistic function of one number."""
    return float(1 / (1 + np.exp(-a)))


def gate_memory(forget_bias: float = 1.0, input_bias: float = 0.0, rnn_weight: float = 1.0,
                steps: int = 100, distractor: float = 0.5, seed: int = 0) -> dict:  # fmt: skip
    """How much of the first input a one-unit LSTM cell and a one-unit tanh RNN still hold
    after ``t`` steps of distractors.

    The LSTM cell has a constant forget gate ``f = σ(forget_bias)``.  Step 1 writes the symbol
    to remember through an open input gate, ``i_1 g_1 = 1``; steps 2, 3, ... write distractors
    ``g_k = ±distractor`` (random signs, ``seed``) through an input gate ``i = σ(input_bias)``
    (what a trained cell does: open for what matters, closed or not for the rest).  With
    ``c_t = f c_{t-1} + i_t g_t``:

    - ``lstm_first[t-1] = ∂c_t/∂(i_1 g_1) = f^(t-1)``: the first input's share of the cell;
    - ``lstm_distractors[t-1] = |Σ_{k=2..t} f^(t-k) i g_k|``: what the distractors add up to.

    The RNN ``h_t = tanh(rnn_weight h_{t-1} + x_t)`` gets ``x_1 = 1`` and the same distractors;
    ``rnn_first[t-1] = |∂h_t/∂x_1| = (1 - h_1²) Π_{k=2..t} |rnn_weight| (1 - h_k²)``.

    Returns a dict of those three arrays (length ``steps``) and the gate values ``f``, ``i``.
    """
    if steps < 1:
        raise ValueError("steps must be at least 1")
    f, i = _sigmoid(forget_bias), _sigmoid(input_bias)
    rng = np.random.default_rng(seed)
    g = np.concatenate([[0.0], distractor * rng.choice([-1.0, 1.0], size=steps - 1)])
    t = np.arange(1, steps + 1)
    first = f ** (t - 1.0)
    noise, c = np.empty(steps), 0.0
    for k in range(steps):
        c = f * c + i * g[k]
        noise[k] = abs(c)
    rnn, h, grad = np.empty(steps), 0.0, 1.0
    for k in range(steps):
        h = np.tanh(rnn_weight * h + (1.0 if k == 0 else g[k]))
        grad = (1 - h**2) * (1.0 if k == 0 else abs(rnn_weight) * grad)
        rnn[k] = grad
    return {"lstm_first": first, "lstm_distractors": noise, "rnn_first": rnn, "f": f, "i": i}


def plot_gate_memory(forget_bias: float = 1.0, input_bias: float = 0.0, rnn_weight: float = 1.0,
                     steps: int = 100, ax=None, **kwargs):  # fmt: skip
    """Log-scale curves of :func:`gate_memory`: the first input's share of an LSTM cell
    (blue), the distractors written into the same cell (orange, dashed), and the first input's
    hold on a tanh RNN's state (green).  The title gives the gate values and the numbers after
    ``steps`` steps.  Returns the axes; ``ax.memory`` holds the dict of :func:`gate_memory`."""
    from course_lib.plots import PALETTE

    m = gate_memory(forget_bias, input_bias, rnn_weight, steps, **kwargs)
    ax = ax or plt.subplots(figsize=(5.5, 3.6))[1]
    t = np.arange(1, steps + 1)
    tiny = 1e-300  # a log axis cannot show 0
    ax.plot(t, np.maximum(m["lstm_first"], tiny), color=PALETTE["blue"], lw=2,
            label=r"LSTM: first input in $c_t$ ($f^{\,t-1}$)")  # fmt: skip
    ax.plot(t, np.maximum(m["lstm_distractors"], tiny), "--", color=PALETTE["orange"], lw=1.5,
            label="LSTM: distractors in $c_t$")  # fmt: skip
    ax.plot(t, np.maximum(m["rnn_first"], tiny), color=PALETTE["green"], lw=2,
            label=r"tanh RNN: $|\partial h_t / \partial x_1|$")  # fmt: skip
    ax.set_yscale("log")
    ax.set_ylim(1e-16, 1e2)
    ax.set_xlim(1, steps)
    ax.set_xlabel("time step $t$ (the symbol to remember arrives at $t = 1$)")
    ax.set_ylabel("size (log scale)")
    ax.set_title(f"$b_f$ = {forget_bias:g} (f = {m['f']:.3f}), $b_i$ = {input_bias:g} "
                 f"(i = {m['i']:.3f}), $w_{{hh}}$ = {rnn_weight:g}\nat t = {steps}: "
                 f"first input {m['lstm_first'][-1]:.1e}, distractors "
                 f"{m['lstm_distractors'][-1]:.1e}; RNN {m['rnn_first'][-1]:.1e}",
                 fontsize=9)  # fmt: skip
    ax.legend(fontsize=8, loc="lower left")
    ax.memory = m
    return ax


def gate_memory_widget(forget_bias: float = 1.0, input_bias: float = 0.0,
                       rnn_weight: float = 1.0, steps: int = 100):  # fmt: skip
    """Sliders for the forget-gate and input-gate biases, the RNN's recurrent weight and the
    sequence length, redrawing :func:`plot_gate_memory`."""
    import ipywidgets as widgets

    def draw(forget_bias, input_bias, rnn_weight, steps):
        plot_gate_memory(forget_bias, input_bias, rnn_weight, steps)
        plt.show()

    return widgets.interactive(
        draw,
        forget_bias=widgets.FloatSlider(
            value=forget_bias, min=-2, max=8, step=0.1, description="b_f"
        ),
        input_bias=widgets.FloatSlider(
            value=input_bias, min=-8, max=4, step=0.1, description="b_i"
        ),
        rnn_weight=widgets.FloatSlider(
            value=rnn_weight, min=0, max=2, step=0.05, description="w_hh"
        ),
        steps=widgets.IntSlider(value=steps, min=10, max=300, step=10, description="T"),
    )


# ---- Chapter 16: convolution and pooling


def kirsch_kernels() -> dict:
    """Kirsch's eight compass kernels (Kirsch 1971), "Kirsch N" ... "Kirsch NW".

    "Kirsch N" is ``[[5, 5, 5], [-3, 0, -3], [-3, -3, -3]]``: applied without flipping (as
    ``F.conv2d`` does), it responds most where the pixels **above** are brighter than those
    around and below. Each next direction turns the ring of outer weights one step clockwise
    (N, NE, E, SE, S, SW, W, NW). Every kernel sums to 0, so flat regions give 0.
    """
    ring = [(0, 0), (0, 1), (0, 2), (1, 2), (2, 2), (2, 1), (2, 0), (1, 0)]  # clockwise
    kernels = {}
    for step, name in enumerate(("N", "NE", "E", "SE", "S", "SW", "W", "NW")):
        k = np.zeros((3, 3))
        for pos, (r, c) in enumerate(ring):
            k[r, c] = 5.0 if (pos - step) % 8 < 3 else -3.0
        kernels[f"Kirsch {name}"] = k
    return kernels


KERNELS = {
    "identity": np.array([[0.0, 0, 0], [0, 1, 0], [0, 0, 0]]),
    "box blur": np.full((3, 3), 1 / 9),
    "sharpen": np.array([[0.0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
    "bottom Sobel": np.array([[-1.0, -2, -1], [0, 0, 0], [1, 2, 1]]),
    "outline": np.array([[-1.0, -1, -1], [-1, 8, -1], [-1, -1, -1]]),
    **kirsch_kernels(),
}
"""Preset 3 x 3 kernels for :func:`kernel_widget`: the setosa.io image-kernel demo's classics
and Kirsch's eight compass directions."""


def plot_kernel_response(image, kernel, axes=None, title: str | None = None,
                         percentile: float = 99.5):  # fmt: skip
    """What one filter does to a grey image, in three panels: the original, the filtered map
    (cross-correlation, no padding, so 2 pixels smaller for a 3 x 3 kernel; white = positive,
    black = negative, grey = 0) and the filtered map after a ReLU (black = 0). The grey scale
    of the two filtered panels saturates at the ``percentile`` of the magnitudes (the colour
    bars' arrows), so that a few extreme pixels do not hide the rest. Returns the figure;
    ``fig.filtered`` and ``fig.relu`` hold the two maps."""
    from course_lib.scratch.conv import cross_correlate2d

    image = np.asarray(image, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError("plot_kernel_response() takes a 2-D grey image and a 2-D kernel")
    filtered = cross_correlate2d(image, kernel)
    relu = np.maximum(filtered, 0)
    if axes is None:
        fig, axes = plt.subplots(1, 3, figsize=(10.5, 3.7))
    fig = axes[0].figure
    lim = float(np.percentile(np.abs(filtered), percentile)) or 1.0
    panels = (
        (image, "original", dict(cmap="gray"), "neither"),
        (filtered, "filtered (white +, black −)", dict(cmap="gray", vmin=-lim, vmax=lim), "both"),
        (relu, "filtered, then ReLU", dict(cmap="gray", vmin=0, vmax=lim), "max"),
    )
    for ax, (img, name, style, extend) in zip(axes, panels):
        shown = ax.imshow(img, **style)
        ax.set_title(name, fontsize=10)
        ax.set_xlabel("column (pixels)")
        ax.grid(False)
        fig.colorbar(shown, ax=ax, fraction=0.046, pad=0.03, extend=extend)
    axes[0].set_ylabel("row (pixels)")
    rows = "\n".join(" ".join(f"{v:5.2g}" for v in row) for row in kernel)
    axes[1].text(0.02, 0.98, rows, transform=axes[1].transAxes, va="top", ha="left",
                 family="monospace", fontsize=8, color="black",
                 bbox={"facecolor": "white", "alpha": 0.85, "lw": 0})  # fmt: skip
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    fig.filtered, fig.relu = filtered, relu
    return fig


def kernel_widget(image, kernel: str = "Kirsch N", dpi: int = 60):
    """Pick a preset kernel (:data:`KERNELS`) or type the nine entries of your own, and see
    :func:`plot_kernel_response` of ``image`` redrawn. Returns the widget box; its
    ``kernel()`` gives the kernel shown now and ``draws`` counts the redraws.

    The figure is shown as a PNG in an ``ipywidgets.Image`` (``dpi`` sets its size) rather
    than in an ``Output`` widget: a notebook executed headlessly (nbclient) then has no
    widget output to mirror back to the kernel, which can stall its run."""
    import io

    import ipywidgets as widgets

    preset = widgets.Dropdown(options=list(KERNELS), value=kernel, description="kernel")
    boxes = [
        widgets.FloatText(value=float(KERNELS[kernel].flat[k]), layout={"width": "70px"})
        for k in range(9)
    ]
    grid = widgets.GridBox(boxes, layout={"grid_template_columns": "repeat(3, 75px)"})
    picture = widgets.Image(format="png")
    box = widgets.VBox([preset, grid, picture])
    box.draws, busy = 0, [False]
    box.kernel = lambda: np.array([b.value for b in boxes]).reshape(3, 3)

    def redraw(_=None):
        if busy[0]:
            return
        box.draws += 1
        fig = plot_kernel_response(image, box.kernel())
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=dpi)
        plt.close(fig)
        picture.value = png.getvalue()

    def load_preset(change):
        busy[0] = True  # fill the nine boxes, then draw once
        for b, v in zip(boxes, KERNELS[change["new"]].flat):
            b.value = float(v)
        busy[0] = False
        redraw()

    preset.observe(load_preset, names="value")
    for b in boxes:
        b.observe(redraw, names="value")
    redraw()
    return box


# ---- Chapter 18: landmark architectures


def receptive_field_map(n_layers: int, kernel: int = 3, stride: int = 1, dilation: int = 1,
                        size: int | None = None) -> np.ndarray:  # fmt: skip
    """How much each input pixel reaches the centre output of ``n_layers`` stacked
    convolutions (one channel, all weights 1, no bias, no padding), found by backpropagation:
    the gradient of that one output with respect to the input. A pixel's value is the number
    of paths from it to the output; the nonzero pixels are its receptive field.

    ``size`` is the input's side (made large enough when None). Returns a 2-D array.
    """
    import torch
    import torch.nn.functional as F

    span = 1
    jump = 1
    for _ in range(n_layers):
        span += (kernel - 1) * dilation * jump
        jump *= stride
    size = size or span + 2 * max(2, jump)
    x = torch.zeros(1, 1, size, size, dtype=torch.float64, requires_grad=True)
    out = x
    w = torch.ones(1, 1, kernel, kernel, dtype=torch.float64)
    for _ in range(n_layers):
        out = F.conv2d(out, w, stride=stride, dilation=dilation)
    if out.shape[-1] < 1:
        raise ValueError(f"an input of {size}x{size} is too small for this stack")
    c = out.shape[-1] // 2
    out[0, 0, c, c].backward()
    return x.grad[0, 0].numpy()


def receptive_field_size(n_layers: int, kernel: int = 3, stride: int = 1,
                         dilation: int = 1) -> int:  # fmt: skip
    """Side of the receptive field of ``n_layers`` stacked convolutions, by the formula
    r = 1 + Σ (k − 1)·d·(product of the strides before the layer)."""
    r, jump = 1, 1
    for _ in range(n_layers):
        r += (kernel - 1) * dilation * jump
        jump *= stride
    return r


def plot_receptive_field(n_layers: int, kernel: int = 3, stride: int = 1, dilation: int = 1,
                         ax=None):  # fmt: skip
    """Draw :func:`receptive_field_map` as a grid of input pixels: the shade of a pixel is the
    number of paths from it to one output of the last layer; the outline marks the receptive
    field (formula: :func:`receptive_field_size`). Returns the axes; ``ax.field`` holds the
    side measured on the map."""
    from matplotlib import patches

    from course_lib.plots import PALETTE

    grad = receptive_field_map(n_layers, kernel, stride, dilation)
    rows, cols = np.nonzero(grad)
    side = int(cols.max() - cols.min() + 1)
    ax = ax or plt.subplots(figsize=(4, 4))[1]
    ax.imshow(np.where(grad > 0, grad, np.nan), cmap="Blues", vmin=0)
    n = grad.shape[0]
    ax.set_xticks(np.arange(-0.5, n, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n, 1), minor=True)
    ax.grid(which="minor", color="0.8", lw=0.5)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    ax.add_patch(patches.Rectangle((cols.min() - 0.5, rows.min() - 0.5), side, side, fill=False,
                                   edgecolor=PALETTE["vermillion"], lw=2))  # fmt: skip
    ax.set_xlabel("input pixels (shade: paths to one output)")
    extra = (f", stride {stride}" if stride != 1 else "") + (
        f", dilation {dilation}" if dilation != 1 else ""
    )
    layer = "layer" if n_layers == 1 else "layers"
    ax.set_title(f"{n_layers} {layer} of {kernel}×{kernel}{extra}: sees {side}×{side}",
                 fontsize=9)  # fmt: skip
    ax.field = side
    return ax


def receptive_field_widget(n_layers: int = 3, kernel: int = 3, stride: int = 1, dilation: int = 1):
    """Sliders for the number of layers, the kernel size, the stride and the dilation,
    redrawing :func:`plot_receptive_field`."""
    import ipywidgets as widgets

    def draw(n_layers, kernel, stride, dilation):
        plot_receptive_field(n_layers, kernel, stride, dilation)
        plt.show()

    return widgets.interactive(
        draw,
        n_layers=widgets.IntSlider(value=n_layers, min=1, max=6, description="layers"),
        kernel=widgets.IntSlider(value=kernel, min=1, max=7, description="kernel"),
        stride=widgets.IntSlider(value=stride, min=1, max=3, description="stride"),
        dilation=widgets.IntSlider(value=dilation, min=1, max=3, description="dilation"),
    )


# ---- Chapter 17: CNNs


def feature_map_widget(model, images, layers: dict, labels=None, classes=None,
                       max_maps: int = 32):  # fmt: skip
    """Pick an image and a layer: shows the image and its feature maps at that layer
    (:func:`course_lib.plots.feature_maps`, drawn by :func:`course_lib.plots.plot_feature_maps`).

    ``images`` is a tensor ``(N, C, H, W)``; ``layers`` maps a name to a submodule of
    ``model``; ``labels`` (and ``classes``, the label names) go into the title.
    """
    import ipywidgets as widgets

    from course_lib.plots import feature_maps, plot_feature_maps

    names = list(layers)

    def draw(index, layer):
        maps = feature_maps(model, images[index], layers[layer])
        what = ""
        if labels is not None:
            label = int(labels[index])
            what = f" ({classes[label] if classes is not None else label})"
        plot_feature_maps(maps, image=images[index], max_maps=max_maps,
                          title=f"image {index}{what}: {layer}, {len(maps)} maps")  # fmt: skip
        plt.show()

    return widgets.interactive(
        draw,
        index=widgets.IntSlider(value=0, min=0, max=len(images) - 1, description="image"),
        layer=widgets.Dropdown(options=names, value=names[0], description="layer"),
    )


# ---- Chapter 19: autoencoders


def plot_latent_walk(
    decode, x: float, y: float, codes=None, labels=None, axes=None, xlim=None, ylim=None
):
    """Walk the 2-D code space of an autoencoder: the left panel shows the code plane (the
    codes of real images, drawn as digits, when ``codes`` and ``labels`` are given) with a
    cross at ``(x, y)``; the right panel shows the image the decoder makes from that code.
    ``xlim`` and ``ylim`` (optional pairs) cut the plane to that window, e.g. to leave out a
    few far-away codes.

    ``decode`` maps an ``(M, 2)`` array of codes to ``M`` images (see
    :func:`course_lib.plots.decode_to_images`).  Returns the figure; ``fig.decoded`` holds
    the decoded image.
    """
    from course_lib.plots import decode_to_images, plot_codes_2d

    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(9, 4.2), width_ratios=(1.4, 1))
    fig = axes[0].figure
    if codes is not None and labels is not None:
        plot_codes_2d(codes, labels, ax=axes[0], max_points=1500)
    else:
        axes[0].set_xlabel("code $z_1$")
        axes[0].set_ylabel("code $z_2$")
    axes[0].plot([x], [y], "X", color=MISTAKE, ms=14, mec="white", mew=1.5, zorder=5)
    if xlim is not None:
        axes[0].set_xlim(*xlim)
    if ylim is not None:
        axes[0].set_ylim(*ylim)
    axes[0].set_title(f"code ($z_1$, $z_2$) = ({x:.2f}, {y:.2f})", fontsize=10)
    image = decode_to_images(decode, [(x, y)])[0]
    axes[1].imshow(np.clip(image, 0, 1), cmap="gray", vmin=0, vmax=1)
    axes[1].set_title("what the decoder draws there", fontsize=10)
    axes[1].axis("off")
    fig.decoded = image
    return fig


def latent_walk_widget(
    decode, codes, labels=None, x: float = 0.0, y: float = 0.0, xlim=None, ylim=None
):
    """Sliders for the two code values, redrawing :func:`plot_latent_walk`; the sliders span
    the range of ``codes`` (``(N, 2)``), the codes of real images, or ``xlim`` and ``ylim``
    when given (which also cut the plane drawn)."""
    import ipywidgets as widgets

    c = np.asarray(codes.detach().cpu() if hasattr(codes, "detach") else codes, dtype=float)
    lo, hi = c.min(0), c.max(0)
    for k, lim in enumerate((xlim, ylim)):
        if lim is not None:
            lo[k], hi[k] = lim

    def slider(value, k):
        step = float(hi[k] - lo[k]) / 100
        return widgets.FloatSlider(
            value=float(np.clip(value, lo[k], hi[k])),
            min=float(lo[k]),
            max=float(hi[k]),
            step=step,
            description=f"z{k + 1}",
        )

    def draw(z1, z2):
        plot_latent_walk(decode, z1, z2, codes, labels, xlim=xlim, ylim=ylim)
        plt.show()

    return widgets.interactive(draw, z1=slider(x, 0), z2=slider(y, 1))


# --- chapter 06: losses


def hinge_terms(scores, target: int, margin: float = 1.0) -> np.ndarray:
    """The multiclass hinge (SVM) terms of one example: ``max(0, s_j - s_y + margin)`` for
    every wrong class ``j`` and 0 for the correct class ``y = target``; their sum is the loss."""
    s = np.asarray(scores, dtype=float)
    if not 0 <= target < len(s):
        raise ValueError(f"target must be a class index in [0, {len(s)}), got {target}")
    terms = np.maximum(0.0, s - s[target] + margin)
    terms[target] = 0.0
    return terms


def plot_hinge_vs_softmax(scores, target: int, margin: float = 1.0, names=None, axes=None):
    """One example's scores seen by the two classification losses, side by side.

    Left, the hinge (SVM) loss: the scores as bars (the correct class orange), a dashed line
    ``margin`` below the correct score, and in red the part of each wrong score above that
    line: its hinge term.  Right, the softmax probabilities with the cross-entropy and its
    gradient (:func:`plot_softmax`).  Returns the figure; ``fig.hinge`` and
    ``fig.cross_entropy`` hold the two losses, ``fig.hinge_grad`` and ``fig.softmax_grad``
    their gradients with respect to the scores.
    """
    s = np.asarray(scores, dtype=float)
    terms = hinge_terms(s, target, margin)
    names = list(names) if names is not None else [f"class {k}" for k in range(len(s))]
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    fig = axes[0].figure
    ax = axes[0]
    x = np.arange(len(s))
    colors = [REGION[1] if k == target else REGION[0] for k in range(len(s))]
    ax.bar(x, s, color=colors, edgecolor="0.3", label="score $s_k$")
    line = s[target] - margin
    ax.axhline(line, color="0.3", ls="--", lw=1, label=f"correct score − {margin:g}")
    paying = terms > 0
    if paying.any():
        ax.bar(
            x[paying],
            terms[paying],
            bottom=line,
            width=0.35,
            color=MISTAKE,
            label="hinge term (what it pays)",
        )
    for k in np.flatnonzero(paying):
        ax.annotate(
            f"{terms[k]:.2f}",
            (k, s[k]),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            color=MISTAKE,
        )
    ax.axhline(0, color="0.3", lw=0.8)
    ax.set_xticks(x, names)
    ax.set_xlabel(f"class (correct: {names[target]}, orange)")
    ax.set_ylabel("score")
    ax.legend(fontsize=8, loc="best")
    grad = (terms > 0).astype(float)
    grad[target] = -grad.sum()
    fig.hinge = float(terms.sum())
    fig.hinge_grad = grad
    ax.set_title(f"hinge (SVM) loss = {fig.hinge:.3f}", fontsize=10)
    right = plot_softmax(s, target, ax=axes[1], names=names)
    fig.cross_entropy, fig.softmax_grad = right.loss, right.grad
    fig.tight_layout()
    return fig


def hinge_softmax_widget(
    scores=(3.2, 5.1, -1.7), target: int = 0, names=("cat", "car", "frog"), margin: float = 1.0
):
    """Sliders for each score and the margin, and a menu for the correct class, redrawing
    :func:`plot_hinge_vs_softmax`."""
    import ipywidgets as widgets

    names = list(names)
    sliders = {
        f"s{k}": widgets.FloatSlider(value=v, min=-8, max=8, step=0.1, description=names[k])
        for k, v in enumerate(scores)
    }
    choice = widgets.Dropdown(
        options=list(zip(names, range(len(names)))), value=target, description="correct"
    )
    margin_slider = widgets.FloatSlider(value=margin, min=0, max=4, step=0.1, description="margin")

    def draw(target, margin, **values):
        plot_hinge_vs_softmax([values[f"s{k}"] for k in range(len(names))], target, margin, names)
        plt.show()

    return widgets.interactive(draw, target=choice, margin=margin_slider, **sliders)


# --- chapter 03: activation functions


def activation_inputs(n: int = 20_000, seed: int = 0) -> np.ndarray:
    """``n`` draws of a standard normal input (seeded): the default sample of
    :func:`plot_activation` when no real pre-activations are given."""
    return np.random.default_rng(seed).standard_normal(n)


def plot_activation(
    name: str = "sigmoid",
    scale: float = 1.0,
    z=None,
    threshold: float = 0.01,
    axes=None,
    bins: int = 60,
):
    """An activation at work on a cloud of inputs: ``f``, ``f'`` and the outputs.

    The activation's inputs are ``scale * z``, where ``z`` is a sample of pre-activations (an
    array or tensor of any shape, e.g. a real layer's; default: :func:`activation_inputs`), so
    ``scale`` plays the part of weights (or inputs) ``scale`` times larger. Left: ``f``;
    middle: ``f'``; both over the range the inputs cover, with the inputs' histogram shaded
    behind. Right: the histogram of the outputs. ``name`` is a key of
    :data:`course_lib.scratch.activations.ACTIVATIONS`.

    Returns the figure, with ``fig.small`` (the share of inputs where ``f' < threshold``:
    saturated or dead units, which pass back almost no gradient), ``fig.zero`` (the share
    where ``f' = 0`` exactly) and ``fig.outputs`` (the outputs).
    """
    from course_lib.plots import ACTIVATION_LABELS, PALETTE
    from course_lib.scratch.activations import ACTIVATIONS

    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}")
    f, f_grad = ACTIVATIONS[name]
    if z is None:
        z = activation_inputs()
    z = np.asarray(z.detach().cpu() if hasattr(z, "detach") else z, dtype=float).ravel()
    inputs = scale * z
    grads, outputs = f_grad(inputs), f(inputs)
    if axes is None:
        fig, axes = plt.subplots(1, 3, figsize=(13, 3.4), layout="constrained")
    fig = axes[0].figure
    reach = max(6.0, float(np.quantile(np.abs(inputs), 0.995))) * 1.05
    grid = np.linspace(-reach, reach, 801)
    for ax, curve, label, color in (
        (axes[0], f(grid), "$f(z)$", PALETTE["blue"]),
        (axes[1], f_grad(grid), "$f'(z)$", PALETTE["vermillion"]),
    ):
        back = ax.twinx()
        back.hist(inputs, bins=bins, range=(-reach, reach), color="0.85", label="inputs")
        back.set_yticks([])
        back.grid(False)
        back.spines["right"].set_visible(False)
        ax.set_zorder(back.get_zorder() + 1)
        ax.patch.set_visible(False)
        ax.plot(grid, curve, color=color, lw=2, label=label)
        ax.set_xlim(-reach, reach)
        ax.set_xlabel("input $z$")
        handles = ax.get_legend_handles_labels()[0] + back.get_legend_handles_labels()[0]
        ax.legend(handles=handles, loc="upper left", fontsize=8)
    axes[0].set_ylabel("output $f(z)$")
    axes[1].set_ylabel("derivative $f'(z)$")
    shown_name = ACTIVATION_LABELS.get(name, name)
    axes[0].set_title(f"{shown_name} on the inputs × {scale:g}", fontsize=10)
    fig.small = float(np.mean(grads < threshold))
    fig.zero = float(np.mean(grads == 0))
    fig.outputs = outputs
    axes[1].set_title(
        f"f' < {threshold:g} for {fig.small:.0%} of the inputs (f' = 0: {fig.zero:.0%})",
        fontsize=10,
    )
    axes[2].hist(outputs, bins=bins, color=PALETTE["blue"], alpha=0.8)
    axes[2].set_xlabel("output $f(z)$")
    axes[2].set_ylabel("count")
    axes[2].set_title(f"outputs: mean {outputs.mean():.2f}, sd {outputs.std():.2f}", fontsize=10)
    return fig


def activation_widget(z=None, name: str = "sigmoid", scale: float = 1.0):
    """A menu of activations and a (logarithmic) input-scale slider, redrawing
    :func:`plot_activation` on the pre-activations ``z`` (default: a standard normal sample)."""
    import ipywidgets as widgets

    from course_lib.plots import ACTIVATION_LABELS
    from course_lib.scratch.activations import ACTIVATIONS

    menu = widgets.Dropdown(
        options=[(ACTIVATION_LABELS.get(k, k), k) for k in ACTIVATIONS],
        value=name,
        description="activation",
    )
    slider = widgets.FloatLogSlider(value=scale, base=10, min=-1, max=2, step=0.05,
                                    description="scale")  # fmt: skip

    def draw(name, scale):
        plot_activation(name, scale, z)
        plt.show()

    return widgets.interactive(draw, name=menu, scale=slider)


# --- chapter 07: gradient descent


def least_squares_loss(X, y, w) -> np.ndarray:
    """The least-squares loss ``½ · mean((X @ w - y)²)`` of a linear model without bias.

    ``w`` is one weight vector of shape (d,) or a stack of them, shape (..., d) (e.g. a grid
    of 2-D weights for a contour plot); the result has the stack's shape.
    """
    X, y, w = np.asarray(X, dtype=float), np.asarray(y, dtype=float), np.asarray(w, dtype=float)
    A = X.T @ X / len(X)  # the loss is a quadratic: ½ (wᵀ A w - 2 cᵀ w + mean(y²))
    c = X.T @ y / len(X)
    quad = np.einsum("...i,ij,...j->...", w, A, w)
    return 0.5 * (quad - 2 * (w @ c) + np.mean(y**2))


def minibatch_sgd_path(
    X,
    y,
    learning_rate: float,
    batch_size: int,
    epochs: int = 5,
    start=(0.0, 0.0),
    seed: int = 0,
    max_loss: float = 1e6,
) -> dict:
    """Minibatch stochastic gradient descent on :func:`least_squares_loss`, recording every step.

    Each epoch shuffles the examples (a permutation seeded by ``seed``) and walks through them
    in order, ``batch_size`` at a time; the last batch of an epoch holds what is left.  Each
    step moves the weights by ``-learning_rate`` times the gradient of the batch's mean loss,
    ``X_bᵀ (X_b w - y_b) / len(b)``.  ``batch_size >= len(X)`` is full-batch gradient descent
    and 1 is online (stochastic) gradient descent.  The run stops early, marked ``diverged``,
    once the loss on all the data exceeds ``max_loss`` (or stops being finite).

    Returns a dict: ``path`` (steps + 1, d) of weights, ``loss`` (steps + 1,) on all the data
    after each step, ``epoch`` (steps + 1,) the fraction of epochs done, ``diverged`` (bool)
    and ``steps`` (the number of updates made).
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    n = len(X)
    rng = np.random.default_rng(seed)
    w = np.array(start, dtype=float)
    path, losses, when = [w.copy()], [float(least_squares_loss(X, y, w))], [0.0]
    diverged = False
    for epoch in range(epochs):
        order = rng.permutation(n)
        for i in range(0, n, batch_size):
            batch = order[i : i + batch_size]
            grad = X[batch].T @ (X[batch] @ w - y[batch]) / len(batch)
            w = w - learning_rate * grad
            path.append(w.copy())
            losses.append(float(least_squares_loss(X, y, w)))
            when.append(epoch + min(i + batch_size, n) / n)
            if not np.isfinite(losses[-1]) or losses[-1] > max_loss:
                diverged = True
                break
        if diverged:
            break
    return {
        "path": np.array(path),
        "loss": np.array(losses),
        "epoch": np.array(when),
        "diverged": diverged,
        "steps": len(path) - 1,
    }


def plot_sgd_path(
    X,
    y,
    learning_rate: float,
    batch_size: int,
    epochs: int = 5,
    start=(-1.0, 2.5),
    seed: int = 0,
    axes=None,
    lim: float = 3.0,
    names=("$w_1$", "$w_2$"),
):
    """Minibatch SGD on a two-weight least-squares problem, drawn two ways.

    Left: the contour lines of the loss over the weights (a star at the exact minimum, found
    by solving the normal equations) with the path of the weights, one dot per update.
    Right: the loss on all the data minus its minimum, against epochs (log scale), so that
    steady progress is a straight line and noise is visible.  ``X`` is (N, 2).  Returns the
    figure; ``fig.result`` is :func:`minibatch_sgd_path`'s dict plus ``w_star`` and
    ``loss_star`` (the minimum and its loss).
    """
    from course_lib.plots import PALETTE, plot_contour_paths

    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have two columns (one per weight), got shape {X.shape}")
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(10, 4.2), width_ratios=(1, 1.15))
    fig = axes[0].figure
    w_star = np.linalg.solve(X.T @ X, X.T @ y)
    loss_star = float(least_squares_loss(X, y, w_star))
    run = minibatch_sgd_path(X, y, learning_rate, batch_size, epochs, start, seed)
    batch = min(batch_size, len(X))
    kind = "full batch" if batch == len(X) else ("online" if batch == 1 else f"batch {batch}")
    label = f"{kind}, η = {learning_rate:g}"

    def loss(W1, W2):
        return least_squares_loss(X, y, np.stack([W1, W2], axis=-1))

    box = (w_star[0] - lim, w_star[0] + lim), (w_star[1] - lim, w_star[1] + lim)
    plot_contour_paths(loss, {label: run["path"]}, *box, minimum=w_star, ax=axes[0], names=names)
    gap = np.maximum(run["loss"] - loss_star, 1e-16)
    axes[1].plot(run["epoch"], gap, color=PALETTE["blue"], lw=1.2, label=label)
    axes[1].set_yscale("log")
    axes[1].set(xlabel="epoch", ylabel="loss − minimum loss (all data)")
    if run["diverged"]:
        axes[1].plot(run["epoch"][-1], gap[-1], "x", color=PALETTE["vermillion"], ms=10, mew=2)
        verdict = f"diverged after {run['steps']} updates"
    else:
        verdict = f"{run['steps']} updates, final gap {gap[-1]:.1e}"
    axes[1].set_title(verdict, fontsize=10)
    axes[1].legend(fontsize=8, loc="upper right")
    fig.result = {**run, "w_star": w_star, "loss_star": loss_star}
    return fig


def sgd_widget(
    X,
    y,
    learning_rate: float = 0.3,
    batch_size: int = 8,
    epochs: int = 5,
    start=(-1.0, 2.5),
    names=("$w_1$", "$w_2$"),
):
    """A learning-rate slider (log scale), a batch-size slider (powers of 2 and the whole data
    set) and an epochs slider that redraw :func:`plot_sgd_path` live."""
    import ipywidgets as widgets

    n = len(X)
    sizes = [b for b in (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024) if b < n] + [n]
    batch_size = min(sizes, key=lambda b: abs(b - batch_size))

    def draw(learning_rate, batch_size, epochs, seed):
        plot_sgd_path(X, y, learning_rate, batch_size, epochs, start, seed, names=names)
        plt.show()

    return widgets.interactive(
        draw,
        learning_rate=widgets.FloatLogSlider(
            value=learning_rate, base=10, min=-3, max=1, step=0.05, description="η"
        ),
        batch_size=widgets.SelectionSlider(options=sizes, value=batch_size, description="batch"),
        epochs=widgets.IntSlider(value=epochs, min=1, max=30, description="epochs"),
        seed=widgets.IntSlider(value=0, min=0, max=9, description="seed"),
    )


# --- chapter 05: nearest neighbours and linear classifiers


def knn_labels(X, y, points, k: int = 1, p: float = 2, n_classes: int | None = None):
    """k-nearest-neighbour labels of ``points`` (M, 2) from the labelled data ``X`` (N, d),
    ``y`` under the L_p distance: the majority label of the k nearest, or -1 where two or
    more classes tie for the most votes (the white regions of the chapter's figures)."""
    X, P = np.asarray(X, dtype=float), np.asarray(points, dtype=float)
    y = np.asarray(y).astype(int)
    if not 1 <= k <= len(X):
        raise ValueError(f"k must be between 1 and {len(X)}, got {k}")
    n_classes = n_classes or int(y.max()) + 1
    diff = np.abs(P[:, None, :] - X[None, :, :])
    dist = diff.max(-1) if np.isinf(p) else (diff**p).sum(-1)  # the p-th root keeps the order
    nearest = np.argsort(dist, axis=1, kind="stable")[:, :k]
    votes = np.zeros((len(P), n_classes), dtype=int)
    np.add.at(votes, (np.repeat(np.arange(len(P)), k), y[nearest].ravel()), 1)
    top = votes.max(1, keepdims=True)
    winner = votes.argmax(1)
    return np.where((votes == top).sum(1) > 1, -1, winner)


def plot_knn_regions(X, y, k: int = 1, p: float = 2, ax=None, resolution: int = 150,
                     lim=None, names=None):  # fmt: skip
    """The regions a k-nearest-neighbour classifier assigns to each class in the plane, under
    the L1 (``p=1``) or L2 (``p=2``) distance; ties are white.  Returns the axes (with
    ``ax.accuracy`` on the training points, each its own neighbour, and ``ax.tie_share``)."""
    from course_lib.plots import plot_class_regions

    metric = {1: "L1 (Manhattan)", 2: "L2 (Euclidean)"}.get(p, f"L{p:g}")
    n_classes = int(np.max(y)) + 1
    ax = plot_class_regions(
        lambda pts: knn_labels(X, y, pts, k, p, n_classes),
        X, y, ax=ax, lim=lim, resolution=resolution, n_classes=n_classes, names=names,
        legend=False,
    )  # fmt: skip
    ax.set_title(f"k = {k}, {metric}", fontsize=10)
    ax.set_aspect("equal")
    return ax


def knn_widget(X, y, k: int = 1, p: int = 2, names=None):
    """A slider for k and buttons for the distance (L1 / L2) that redraw
    :func:`plot_knn_regions` live."""
    import ipywidgets as widgets

    def draw(k, p):
        ax = plot_knn_regions(X, y, k=k, p=p, names=names)
        ax.set_title(
            f"{ax.get_title()}: training accuracy {ax.accuracy:.0%}, ties {ax.tie_share:.0%}",
            fontsize=10,
        )
        plt.show()

    return widgets.interactive(
        draw,
        k=widgets.IntSlider(value=k, min=1, max=min(25, len(X)), description="k"),
        p=widgets.ToggleButtons(options=[("L1", 1), ("L2", 2)], value=p, description="distance"),
    )


# --- chapter 14: RBF networks


def rbf_least_squares_fit(X, y, k: int = 4, scale: float = 1.0, seed: int = 0) -> dict:
    """An RBF net on 1-D data with k-means centres, one shared width ``scale * d_max /
    sqrt(2k)`` (for k = 1: ``scale`` times the spread of the data) and least-squares output
    weights. Returns a dict of ``centers``, ``widths``, ``w`` (k, 1) and ``b`` (1,)."""
    from course_lib.scratch.rbf import kmeans, least_squares_weights, rbf_forward, shared_width

    centers, _ = kmeans(X, k, seed=seed)
    base = shared_width(centers) if k > 1 else float(np.std(X))
    widths = np.full(k, scale * base)
    phi, _ = rbf_forward(X, centers, widths)
    w, b = least_squares_weights(phi, y)
    return {"centers": centers, "widths": widths, "w": w, "b": b}


def plot_rbf_widths(X, y, k: int = 4, scale: float = 1.0, X_val=None, y_val=None, truth=None,
                    ax=None, seed: int = 0):  # fmt: skip
    """Fit :func:`rbf_least_squares_fit` with ``k`` units and the width rule times ``scale``,
    and draw the data, the fit and its weighted Gaussians. The title gives the training (and
    validation) mean squared error; ``ax.train_mse`` and ``ax.val_mse`` hold them and
    ``ax.weights`` the output weights."""
    from course_lib.plots import plot_rbf_fit
    from course_lib.scratch.rbf import rbf_forward

    X, y = np.asarray(X, float), np.asarray(y, float)
    p = rbf_least_squares_fit(X, y, k, scale, seed)

    def predict(x):
        return (rbf_forward(x, p["centers"], p["widths"])[0] @ p["w"] + p["b"]).ravel()

    grid = np.linspace(X.min(), X.max(), 400)
    ax = plot_rbf_fit(X, y, grid, predict(grid), truth=None if truth is None else truth(grid),
                      centers=p["centers"], widths=p["widths"], weights=p["w"], ax=ax)  # fmt: skip
    ax.weights = p["w"].ravel()
    ax.train_mse = float(np.mean((predict(X) - y) ** 2))
    ax.val_mse = None
    text = f"k = {k}, width × {scale:g}: training MSE {ax.train_mse:.4f}"
    if X_val is not None:
        ax.val_mse = float(np.mean((predict(np.asarray(X_val, float)) - y_val) ** 2))
        text += f", validation {ax.val_mse:.4f}"
    ax.set_title(text, fontsize=10)
    lo, hi = np.min(y), np.max(y)
    ax.set_ylim(lo - 0.6 * (hi - lo), hi + 0.4 * (hi - lo))
    return ax


def rbf_widget(X, y, X_val=None, y_val=None, truth=None, k: int = 4, scale: float = 1.0):
    """Sliders for the number of Gaussian units k and a factor on the width rule that redraw
    :func:`plot_rbf_widths` live."""
    import ipywidgets as widgets

    def draw(k, scale):
        plot_rbf_widths(X, y, k=k, scale=scale, X_val=X_val, y_val=y_val, truth=truth)
        plt.show()

    return widgets.interactive(
        draw,
        k=widgets.IntSlider(value=k, min=1, max=min(40, len(X)), description="k"),
        scale=widgets.FloatLogSlider(
            value=scale, base=10, min=-1.3, max=1, step=0.05, description="width ×"
        ),
    )


# --- chapter 11: initialisation, preprocessing, batch norm


def deep_activations(
    scale: float = 1.0,
    activation: str = "tanh",
    layers: int = 10,
    width: int = 300,
    batch: int = 500,
    seed: int = 0,
) -> list:
    """Outputs of each layer of a random deep network with no training: ``layers`` layers of
    ``width`` units, zero biases, weights drawn with standard deviation ``scale / sqrt(width)``
    (so ``scale`` 1 is the 1/√n rule, about Xavier's scale here, and √2 is He's), fed
    ``batch`` standard-normal inputs. ``activation`` is ``"tanh"``, ``"relu"`` or
    ``"sigmoid"``. Returns a list of (batch, width) arrays, one per layer.
    """
    funcs = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0),
             "sigmoid": lambda z: 1 / (1 + np.exp(-np.clip(z, -500, 500)))}  # fmt: skip
    if activation not in funcs:
        raise ValueError(f"activation must be one of {sorted(funcs)}, not {activation!r}")
    rng = np.random.default_rng(seed)
    h = rng.standard_normal((batch, width))
    out = []
    for _ in range(layers):
        h = funcs[activation](h @ (rng.standard_normal((width, width)) * scale / np.sqrt(width)))
        out.append(h)
    return out


def plot_deep_activations(scale: float = 1.0, activation: str = "tanh", layers: int = 10):
    """Histograms of every layer's outputs in :func:`deep_activations`' network, one row, via
    :func:`course_lib.plots.plot_layer_histograms`. Returns the figure."""
    from course_lib.plots import plot_layer_histograms

    acts = deep_activations(scale, activation, layers)
    limits = (0, 3) if activation == "relu" else ((0, 1) if activation == "sigmoid" else (-1, 1))
    return plot_layer_histograms(
        {f"scale {scale:.2g}": acts}, limits=limits, row_height=1.6,
        drop_zeros=activation == "relu",
        title=f"{activation}, weights with SD {scale:.2g}/√n: layer {len(acts)}'s SD "
        f"{acts[-1].std():.2g}" + (" (exact zeros left out of the bars)"
                                   if activation == "relu" else ""),
    )  # fmt: skip


def init_widget(scale: float = 1.0, activation: str = "tanh"):
    """A log slider for the weight scale (times 1/√n) and buttons for the activation that
    redraw :func:`plot_deep_activations` live."""
    import ipywidgets as widgets

    def draw(scale, activation):
        plot_deep_activations(scale, activation)
        plt.show()

    return widgets.interactive(
        draw,
        scale=widgets.FloatLogSlider(
            value=scale, base=10, min=-2, max=1, step=0.05, description="scale"
        ),
        activation=widgets.ToggleButtons(
            options=["tanh", "relu", "sigmoid"], value=activation, description="activation"
        ),
    )


# --- chapter 12: optimisers and schedules


def _quadratic(x, y):
    return 0.5 * (x**2 + 25.0 * y**2)


def _saddle(x, y):
    return x**2 + 0.25 * y**4 - 0.5 * y**2


def _rosenbrock(x, y):
    return (1.0 - x) ** 2 + 100.0 * (y - x**2) ** 2


# name -> loss (vectorised), its gradient, start, window, minimum, steps, learning rates that
# work for each optimiser (found by trying a few values on each surface)
OPTIMISER_SURFACES = {
    "ill-conditioned quadratic": dict(
        loss=_quadratic,
        grad=lambda w: np.array([w[0], 25.0 * w[1]]),
        start=(-4.5, 1.0),
        xlim=(-5.0, 2.0),
        ylim=(-1.6, 1.6),
        minimum=(0.0, 0.0),
        steps=60,
        learning_rates={
            "SGD": 0.075,
            "momentum": 0.02,
            "Nesterov": 0.02,
            "AdaGrad": 1.0,
            "RMSProp": 0.1,
            "Adam": 0.3,
        },
    ),
    "saddle": dict(
        loss=_saddle,
        grad=lambda w: np.array([2.0 * w[0], w[1] ** 3 - w[1]]),
        start=(-2.0, 0.001),
        xlim=(-2.2, 2.2),
        ylim=(-1.6, 1.6),
        minimum=(0.0, 1.0),
        steps=60,
        learning_rates={
            "SGD": 0.1,
            "momentum": 0.02,
            "Nesterov": 0.02,
            "AdaGrad": 0.5,
            "RMSProp": 0.05,
            "Adam": 0.1,
        },
    ),
    "Rosenbrock": dict(
        loss=_rosenbrock,
        grad=lambda w: np.array(
            [-2.0 * (1 - w[0]) - 400.0 * w[0] * (w[1] - w[0] ** 2), 200.0 * (w[1] - w[0] ** 2)]
        ),
        start=(-1.2, 1.0),
        xlim=(-2.0, 2.0),
        ylim=(-1.0, 3.0),
        minimum=(1.0, 1.0),
        steps=2000,
        learning_rates={
            "SGD": 1.5e-3,
            "momentum": 5e-4,
            "Nesterov": 5e-4,
            "AdaGrad": 0.5,
            "RMSProp": 3e-3,
            "Adam": 0.05,
        },
    ),
}


def optimiser_rules() -> dict:
    """The course's from-scratch update rules by name: SGD, momentum, Nesterov, AdaGrad,
    RMSProp and Adam (``course_lib.scratch.optim``), in the order the chapter meets them."""
    from course_lib.scratch import optim

    return {"SGD": optim.sgd, "momentum": optim.sgd_momentum, "Nesterov": optim.nesterov,
            "AdaGrad": optim.adagrad, "RMSProp": optim.rmsprop, "Adam": optim.adam}  # fmt: skip


def optimiser_path(surface, rule, learning_rate: float, steps: int | None = None, start=None,
                   noise: float = 0.0, seed: int = 0, **config) -> np.ndarray:  # fmt: skip
    """The weights visited by one update rule on a two-weight test surface.

    ``surface`` is a name in :data:`OPTIMISER_SURFACES` (or such a dict), ``rule`` a name in
    :func:`optimiser_rules` (or an ``update(w, dw, config)`` function). ``noise`` adds
    Gaussian noise of that standard deviation to every gradient (a stand-in for minibatch
    noise), drawn from a generator seeded by ``seed``. Extra keywords go into the rule's
    config (say ``momentum=0.5``). The run stops early if the weights leave a box 1e3 wide
    (divergence). Returns an array (steps + 1, 2), the start first.
    """
    s = OPTIMISER_SURFACES[surface] if isinstance(surface, str) else surface
    update = optimiser_rules()[rule] if isinstance(rule, str) else rule
    steps = s["steps"] if steps is None else steps
    rng = np.random.default_rng(seed)
    w = np.array(s["start"] if start is None else start, dtype=float)
    config = {"learning_rate": learning_rate, **config}
    path = [w.copy()]
    for _ in range(steps):
        dw = s["grad"](w) + (noise * rng.standard_normal(2) if noise else 0.0)
        w, config = update(w, dw, config)
        path.append(w.copy())
        if not np.all(np.isfinite(w)) or np.abs(w).max() > 1e3:
            break
    return np.array(path)


def plot_optimiser_paths(surface: str = "Rosenbrock", optimisers=None, learning_rate=None,
                         steps: int | None = None, noise: float = 0.0, ax=None,
                         title: str | None = None):  # fmt: skip
    """Paths of several update rules from the same start on one test surface, drawn over its
    contour lines (:func:`course_lib.plots.plot_contour_paths`).

    ``optimisers`` is a list of names from :func:`optimiser_rules` (default: all six);
    ``learning_rate`` a float used by all of them, a dict ``{name: rate}``, or None for the
    surface's own rates (``OPTIMISER_SURFACES[surface]["learning_rates"]``). Each legend
    entry gives the rate and the loss at the last step. Returns the axes; ``ax.result`` maps
    each name to ``{"learning_rate", "final_loss", "distance"}`` (distance from the last point
    to the minimum; ``inf`` if the run diverged).
    """
    from course_lib.plots import plot_contour_paths

    s = OPTIMISER_SURFACES[surface]
    names = list(optimisers or optimiser_rules())
    rates = s["learning_rates"] if learning_rate is None else learning_rate
    paths, result = {}, {}
    for name in names:
        lr = rates[name] if isinstance(rates, dict) else float(rates)
        p = optimiser_path(surface, name, lr, steps=steps, noise=noise)
        last = p[-1]
        diverged = len(p) < (s["steps"] if steps is None else steps) + 1
        loss = float(s["loss"](*last))
        dist = np.inf if diverged else float(np.hypot(*(last - np.array(s["minimum"]))))
        result[name] = {"learning_rate": lr, "final_loss": loss, "distance": dist}
        tail = "diverged" if diverged else f"loss {loss:.2g}"
        paths[f"{name} (η = {lr:g}): {tail}"] = p
    n = s["steps"] if steps is None else steps
    title = title or f"{surface}: {n} steps from the open circle"
    ax = plot_contour_paths(s["loss"], paths, s["xlim"], s["ylim"], minimum=s["minimum"], ax=ax,
                            title=title)  # fmt: skip
    # distinct line styles: paths along the same ridge or valley floor overlap
    styles = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1)))
    path_lines = [line for line in ax.get_lines() if line.get_label() in paths]
    for style, line in zip(styles, path_lines):
        line.set_linestyle(style)
        line.set_linewidth(1.8)
    ax.legend(fontsize=7.5, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=1,
              frameon=False, markerscale=0.6)  # fmt: skip
    ax.result = result
    return ax


def optimiser_widget(surface: str = "Rosenbrock", optimisers=("SGD", "momentum", "Adam"),
                     learning_rate: float = 1e-3, steps: int | None = None):  # fmt: skip
    """A surface menu, a choice of optimisers, one learning-rate slider (log scale, shared by
    the chosen optimisers) and a steps slider that redraw :func:`plot_optimiser_paths` live."""
    import ipywidgets as widgets

    def draw(surface, optimisers, learning_rate, steps):
        plot_optimiser_paths(surface, list(optimisers) or ["SGD"], learning_rate, steps)
        plt.show()

    return widgets.interactive(
        draw,
        surface=widgets.Dropdown(
            options=list(OPTIMISER_SURFACES), value=surface, description="surface"
        ),  # fmt: skip
        optimisers=widgets.SelectMultiple(
            options=list(optimiser_rules()), value=tuple(optimisers), description="optimisers"
        ),
        learning_rate=widgets.FloatLogSlider(
            value=learning_rate, base=10, min=-4, max=0.5, step=0.05, description="η"
        ),  # fmt: skip
        steps=widgets.IntSlider(
            value=steps or OPTIMISER_SURFACES[surface]["steps"],
            min=10,
            max=2000,
            step=10,
            description="steps",
        ),  # fmt: skip
    )
