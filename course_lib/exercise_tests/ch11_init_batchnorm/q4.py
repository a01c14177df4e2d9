from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_q4_small_cases(balanced_accuracy, best_threshold):
    import numpy as np
    assert balanced_accuracy(np.array([0, 0, 0, 1]), np.array([0, 0, 1, 1])) == 0.75
    p, y = (np.array([0.1, 0.2, 0.3, 0.4]), np.array([0, 0, 1, 1]))
    assert isinstance(best_threshold(p, y, [0.05, 0.25, 0.35]), float)

