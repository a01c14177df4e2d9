from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_q4_prediction_is_one_of_three(prediction):
    assert prediction in ('lower', 'higher', 'about the same'), f'prediction must be "lower", "higher" or "about the same", got {prediction!r}'

@test_case(points=None, hidden=False)
def test_q4_scalers_and_results(scaler_train, scaler_all, mapes_train_scaler, mapes_all_scaler):
    assert scaler_train.hi < scaler_all.hi, 'scaler_all must also see 1959, whose peak is higher'
    for name, v in [('mapes_train_scaler', mapes_train_scaler), ('mapes_all_scaler', mapes_all_scaler)]:
        assert len(v) == 2, f'{name}: two MAPEs, one per seed (0 and 1)'
        assert all((0 < float(m) < 100 for m in v)), f'{name} = {v}: MAPEs in percent'

