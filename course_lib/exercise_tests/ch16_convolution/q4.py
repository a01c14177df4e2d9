from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_q4_forward_on_a_small_signal(conv1d_forward):
    import numpy as np
    y, _ = conv1d_forward(np.arange(6.0)[None], np.array([1.0, -1.0]), 0.0, stride=1)
    assert np.allclose(y, [[-1, -1, -1, -1, -1]]), f'x[i] - x[i+1] = -1 everywhere, got {y}'
    y, _ = conv1d_forward(np.arange(7.0)[None], np.array([1.0, 1.0, 1.0]), 1.0, stride=2)
    assert np.allclose(y, [[4, 10, 16]]), f'sums of 3 values + 1 at positions 0, 2, 4; got {y}'
    y, _ = conv1d_forward(np.arange(7.0)[None], np.array([1.0, 1.0]), 0.0, dilation=3)
    assert np.allclose(y, [[3, 5, 7, 9]]), f'x[i] + x[i+3] at dilation 3; got {y}'

@test_case(points=None, hidden=False)
def test_q4_gradient_shapes(conv1d_forward, conv1d_backward):
    import numpy as np
    x, w = (np.ones((3, 10)), np.ones(4))
    y, cache = conv1d_forward(x, w, 0.0, stride=3)
    dx, dw, db = conv1d_backward(np.ones_like(y), cache)
    assert np.shape(dx) == (3, 10) and np.shape(dw) == (4,) and (np.size(db) == 1)
    y, _ = conv1d_forward(x, np.ones(3), 0.0, stride=2, dilation=2)
    assert np.shape(y) == (3, 3), f'(10 - 2 * 2 - 1) // 2 + 1 = 3 outputs, got {np.shape(y)}'
    assert np.isclose(float(db), y.size), 'db sums the upstream gradient over every output'

