from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_one_dimension(sq_distance_mean, sq_distance_sd):
    assert isinstance(sq_distance_mean(1), float) and isinstance(sq_distance_sd(1), float)
    assert abs(sq_distance_mean(1) - 1 / 6) < 1e-09, 'E[(u - v)^2] for one coordinate'

@test_case(points=None, hidden=False)
def test_q3_measurements_recorded(measured_mean, measured_sd, DIMS):
    assert set(measured_mean) == set(DIMS) and set(measured_sd) == set(DIMS)
    assert all((isinstance(v, float) and v > 0 for v in [*measured_mean.values(), *measured_sd.values()]))

