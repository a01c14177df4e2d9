"""Small tools for forecasting a univariate series (chapter 23): windows, scaling, baselines,
error measures and the two ways of running a one-step model over a forecast period.

Everything works on 1-D NumPy arrays (anything ``np.asarray`` accepts); a model enters only
as a *step function* ``step(window) -> next value``, so the same helpers drive a least-squares
autoregression, an LSTM or a hand-written rule.

* :func:`make_windows` turns a series into (input window, target) pairs, as the source's
  ``create_IO_seq`` does: 132 months and 12-month windows give 120 pairs.
* :class:`MinMaxScaler` maps values to [0, 1] with the minimum and maximum of the data it was
  fitted on (fit it on the training months only; later values may fall outside [0, 1]).
* :func:`difference` / :func:`undifference` go to changes and back.
* :func:`seasonal_naive` and :func:`seasonal_naive_drift` are the baselines.
* :func:`rmse` and :func:`mape` score a forecast.
* :func:`forecast_recursive` feeds a model its own predictions (closed loop);
  :func:`forecast_one_step` gives it the true values every time (known inputs).
* :func:`fit_autoregression` is a linear model on the window, fitted by least squares.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def _as_series(series) -> np.ndarray:
    values = np.asarray(series, dtype=float)
    if values.ndim != 1:
        raise ValueError(f"a series must be 1-D, got shape {values.shape}")
    return values


def make_windows(series, window: int = 12, horizon: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Input/target pairs from a series: ``X[j] = series[j : j + window]`` and
    ``y[j] = series[j + window : j + window + horizon]``.

    Returns ``X`` of shape ``(n, window)`` and ``y`` of shape ``(n, horizon)``, with
    ``n = len(series) - window - horizon + 1`` pairs (132 months, ``window=12``: 120 pairs).
    """
    values = _as_series(series)
    if window < 1 or horizon < 1:
        raise ValueError(f"window and horizon must be at least 1, got {window} and {horizon}")
    n = len(values) - window - horizon + 1
    if n < 1:
        raise ValueError(
            f"a series of {len(values)} values is too short for window {window} + horizon {horizon}"
        )
    X = np.stack([values[j : j + window] for j in range(n)])
    y = np.stack([values[j + window : j + window + horizon] for j in range(n)])
    return X, y


class MinMaxScaler:
    """Scale values to [0, 1] with the minimum and maximum seen by :meth:`fit`, like
    scikit-learn's ``MinMaxScaler`` for one series: ``(x - lo) / (hi - lo)``.

    Fit it on the training part only: values of later months are transformed with the same
    ``lo`` and ``hi``, so a series that keeps growing leaves [0, 1].
    """

    def __init__(self):
        self.lo: float | None = None
        self.hi: float | None = None

    def fit(self, values) -> MinMaxScaler:
        """Remember the minimum and maximum of ``values``; returns the scaler."""
        values = np.asarray(values, dtype=float)
        self.lo, self.hi = float(values.min()), float(values.max())
        if self.hi == self.lo:
            raise ValueError("cannot scale a constant series (its minimum equals its maximum)")
        return self

    def _check(self) -> None:
        if self.lo is None:
            raise RuntimeError("call fit() before transform() or inverse_transform()")

    def transform(self, values) -> np.ndarray:
        """``(values - lo) / (hi - lo)``."""
        self._check()
        return (np.asarray(values, dtype=float) - self.lo) / (self.hi - self.lo)

    def inverse_transform(self, scaled) -> np.ndarray:
        """Back to the original units: ``scaled * (hi - lo) + lo``."""
        self._check()
        return np.asarray(scaled, dtype=float) * (self.hi - self.lo) + self.lo

    def fit_transform(self, values) -> np.ndarray:
        """:meth:`fit`, then :meth:`transform` the same values."""
        return self.fit(values).transform(values)

    def __repr__(self) -> str:
        return f"MinMaxScaler(lo={self.lo}, hi={self.hi})"


def difference(series, lag: int = 1) -> np.ndarray:
    """Changes over ``lag`` steps: ``series[t] - series[t - lag]`` (``lag`` values shorter)."""
    values = _as_series(series)
    return values[lag:] - values[:-lag]


