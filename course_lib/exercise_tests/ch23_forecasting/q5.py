from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_q5_constant_growth(log_drift_forecast):
    import numpy as np
    year = np.linspace(100, 155, 12)
    out = np.asarray(log_drift_forecast(np.r_[year, 1.1 * year], steps=12))
    assert out.shape == (12,), f'12 values expected, got shape {out.shape}'
    assert np.allclose(out, 1.21 * year), '10 % growth every year: the next year is 1.1 x 1.1 x'

