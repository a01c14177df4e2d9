from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_small_example(rnn_step):
    import numpy as np
    x, h_prev = (np.array([[1.0, 0.0]]), np.array([[0.5, -0.5]]))
    Wx, Wh, b = (np.array([[0.1, 0.2], [0.3, 0.4]]), np.eye(2), np.array([0.0, 0.1]))
    h = rnn_step(x, h_prev, Wx, Wh, b)
    assert h is not None, 'rnn_step returned None'
    assert np.shape(h) == (1, 2), f'expected shape (1, 2), got {np.shape(h)}'
    assert np.allclose(h, [[0.53705, -0.19738]], atol=1e-05), f'got {h}'

