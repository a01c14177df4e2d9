from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_train_and_test(dropout_own):
    import numpy as np
    x = np.ones((200, 300))
    out, mask = dropout_own(x, 0.5, True, np.random.default_rng(0))
    assert out.shape == x.shape and mask.shape == x.shape
    assert set(np.unique(out)) <= {0.0, 2.0}, 'kept units are divided by 1 - p'
    assert abs(out.mean() - 1) < 0.02, 'inverted dropout keeps the mean'
    same, none = dropout_own(x, 0.5, False, np.random.default_rng(0))
    assert none is None and np.array_equal(same, x)

