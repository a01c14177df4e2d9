from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_answers_have_the_right_form(factor_slowest, steps_predicted, steps_measured):
    assert 0 < float(factor_slowest) < 1, 'a factor that shrinks the distance'
    assert int(steps_predicted) == steps_predicted and steps_predicted > 0
    assert int(steps_measured) == steps_measured and steps_measured > 0

