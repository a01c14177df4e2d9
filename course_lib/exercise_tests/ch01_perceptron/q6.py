from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 3

@test_case(points=None, hidden=False)
def test_q6_matches_finite_differences(bce_grad):
    import numpy as np
    from course_lib.gradcheck import numerical_gradient, rel_error
    rng = np.random.default_rng(3)
    X, y = (rng.normal(size=(8, 2)), rng.integers(0, 2, 8).astype(float))
    p = np.array([0.4, -0.3, 0.2])

    def loss(q):
        a = 1 / (1 + np.exp(-(X @ q[:2] + q[2])))
        return -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a))
    num = numerical_gradient(loss, p.copy())
    dw, db = bce_grad(p[:2], p[2], X, y)
    err = rel_error(np.r_[np.ravel(dw), np.ravel(db)], num)
    assert err < 1e-06, f'relative error {err:.1e} against finite differences (should be < 1e-6)'

