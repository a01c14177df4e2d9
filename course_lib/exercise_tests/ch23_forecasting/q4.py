from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_q4_prediction_is_one_of_three(prediction):
    assert prediction in ('lower', 'higher', 'about the same'), f'prediction must be "lower", "higher" or "about the same", got {prediction!r}'

@test_case(points=None, hidden=False)
def test_q4_shapes_of_the_results(mapes_minmax, mapes_standard, peaks_minmax, peaks_standard):
    for name, v in [('mapes_minmax', mapes_minmax), ('mapes_standard', mapes_standard)]:
        assert len(v) == 2, f'{name}: two MAPEs, one per seed (0 and 1)'
        assert all((0 < float(m) < 100 for m in v)), f'{name} = {v}: MAPEs in percent'
    for name, v in [('peaks_minmax', peaks_minmax), ('peaks_standard', peaks_standard)]:
        assert len(v) == 2, f'{name}: two peaks, one per seed (0 and 1)'
        assert all((100 < float(p) < 2000 for p in v)), f'{name} = {v}: peaks in passengers'

