from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=None, hidden=False)
def test_q5_dilating_a_kernel(dilate_kernel):
    import numpy as np
    w = np.arange(1.0, 5.0).reshape(1, 1, 2, 2)
    out = np.asarray(dilate_kernel(w, 3))
    assert out.shape == (1, 1, 4, 4), f'2x2 at dilation 3 covers 4x4, got {out.shape}'
    assert out[0, 0, 0, 3] == 2 and out[0, 0, 3, 3] == 4 and (out.sum() == w.sum())
    assert np.array_equal(dilate_kernel(w, 1), w)
    wide = np.asarray(dilate_kernel(np.ones((2, 1, 3, 2)), 2))
    assert wide.shape == (2, 1, 5, 3), f'a 3x2 kernel at dilation 2 covers 5x3, got {wide.shape}'

@test_case(points=None, hidden=False)
def test_q5_dilated_output_shape(conv_dilated):
    import numpy as np
    out = conv_dilated(np.zeros((2, 3, 9, 9)), np.zeros((4, 3, 3, 3)), np.zeros(4), 2)
    assert np.shape(out) == (2, 4, 5, 5), f'9 - 5 + 1 = 5: expected (2, 4, 5, 5), got {np.shape(out)}'

@test_case(points=None, hidden=False)
def test_q5_measurements_are_numbers(dilated_rf, dilated_weights, dense_weights):
    for name, v in [('dilated_rf', dilated_rf), ('dilated_weights', dilated_weights), ('dense_weights', dense_weights)]:
        assert int(v) == v and v > 0, f'{name} = {v!r}: a positive whole number'

