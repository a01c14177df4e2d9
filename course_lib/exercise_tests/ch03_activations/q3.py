from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_matches_finite_differences(silu, silu_grad):
    import numpy as np
    from course_lib.gradcheck import numerical_gradient_array, rel_error
    z = np.linspace(-6, 6, 121)
    num = numerical_gradient_array(silu, z.copy(), np.ones_like(z))
    err = rel_error(np.asarray(silu_grad(z)), num)
    assert err < 1e-07, f'relative error {err:.1e} against finite differences (should be < 1e-7)'

@test_case(points=None, hidden=False)
def test_q3_minimum_is_a_minimum(silu, z_min, silu_min):
    import numpy as np
    assert -3 < float(z_min) < 0, 'the minimum lies between -3 and 0'
    near = np.asarray(silu(np.array([z_min - 0.01, z_min + 0.01])), dtype=float)
    assert np.all(near > float(silu_min)), 'f is larger on both sides of z_min'

