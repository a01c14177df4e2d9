from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_q2_majority_and_tie(knn_predict):
    import numpy as np
    y_train = np.array([3, 5, 5, 3, 1])
    dists = np.array([[0.1, 0.2, 0.3, 0.4, 0.5]])
    assert list(knn_predict(dists, y_train, 1)) == [3]
    assert list(knn_predict(dists, y_train, 3)) == [5], 'two votes for 5, one for 3'
    assert list(knn_predict(dists, y_train, 4)) == [3], 'a 2-2 tie goes to the nearest (3)'

@test_case(points=None, hidden=False)
def test_q2_validation_accuracy(acc_5nn):
    assert isinstance(acc_5nn, float) and 0.1 < acc_5nn < 0.6

