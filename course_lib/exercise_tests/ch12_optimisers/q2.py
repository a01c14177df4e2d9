from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_q2_shapes_and_limits(step_ratio):
    import numpy as np
    r = step_ratio(0.9, 0.999, np.arange(1, 11))
    assert np.shape(r) == (10,), 'one ratio per step'
    assert abs(float(step_ratio(0.9, 0.999, 100000)) - 1.0) < 0.001, 'for large t the moments are unbiased'
    assert abs(float(step_ratio(0.0, 0.0, 5)) - 1.0) < 1e-12, 'no averaging: nothing to correct'

