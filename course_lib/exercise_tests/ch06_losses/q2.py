from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_q2_no_smoothing_is_the_cross_entropy(smooth_cross_entropy):
    import numpy as np
    scores = np.array([[3.2, 5.1, -1.7]])
    result = smooth_cross_entropy(scores, np.array([0]), 0.0)
    assert isinstance(result, tuple) and len(result) == 2, 'return (loss, dscores)'
    loss, dscores = result
    assert abs(loss - 2.0404) < 0.001, f"with eps = 0 the cat image's loss is 2.0404, got {loss}"
    assert np.shape(dscores) == scores.shape

