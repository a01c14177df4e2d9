from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_training_split_is_standardised(standardise, X_tr, X_va):
    import numpy as np
    Z_tr, Z_va = standardise(X_tr, X_va)
    assert Z_tr.shape == X_tr.shape and Z_va.shape == X_va.shape
    assert np.allclose(Z_tr.mean(0), 0) and np.allclose(Z_tr.std(0, ddof=1), 1)