def undifference(changes, history, lag: int = 1) -> np.ndarray:
    """Levels from changes that continue ``history``: ``level[t] = level[t - lag] + change[t]``,
    starting from the last ``lag`` values of ``history``.  Inverse of :func:`difference`."""
    levels = list(_as_series(history)[-lag:])
    if len(levels) < lag:
        raise ValueError(f"undifference with lag {lag} needs at least {lag} values of history")
    for change in np.asarray(changes, dtype=float):
        levels.append(levels[-lag] + change)
    return np.array(levels[lag:])


def seasonal_naive(history, steps: int, season: int = 12) -> np.ndarray:
    """Each future month gets the value of the same month one season earlier (the last season
    of ``history`` repeated)."""
    values = _as_series(history)
    if len(values) < season:
        raise ValueError(f"need at least one season ({season} values) of history")
    last = values[-season:]
    return np.array([last[h % season] for h in range(steps)])


def seasonal_naive_drift(
    history, steps: int, season: int = 12, drift_seasons: int | None = 1
) -> np.ndarray:
    """Seasonal naive plus the mean change from one season to the next.

    The drift is the mean of the seasonal changes ``history[t] - history[t - season]`` over
    the last ``drift_seasons`` seasons (``None``: the whole history).  Step ``h`` (0-based) of
    the forecast adds ``(h // season + 1)`` drifts to the same month of the last season.
    """
    values = _as_series(history)
    changes = difference(values, season)
    if drift_seasons is not None:
        changes = changes[-drift_seasons * season :]
    if len(changes) == 0:
        raise ValueError(f"need more than one season ({season} values) of history for a drift")
    drift = changes.mean()
    base = seasonal_naive(values, steps, season)
    return base + drift * (np.arange(steps) // season + 1)


def rmse(y, y_hat) -> float:
    """Root mean squared error, in the units of the series."""
    y, y_hat = np.asarray(y, dtype=float), np.asarray(y_hat, dtype=float)
    return float(np.sqrt(np.mean((y - y_hat) ** 2)))


def mape(y, y_hat) -> float:
    """Mean absolute percentage error, in percent: ``100 * mean(|y - y_hat| / |y|)``."""
    y, y_hat = np.asarray(y, dtype=float), np.asarray(y_hat, dtype=float)
    return float(100 * np.mean(np.abs(y - y_hat) / np.abs(y)))


def forecast_recursive(
    step_fn: Callable[[np.ndarray], float], history, steps: int, window: int = 12
) -> np.ndarray:
    """Closed-loop forecast: predict the next value from the last ``window`` values, append the
    prediction, slide on; ``steps`` predictions.  After ``window`` steps the model sees only
    its own predictions, so its errors feed back into its inputs."""
    values = list(_as_series(history))
    if len(values) < window:
        raise ValueError(f"need at least {window} values of history, got {len(values)}")
    predictions = []
    for _ in range(steps):
        nxt = float(step_fn(np.array(values[-window:])))
        predictions.append(nxt)
        values.append(nxt)
    return np.array(predictions)


def forecast_one_step(
    step_fn: Callable[[np.ndarray], float], series, start: int, window: int = 12
) -> np.ndarray:
    """Known-input forecast: predict ``series[t]`` from the true ``series[t - window : t]`` for
    every ``t`` from ``start`` to the end; ``len(series) - start`` predictions."""
    values = _as_series(series)
    if start < window:
        raise ValueError(f"start ({start}) must leave a full window ({window}) before it")
    return np.array([float(step_fn(values[t - window : t])) for t in range(start, len(values))])


def fit_autoregression(series, window: int = 12) -> Callable[[np.ndarray], float]:
    """Least-squares linear autoregression: ``next = w · window + b`` fitted on every window of
    ``series``.  Returns the step function; its ``coef`` attribute holds ``(w, b)``."""
    X, y = make_windows(series, window)
    A = np.c_[X, np.ones(len(X))]
    solution, *_ = np.linalg.lstsq(A, y[:, 0], rcond=None)
    w, b = solution[:-1], float(solution[-1])

    def step(values) -> float:
        return float(np.asarray(values, dtype=float) @ w + b)

    step.coef = (w, b)
    return step
