from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_full_batch_is_one_gradient_step(sgd_epoch, loss_and_grads):
    import numpy as np
    rng = np.random.default_rng(1)
    X, y = (rng.normal(size=(12, 3)), rng.integers(0, 2, size=12))
    params = {'W': np.zeros((3, 2)), 'b': np.zeros(2)}
    new, updates = sgd_epoch(params, X, y, 0.5, 100, np.random.default_rng(0))
    _, grads = loss_and_grads(params, X, y)
    assert updates == 1, 'a batch larger than the data set: one update'
    assert np.allclose(new['W'], -0.5 * grads['W']) and np.allclose(new['b'], -0.5 * grads['b'])

@test_case(points=None, hidden=False)
def test_q1_counts_a_partial_last_batch(sgd_epoch):
    import numpy as np
    rng = np.random.default_rng(2)
    X, y = (rng.normal(size=(10, 3)), rng.integers(0, 2, size=10))
    params = {'W': np.zeros((3, 2)), 'b': np.zeros(2)}
    assert sgd_epoch(params, X, y, 0.1, 4, np.random.default_rng(0))[1] == 3, '4 + 4 + 2'

