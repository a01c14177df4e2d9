from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_formulas_behave(sq_distance_mean, sq_distance_sd):
    for d in (1, 100):
        assert isinstance(sq_distance_mean(d), float) and isinstance(sq_distance_sd(d), float)
        assert sq_distance_mean(d) > 0 and sq_distance_sd(d) > 0
    assert sq_distance_sd(100) / sq_distance_mean(100) < sq_distance_sd(1) / sq_distance_mean(1)

@test_case(points=None, hidden=False)
def test_q3_measurements_recorded(measured_mean, measured_sd, DIMS):
    assert set(measured_mean) == set(DIMS) and set(measured_sd) == set(DIMS)
    assert all((isinstance(v, float) and v > 0 for v in [*measured_mean.values(), *measured_sd.values()]))

