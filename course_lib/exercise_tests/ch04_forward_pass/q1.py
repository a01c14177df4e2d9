from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_a_network_by_hand(forward):
    import numpy as np
    Ws = [np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([[1.0, 1.0]])]
    bs = [np.array([0.0, 1.0]), np.array([0.5])]
    X = np.array([[1.0, 2.0], [0.0, -0.5]])
    relu = lambda z: np.maximum(z, 0)
    out = forward(X, Ws, bs, activation=relu)
    assert out is not None and np.shape(out) == (2, 1), 'one output per example: (N, n_L)'
    assert np.allclose(out, [[6.5], [0.5]]), out

@test_case(points=None, hidden=False)
def test_q1_torch_net_and_difference(torch_net, q1_difference):
    from torch import nn
    assert isinstance(torch_net, nn.Sequential), 'torch_net is an nn.Sequential'
    assert isinstance(q1_difference, float) and q1_difference >= 0

