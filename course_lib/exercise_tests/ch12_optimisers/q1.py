from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_first_step_and_defaults(momentum_update):
    import numpy as np
    w = np.zeros(3)
    new, config = momentum_update(w, np.array([1.0, 1.0, 1.0]), {'learning_rate': 0.3})
    assert np.allclose(config['velocity'], -0.3) and np.allclose(new, -0.3)
    assert config['momentum'] == 0.9
    assert np.array_equal(w, np.zeros(3)), 'the input array is left as it was'
    _, config = momentum_update(np.ones(2), np.ones(2))
    assert config['learning_rate'] == 0.01

