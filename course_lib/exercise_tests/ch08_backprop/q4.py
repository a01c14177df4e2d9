from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_q4_reports_every_parameter(errors, fixed_errors, buggy, params):
    for name, result in (('errors', errors), ('fixed_errors', fixed_errors)):
        assert set(result) == set(params), f'{name}: one relative error per parameter'
        assert all((isinstance(v, float) for v in result.values())), f'{name}: Python floats'
    assert buggy in params, 'buggy is one of the names in params'

