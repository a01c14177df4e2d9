from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_q4_one_entry_per_batch_size(val_loss, seconds, best_batch, BATCHES):
    assert sorted(val_loss) == sorted(BATCHES) and sorted(seconds) == sorted(BATCHES)
    assert all((0 < float(v) < 2.31 for v in val_loss.values())), 'below the loss of zero weights'
    assert best_batch in BATCHES

