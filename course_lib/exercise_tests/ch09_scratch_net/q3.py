from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_q3_counts(distinct_hidden_units, start, measured, STARTS):
    import numpy as np
    model = start('both')
    assert np.all(model.params['W1'] == 1) and np.all(model.params['W2'] == 1), 'both layers all ones'
    n = distinct_hidden_units(model)
    assert isinstance(n, int), 'return a Python int'
    assert n == 1, 'before training, all-ones weights and zero biases make 1 distinct unit'
    assert set(measured) == set(STARTS), 'one entry per start'

