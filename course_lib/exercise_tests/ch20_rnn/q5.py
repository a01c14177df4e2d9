from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_q5_is_a_fixed_point(fixed_point):
    import numpy as np
    assert fixed_point > 0.1, 'the positive fixed point (0 is one too, but not this one)'
    assert abs(np.tanh(1.5 * fixed_point) - fixed_point) < 1e-06

