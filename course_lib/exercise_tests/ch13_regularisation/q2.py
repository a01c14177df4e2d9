from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_q2_shapes_and_no_dropout(dropout_var, neuron_var):
    import numpy as np
    assert np.shape(dropout_var(np.array([1.0, 2.0]), 0.5)) == (2,)
    assert abs(dropout_var(3.0, 0.0)) < 1e-12, 'no dropout, no noise'
    assert isinstance(neuron_var(np.ones(3), np.ones(3), 0.5), float)

