from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_two_obvious_clusters(kmeans_1d, width_rule):
    import numpy as np
    x = np.array([0.0, 0.1, 0.2, 5.0, 5.1, 5.2])
    centers = np.sort(np.asarray(kmeans_1d(x, 2, seed=0), dtype=float))
    assert centers.shape == (2,)
    assert np.allclose(centers, [0.1, 5.1])
    assert abs(width_rule(np.array([0.0, 1.0])) - 0.5) < 1e-12, 'd_max 1, k 2: 1 / sqrt(4)'

