from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_q5_losses_and_chance(untrained_losses, chance_loss):
    assert set(untrained_losses) == {0.1, 1.0, 10.0}, 'one loss per scale'
    assert all((float(v) > 0 for v in untrained_losses.values())), 'a cross-entropy is positive'
    assert abs(chance_loss - 2.302585) < 1e-05, '-log(1/10)'

