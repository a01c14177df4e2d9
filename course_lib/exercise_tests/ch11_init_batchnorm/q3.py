from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_shapes(deep_stds, stds_plain, stds_bn, saturated_bn):
    import numpy as np
    s = deep_stds(0.5, True, layers=3, width=8, batch=20, seed=1)
    assert np.shape(s) == (3,)
    assert np.shape(stds_plain) == (10,) and np.shape(stds_bn) == (10,)
    assert isinstance(saturated_bn, float) and 0 <= saturated_bn <= 1

