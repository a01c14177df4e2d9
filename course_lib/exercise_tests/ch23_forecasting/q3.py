from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_predictions_are_fed_back(recursive_forecast):
    from course_lib.exercises import inside

    @inside
    def forecast_and_windows(recursive_forecast):
        import numpy as np
        seen = []

        def step(window):
            seen.append([float(v) for v in window])
            return window[-1] + 1
        out = recursive_forecast(step, np.array([0.0, 1.0, 2.0]), 4, window=2)
        return (np.asarray(out).tolist(), seen)
    out, seen = forecast_and_windows(recursive_forecast)
    assert out == [3, 4, 5, 6], f'expected [3, 4, 5, 6], got {out}'
    assert seen and seen[-1] == [4, 5], 'the last window must hold the two previous predictions'

@test_case(points=None, hidden=False)
def test_q3_one_step_uses_true_values(one_step_forecast):
    import numpy as np
    out = np.asarray(one_step_forecast(lambda w: w[-1], np.array([0.0, 1.0, 5.0, 2.0]), 2, 2))
    assert out.tolist() == [1.0, 5.0], f'expected the previous true values [1, 5], got {out}'

@test_case(points=None, hidden=False)
def test_q3_measurements_are_percentages(mape_year1, mape_year2, one_step_mape_year2):
    for name, v in [('mape_year1', mape_year1), ('mape_year2', mape_year2), ('one_step_mape_year2', one_step_mape_year2)]:
        assert 0 < float(v) < 100, f'{name} = {v}: a MAPE in percent, between 0 and 100'

