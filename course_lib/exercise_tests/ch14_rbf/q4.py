from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_q4_nearest_widths_small_case(nearest_widths):
    import numpy as np
    got = np.asarray(nearest_widths(np.array([0.0, 1.0, 3.0, 3.5])), dtype=float)
    assert np.allclose(got, [1.0, 1.0, 0.5, 0.5])

@test_case(points=None, hidden=False)
def test_q4_has_both_k(nn_errors):
    assert set(nn_errors) == {4, 8} and all((float(v) > 0 for v in nn_errors.values()))

