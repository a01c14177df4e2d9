from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_finite_differences(step_backward, step_forward):
    import numpy as np
    from course_lib.gradcheck import numerical_gradient_array, rel_error
    rng = np.random.default_rng(0)
    x, h_prev = (rng.normal(size=(2, 3)), rng.normal(size=(2, 4)))
    Wx, Wh, b = (rng.normal(size=(3, 4)), rng.normal(size=(4, 4)) * 0.5, rng.normal(size=4))
    dh = rng.normal(size=(2, 4))
    out = step_backward(dh, step_forward(x, h_prev, Wx, Wh, b)[1])
    assert out is not None and len(out) == 5, 'return (dx, dh_prev, dWx, dWh, db)'
    dWh_num = numerical_gradient_array(lambda W: step_forward(x, h_prev, Wx, W, b)[0], Wh, dh)
    assert np.shape(out[3]) == Wh.shape, f'dWh must have the shape of Wh, {Wh.shape}'
    err = rel_error(out[3], dWh_num)
    assert err < 1e-07, f'dWh: relative error {err:.1e} against finite differences'

