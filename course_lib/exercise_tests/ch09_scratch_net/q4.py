from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_q4_one_accuracy_per_variant(alone, best_alone, VARIANTS):
    assert set(alone) == set(VARIANTS), 'one entry per variant'
    assert all((isinstance(v, float) and 0 <= v <= 1 for v in alone.values())), 'accuracies in [0, 1]'
    assert best_alone in VARIANTS and best_alone != 'source', 'best_alone names one of the fixes'

