from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_cat_car_frog(hinge_loss):
    import numpy as np
    scores = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
    result = hinge_loss(scores, np.array([0, 1, 2]))
    assert isinstance(result, tuple) and len(result) == 2, 'return (loss, dscores)'
    loss, dscores = result
    assert abs(loss - (2.9 + 0 + 12.9) / 3) < 1e-09, f'loss {loss}, expected the mean of 2.9, 0, 12.9'
    assert np.shape(dscores) == scores.shape, 'dscores has the shape of scores'

