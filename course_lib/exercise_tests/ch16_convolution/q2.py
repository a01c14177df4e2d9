from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_q2_the_x_image(conv2d_single):
    import numpy as np
    x = np.array([[255, 0, 0, 0, 255], [0, 255, 0, 255, 0], [0, 0, 255, 0, 0], [0, 255, 0, 255, 0], [255, 0, 0, 0, 255]])
    k = np.array([[-1, -1, -1], [-1, 2, -1], [-1, -1, -1]])
    out = np.asarray(conv2d_single(x, k))
    assert out.shape == (3, 3), f'a 3x3 filter on a 5x5 image gives 3x3, got {out.shape}'
    assert out[1, 1] == -510 and out[0, 0] == 0

@test_case(points=None, hidden=False)
def test_q2_stride_and_padding_change_the_shape(conv2d_single):
    import numpy as np
    out = np.asarray(conv2d_single(np.ones((6, 6)), np.ones((3, 3)), stride=2, pad=1))
    assert out.shape == (3, 3), f'(6 - 3 + 2) // 2 + 1 = 3, got shape {out.shape}'
    assert out[0, 0] == 4, 'the corner window covers 4 real pixels and 5 padding zeros'

