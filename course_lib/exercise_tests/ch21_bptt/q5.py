from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = [1]

@test_case(points=None, hidden=False)
def test_q5_shapes_and_a_finite_run(train_rescaled, val_mse, val_plain, val_rescaled):
    import numpy as np
    assert len(val_plain) == 4 and len(val_rescaled) == 4, 'one number per seed 0, 1, 2, 3'
    assert np.all(np.isfinite(val_rescaled)), 'with rescaling no run should overflow'
    assert np.isclose(val_mse(train_rescaled(0)), val_rescaled[0]), 'val_rescaled[0] is seed 0'

