from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_small_example(windows):
    import numpy as np
    X, y = windows(np.arange(6.0), window=3)
    assert np.shape(X) == (3, 3) and np.shape(y) == (3,), f'6 values, window 3: X must be (3, 3) and y (3,), got {np.shape(X)} and {np.shape(y)}'
    assert np.asarray(X)[0].tolist() == [0, 1, 2] and np.asarray(y).tolist() == [3, 4, 5]

@test_case(points=None, hidden=False)
def test_q1_count_is_an_integer(n_source_windows):
    import numpy as np
    assert isinstance(n_source_windows, int | np.integer) and n_source_windows > 0

