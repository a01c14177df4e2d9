from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_q2_shape_and_range(he_uniform_bound, he_uniform):
    import numpy as np
    W = he_uniform(50, 20, np.random.default_rng(0))
    assert W.shape == (50, 20)
    assert isinstance(he_uniform_bound(50), float)
    assert np.abs(W).max() <= he_uniform_bound(50)

