from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_shapes(affine_backward_own):
    import numpy as np
    x, w, dout = (np.ones((4, 3)), np.ones((3, 2)), np.ones((4, 2)))
    result = affine_backward_own(dout, x, w)
    assert isinstance(result, tuple) and len(result) == 3, 'return (dx, dw, db)'
    dx, dw, db = result
    assert np.shape(dx) == (4, 3) and np.shape(dw) == (3, 2) and (np.shape(db) == (2,)), 'each gradient has the shape of its variable: dx (N, D), dw (D, M), db (M,)'

