from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_q2_forward_and_shapes(normalize_forward, normalize_backward):
    import numpy as np
    x = np.array([[3.0, 4.0], [0.0, -2.0]])
    result = normalize_forward(x)
    assert isinstance(result, tuple) and len(result) == 2, 'return (y, cache)'
    y, cache = result
    assert np.allclose(y, [[0.6, 0.8], [0.0, -1.0]]), f'rows of length 1 expected, got {y}'
    dx = normalize_backward(np.ones_like(x), cache)
    assert np.shape(dx) == x.shape, 'dx has the shape of x'

