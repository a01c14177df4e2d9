from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_q2_shapes_and_finite_differences(rbf_grads):
    import numpy as np
    rng = np.random.default_rng(3)
    x, y = (rng.uniform(0, 1, 12), rng.normal(0, 1, 12))
    c, gamma, w, b = (np.array([0.2, 0.7]), np.array([20.0, 5.0]), np.array([1.0, -0.5]), 0.1)
    loss, dc, dgamma, dw, db = rbf_grads(x, y, c, gamma, w, b)
    assert np.shape(dc) == (2,) and np.shape(dgamma) == (2,) and (np.shape(dw) == (2,))
    h = 1e-06
    for j in range(2):
        cp, cm = (c.copy(), c.copy())
        cp[j] += h
        cm[j] -= h
        num = (rbf_grads(x, y, cp, gamma, w, b)[0] - rbf_grads(x, y, cm, gamma, w, b)[0]) / (2 * h)
        assert abs(dc[j] - num) < 1e-06 * max(1.0, abs(num)), f'dc[{j}]: {dc[j]} vs {num}'

