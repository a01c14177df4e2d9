from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = [1]

@test_case(points=None, hidden=False)
def test_q4_predictions_and_simple_cases(prediction_diag, prediction_shear, jacobian_norm):
    import numpy as np
    assert prediction_diag in ('grows', 'shrinks', 'stays'), f'prediction_diag must be "grows", "shrinks" or "stays", got {prediction_diag!r}'
    assert prediction_shear in ('above', 'below'), f'prediction_shear must be "above" or "below", got {prediction_shear!r}'
    assert np.isclose(jacobian_norm(np.eye(3), 7), 1.0), "the identity keeps every gradient's size"
    assert np.isclose(jacobian_norm(2 * np.eye(2), 3), 8.0), '2 I over 3 steps multiplies by 8'

