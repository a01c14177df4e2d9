from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_flipped_step_keeps_the_new_share(gru_step_flipped):
    import numpy as np
    D, H = (2, 3)
    Wx, Wh = (np.zeros((D, 3 * H)), np.zeros((H, 3 * H)))
    bx, bh = (np.zeros(3 * H), np.zeros(3 * H))
    bx[H:2 * H] = 50.0
    bx[2 * H:] = 0.5
    h = gru_step_flipped(np.ones((1, D)), np.full((1, H), -0.9), Wx, Wh, bx, bh)
    assert h is not None and np.shape(h) == (1, H), 'return h of shape (N, H)'
    assert np.allclose(h, np.tanh(0.5)), f'with z = 1 the flipped cell should give n, got {h}'

@test_case(points=None, hidden=False)
def test_q3_conversion_matches_pytorch_convention(gru_step_flipped, flip_update_gate):
    import numpy as np
    from course_lib.scratch.recurrent import gru_step_forward
    rng = np.random.default_rng(0)
    N, D, H = (4, 3, 2)
    x, h0 = (rng.normal(size=(N, D)), rng.normal(size=(N, H)))
    p = (rng.normal(size=(D, 3 * H)), rng.normal(size=(H, 3 * H)), rng.normal(size=3 * H), rng.normal(size=3 * H))
    flipped = gru_step_flipped(x, h0, *p)
    converted = flip_update_gate(*p)
    assert converted is not None and len(converted) == 4, 'return (Wx, Wh, bx, bh)'
    assert np.allclose(gru_step_forward(x, h0, *converted)[0], flipped, atol=1e-12)

