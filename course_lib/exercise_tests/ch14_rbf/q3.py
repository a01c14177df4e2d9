from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_has_the_three_factors(val_errors):
    assert set(val_errors) == {0.5, 1.0, 2.0}
    assert all((float(v) > 0 for v in val_errors.values()))

