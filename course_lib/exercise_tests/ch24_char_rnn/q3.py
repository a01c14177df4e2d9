from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = [0.5, 0.5]

@test_case(points=None, hidden=False)
def test_q3_temperature_one_is_the_bigram(tempered_loss, bigram, prev, nxt):
    import numpy as np
    plain = -np.log(bigram[prev, nxt]).mean()
    assert abs(tempered_loss(bigram, prev, nxt, 1.0) - plain) < 1e-09, 'T = 1 leaves P unchanged'

@test_case(points=None, hidden=False)
def test_q3_best_t_is_the_minimum(val_losses, best_T, temperatures):
    assert set(val_losses) == set(temperatures), 'one loss for every temperature'
    assert best_T in temperatures and val_losses[best_T] == min(val_losses.values())

