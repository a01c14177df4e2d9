from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_learns_the_blobs(sgd_epoch_own, MLP, X_blobs, y_blobs):
    import numpy as np
    model = MLP([2, 16, 3], seed=0)
    rng = np.random.default_rng(0)
    losses = [sgd_epoch_own(model, X_blobs, y_blobs, 32, 0.1, rng) for _ in range(3)]
    assert all((isinstance(v, float) for v in losses)), "return the epoch's loss as a Python float"
    assert losses[-1] < losses[0], f'the loss should fall from epoch to epoch: {losses}'

