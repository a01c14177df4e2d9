from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = [0.5, 0.5]

@test_case(points=None, hidden=False)
def test_q2_correct_prediction_changes_nothing(perceptron_update):
    import numpy as np
    w, b = perceptron_update(np.array([1.0, 1.0]), -1.5, np.array([1, 1]), 1, 1.0)
    assert np.allclose(w, [1, 1]) and np.isclose(b, -1.5), 'a correct prediction must not change w or b'

@test_case(points=None, hidden=False)
def test_q2_missed_firing_moves_towards_x(perceptron_update):
    import numpy as np
    w, b = perceptron_update(np.array([0.0, 0.0]), -1.0, np.array([1, 1]), 1, 1.0)
    assert np.allclose(w, [1, 1]) and np.isclose(b, 0.0), f'expected w=[1 1], b=0, got w={w}, b={b}'

