from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_small_example(l2_distances):
    import numpy as np
    A = np.array([[0.0, 0.0], [3.0, 4.0]])
    B = np.array([[0.0, 0.0], [1.0, 0.0], [3.0, 4.0]])
    D = l2_distances(A, B)
    assert np.shape(D) == (2, 3), 'one row per row of A, one column per row of B'
    assert np.allclose(D, [[0.0, 1.0, 5.0], [5.0, np.sqrt(20.0), 0.0]])

