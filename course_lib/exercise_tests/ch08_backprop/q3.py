from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_q3_one_number_per_size(measured, predicted_rel_error, SIZES):
    assert set(measured) == set(SIZES), 'one entry per N in SIZES'
    for N in SIZES:
        assert isinstance(measured[N], float), 'Python floats, please'
        assert 0 <= measured[N] <= 2, 'a relative error with this formula lies in [0, 2]'
        assert isinstance(predicted_rel_error(N), float | int)

