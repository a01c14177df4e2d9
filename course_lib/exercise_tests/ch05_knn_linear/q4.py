from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_q4_prediction_made(prediction, PREPROCESS):
    assert set(prediction) == set(PREPROCESS), 'one prediction per preprocessing'
    assert all((v in ('same', 'different') for v in prediction.values()))

@test_case(points=None, hidden=False)
def test_q4_measurements_recorded(val_acc, agree, PREPROCESS):
    assert set(val_acc) == set(PREPROCESS) and set(agree) == set(PREPROCESS)
    assert all((isinstance(v, float) and 0 <= v <= 1 for v in [*val_acc.values(), *agree.values()]))
    assert agree['raw pixels'] == 1.0

