from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_q4_prediction_is_one_of_three(prediction):
    assert prediction in ('batch norm', 'augmentation', 'about the same'), f'prediction must be "batch norm", "augmentation" or "about the same", got {prediction!r}'

@test_case(points=None, hidden=False)
def test_q4_four_runs(q4_acc, q4_models):
    keys = {(True, True), (True, False), (False, True), (False, False)}
    assert set(q4_acc) == keys and set(q4_models) == keys, f'keys must be (bn, augmented): {keys}'
    assert all((0.1 < float(a) <= 1 for a in q4_acc.values())), f'accuracies in [0, 1]: {q4_acc}'

