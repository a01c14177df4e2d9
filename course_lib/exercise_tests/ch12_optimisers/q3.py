from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_prediction_and_diverges(prediction, diverges):
    assert prediction in ('smaller', 'same', 'larger'), f'prediction must be "smaller", "same" or "larger", got {prediction!r}'
    assert diverges(0.5, 0.0)
    assert not diverges(0.01, 0.0)
    assert not diverges(0.01, 0.9)

@test_case(points=None, hidden=False)
def test_q3_limits_cover_the_momenta(limits, MOMENTA):
    assert sorted(limits) == sorted(MOMENTA)
    assert abs(limits[0.0] - 0.08) < 0.002, "plain SGD: the chapter's 2 / 25"

