from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_q2_two_years_of_a_toy_series(drift_forecast):
    import numpy as np
    past = np.r_[np.arange(12.0), np.arange(12.0) + 5]
    out = np.asarray(drift_forecast(past, steps=14))
    assert out.shape == (14,), f'steps=14 must give 14 values, got shape {out.shape}'
    assert np.allclose(out[:12], np.arange(12.0) + 10), 'year 3 = year 2 + one drift of 5'
    assert np.allclose(out[12:], [15, 16]), 'months 13-14 ahead add two drifts'

