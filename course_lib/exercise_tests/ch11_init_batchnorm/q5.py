from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_q5_types(running_mean_after, measured_running_mean, gap_5):
    assert isinstance(running_mean_after(3, 1.0), float)
    assert isinstance(measured_running_mean(2), float)
    assert isinstance(gap_5, float)

