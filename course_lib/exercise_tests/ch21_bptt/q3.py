from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_finite_differences(elman_grads):
    import numpy as np
    from course_lib.gradcheck import numerical_gradient, rel_error
    x, y = (np.array([1.0, 2.0, 3.0, 4.0]), np.array([0.2, 0.4, 0.6, 0.8]))

    def loss(w):
        h, total = (0.0, 0.0)
        for xt, yt in zip(x, y):
            h = np.tanh(w[0] * xt + w[1] * h)
            total += 0.5 * (w[2] * h - yt) ** 2
        return total
    w = np.array([0.5, 0.7, 0.9])
    got = elman_grads(x, y, tuple(w))
    assert got is not None and np.shape(got) == (3,), 'return an array of 3 gradients'
    err = rel_error(got, numerical_gradient(loss, w.copy()))
    assert err < 1e-06, f'relative error {err:.1e} against finite differences'

