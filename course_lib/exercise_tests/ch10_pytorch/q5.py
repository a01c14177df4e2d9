from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_q5_rate_formulas(matmul_gflops, add_gflops):
    assert abs(matmul_gflops(1000, 2.0) - 1.0) < 1e-09, '2 n^3 operations, in units of 1e9 per second'
    assert abs(add_gflops(1000, 0.001) - 1.0) < 1e-09, 'n^2 operations, in units of 1e9 per second'

@test_case(points=None, hidden=False)
def test_q5_measured(matmul_seconds, add_seconds, matmul_rate, add_rate):
    for name, v in [('matmul_seconds', matmul_seconds), ('add_seconds', add_seconds), ('matmul_rate', matmul_rate), ('add_rate', add_rate)]:
        assert float(v) > 0, f'{name} must be a positive number, got {v}'

