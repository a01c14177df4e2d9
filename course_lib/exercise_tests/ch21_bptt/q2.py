from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_q2_small_example(rescale_by_norm):
    import numpy as np
    grads = {'a': np.array([3.0]), 'b': np.array([[4.0]])}
    new, norm = rescale_by_norm(grads, 1.0)
    assert np.isclose(norm, 5.0), f'the global norm of (3, 4) is 5, got {norm}'
    assert np.allclose(new['a'], [0.6]) and np.allclose(new['b'], [[0.8]]), f'got {new}'
    same, _ = rescale_by_norm(grads, 10.0)
    assert np.allclose(same['a'], [3.0]), 'below max_norm the gradients must not change'

