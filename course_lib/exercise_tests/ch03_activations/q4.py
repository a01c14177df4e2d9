from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_q4_prediction_and_form(prediction, mean_grads):
    assert prediction in ('sigmoid', 'tanh', 'softsign'), f'prediction must be "sigmoid", "tanh" or "softsign", got {prediction!r}'
    assert set(mean_grads) == {'sigmoid', 'tanh', 'softsign'}
    assert all((0 < float(v) < 1 for v in mean_grads.values())), 'mean derivatives lie in (0, 1)'

@test_case(points=None, hidden=False)
def test_q4_simple_cases(mean_grad):
    import numpy as np
    assert abs(mean_grad(lambda z: np.ones_like(z), 2.0) - 1) < 1e-06, "the identity: f' = 1"
    assert abs(mean_grad(lambda z: (z > 0).astype(float), 5.0) - 0.5) < 0.001, 'ReLU: half'

