from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_q2_zero_scores(sigmoid_ce_loss):
    import numpy as np
    result = sigmoid_ce_loss(np.zeros((4, 10)), np.array([0, 3, 9, 3]))
    assert isinstance(result, tuple) and len(result) == 2, 'return (loss, dscores)'
    loss, dscores = result
    assert isinstance(loss, float), 'the loss is a Python float'
    assert np.shape(dscores) == (4, 10), 'dscores has the shape of scores'
    assert abs(loss - 10 * np.log(2)) < 1e-09, f'expected 10 ln 2 = {10 * np.log(2):.4f}, got {loss}'

