"""course_lib.series (chapter 23): windows, scaling, differencing, baselines, errors and the
two ways of forecasting; and chapter 23's figures and widget."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_lib.series import (  # noqa: E402
    MinMaxScaler,
    difference,
    fit_autoregression,
    forecast_one_step,
    forecast_recursive,
    make_windows,
    mape,
    rmse,
    seasonal_naive,
    seasonal_naive_drift,
    undifference,
)


@pytest.fixture
def flights():
    from course_lib.data import load_flights

    return load_flights()["passengers"].to_numpy().astype(float)


def test_make_windows_pairs_each_window_with_what_follows():
    s = np.arange(20.0)
    X, y = make_windows(s, window=12)
    assert X.shape == (8, 12) and y.shape == (8, 1)
    assert X[0].tolist() == list(range(12)) and y[0, 0] == 12
    assert X[-1].tolist() == list(range(7, 19)) and y[-1, 0] == 19
    X, y = make_windows(s, window=5, horizon=3)
    assert X.shape == (13, 5) and y.shape == (13, 3)
    assert y[0].tolist() == [5, 6, 7] and y[-1].tolist() == [17, 18, 19]


def test_make_windows_gives_the_sources_120_training_windows():
    X, y = make_windows(np.zeros(132), window=12)
    assert len(X) == len(y) == 120


def test_make_windows_rejects_short_series_and_bad_sizes():
    with pytest.raises(ValueError, match="too short"):
        make_windows(np.arange(12.0), window=12)
    with pytest.raises(ValueError):
        make_windows(np.arange(20.0), window=0)
    with pytest.raises(ValueError, match="1-D"):
        make_windows(np.zeros((4, 5)))


def test_min_max_scaler_round_trips_and_extrapolates():
    train, later = np.array([100.0, 150.0, 300.0]), np.array([350.0, 50.0])
    scaler = MinMaxScaler().fit(train)
    assert scaler.transform(train).tolist() == [0.0, 0.25, 1.0]
    assert np.allclose(scaler.transform(later), [1.25, -0.25])  # fitted on train only
    assert np.allclose(scaler.inverse_transform(scaler.transform(later)), later)
    assert np.allclose(MinMaxScaler().fit_transform(later), [1.0, 0.0])
    with pytest.raises(RuntimeError):
        MinMaxScaler().transform(train)
    with pytest.raises(ValueError):
        MinMaxScaler().fit([3.0, 3.0])


def test_difference_and_undifference_are_inverses():
    rng = np.random.default_rng(1)
    s = rng.normal(size=40).cumsum()
    for lag in (1, 12):
        d = difference(s, lag)
        assert len(d) == len(s) - lag
        assert np.allclose(undifference(d[20:], s[: 20 + lag], lag), s[20 + lag :])
    with pytest.raises(ValueError):
        undifference([1.0], [1.0, 2.0], lag=12)


def test_seasonal_naive_repeats_the_last_season():
    history = np.arange(24.0)
    assert seasonal_naive(history, 14, season=12).tolist() == [*range(12, 24), 12, 13]
    with pytest.raises(ValueError):
        seasonal_naive(np.arange(5.0), 3, season=12)


def test_seasonal_naive_drift_adds_the_mean_seasonal_change():
    # two seasons of 4: the second is the first + 10, so the drift is 10
    history = np.array([1.0, 2.0, 3.0, 4.0, 11.0, 12.0, 13.0, 14.0])
    assert seasonal_naive_drift(history, 6, season=4).tolist() == [21, 22, 23, 24, 31, 32]
    # a third season + 2: the last season's drift is 2, the whole history's is 6
    history = np.r_[history, history[-4:] + 2]
    assert np.allclose(seasonal_naive_drift(history, 4, season=4), history[-4:] + 2)
    whole = seasonal_naive_drift(history, 4, season=4, drift_seasons=None)
    assert np.allclose(whole, history[-4:] + 6)
    with pytest.raises(ValueError):
        seasonal_naive_drift(np.arange(4.0), 2, season=4)


def test_baselines_on_1960_match_the_issue(flights):
    history, test = flights[:132], flights[132:]
    naive = seasonal_naive(history, 12)
    drift = seasonal_naive_drift(history, 12)
    assert round(mape(test, naive), 1) == 10.0 and round(rmse(test, naive), 1) == 50.7
    assert round(mape(test, drift), 1) == 2.9 and round(rmse(test, drift), 1) == 16.8


def test_rmse_and_mape():
    y, y_hat = np.array([100.0, 200.0]), np.array([110.0, 180.0])
    assert mape(y, y_hat) == pytest.approx(10.0)
    assert rmse(y, y_hat) == pytest.approx(np.sqrt((100 + 400) / 2))
    assert rmse(y, y) == 0 and mape(y, y) == 0


def test_forecast_recursive_feeds_predictions_back():
    seen = []

    def step(window):
        seen.append(window.tolist())
        return window[-1] + 1

    out = forecast_recursive(step, [0.0, 1.0, 2.0], steps=4, window=2)
    assert out.tolist() == [3, 4, 5, 6]
    assert seen == [[1, 2], [2, 3], [3, 4], [4, 5]]
    with pytest.raises(ValueError):
        forecast_recursive(step, [1.0], steps=2, window=2)


def test_forecast_one_step_uses_true_values():
    s = np.array([0.0, 1.0, 5.0, 2.0, 7.0])
    out = forecast_one_step(lambda w: w[-1], s, start=2, window=2)
    assert out.tolist() == [1.0, 5.0, 2.0]  # yesterday's true value, not a prediction
    with pytest.raises(ValueError):
        forecast_one_step(lambda w: w[-1], s, start=1, window=2)


def test_recursive_and_one_step_agree_on_a_perfect_model():
    s = 3.0 + 0.5 * np.arange(30)
    step = fit_autoregression(s[:20], window=3)
    assert np.allclose(forecast_recursive(step, s[:20], 10, 3), s[20:])
    assert np.allclose(forecast_one_step(step, s, 20, 3), s[20:])


def test_fit_autoregression_recovers_known_coefficients():
    rng = np.random.default_rng(2)
    s = list(rng.normal(size=2))
    for _ in range(300):
        s.append(0.6 * s[-1] - 0.3 * s[-2] + 1.0)  # noiseless AR(2)
    step = fit_autoregression(np.array(s), window=2)
    w, b = step.coef
    assert np.allclose(w, [-0.3, 0.6]) and np.isclose(b, 1.0)  # oldest value first
    assert step(np.array([1.0, 2.0])) == pytest.approx(-0.3 + 1.2 + 1.0)


# --------------------------------------------------------------------------- figures, widget


def test_plot_forecasts_draws_the_series_and_each_forecast():
    from course_lib.plots import PALETTE, plot_forecasts

    t = 1949 + np.arange(36) / 12
    y = np.sin(np.arange(36))
    ax = plot_forecasts(t, y, {"model": (t[-12:], y[-12:] + 0.1), "naive": (t[-12:], y[-24:-12])})
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[:3] == ["known", "model", "naive"]
    assert ax.get_lines()[0].get_color() == PALETTE["blue"]
    assert ax.get_lines()[1].get_color() == PALETTE["orange"]
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_legend() is not None
    assert plot_forecasts(t, y).get_legend() is None  # one line needs no legend
    plt.close("all")


def test_plot_error_by_horizon_shows_one_line_per_forecast():
    from course_lib.plots import plot_error_by_horizon

    y = np.array([100.0, 100.0, 100.0])
    seeds = [[101.0, 98.0, 110.0], [99.0, 100.0, 100.0]]  # one forecast per row: errors averaged
    ax = plot_error_by_horizon(y, {"a": [101.0, 98.0, 110.0], "b": seeds})
    a, b = (line.get_ydata() for line in ax.get_lines())
    assert np.allclose(a, [1.0, 2.0, 10.0]) and np.allclose(b, [1.0, 1.0, 5.0])
    assert ax.get_legend() is not None
    plt.close("all")


def seasonal_series(n=96):
    """A trend plus a fixed, irregular 12-month pattern: next = 12 months ago + 12, exactly."""
    pattern = np.random.default_rng(3).uniform(-20, 20, 12)
    return 200 + pattern[np.arange(n) % 12] + np.arange(n)


def test_window_horizon_forecast_and_figure():
    from course_lib.widgets import plot_window_horizon, window_horizon_forecast

    s = seasonal_series()
    out = window_horizon_forecast(s, window=12, horizon=6, log=False)
    assert out["recursive"].shape == (6,) and out["one_step"].shape == (6,)
    assert out["n_windows"] == 96 - 6 - 12
    assert out["recursive_mape"] < 1e-6 and out["one_step_mape"] < 1e-6  # exact AR fits
    short = window_horizon_forecast(s, window=3, horizon=12, log=False)
    assert short["recursive_mape"] > 1.0  # a 3-month window cannot see the season
    ax = plot_window_horizon(s, window=3, horizon=12, log=False, start=1949)
    assert "MAPE" in ax.get_title() and ax.get_legend() is not None
    assert ax.forecast["recursive_mape"] == pytest.approx(short["recursive_mape"])
    plt.close("all")


def test_window_horizon_widget_redraws():
    from course_lib.widgets import window_horizon_widget

    s = seasonal_series()
    w = window_horizon_widget(s, start=1949)
    names = [c.description for c in w.children[:3]]
    assert names == ["window", "horizon", "log scale"]
    w.children[0].value = 6
    w.children[1].value = 18
    assert w.kwargs["window"] == 6 and w.kwargs["horizon"] == 18
    plt.close("all")
