from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_q5_shapes_and_formula(small_val_accuracies, binomial_sd, spread, p_dip):
    import numpy as np
    acc = small_val_accuracies(np.array([True, False] * 50), n=10, draws=7, seed=1)
    assert np.shape(acc) == (7,), 'one accuracy per draw'
    assert np.all((acc >= 0) & (acc <= 1))
    assert abs(binomial_sd(0.5, 100) - 0.05) < 1e-12
    assert isinstance(spread, float) and isinstance(p_dip, float)

