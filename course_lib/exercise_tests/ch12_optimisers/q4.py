from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_q4_cosine_factor_ends(cosine_factor):
    assert abs(cosine_factor(0, 100) - 1.0) < 1e-12
    assert abs(cosine_factor(100, 100)) < 1e-12

@test_case(points=None, hidden=False)
def test_q4_val_acc_shape(val_acc):
    assert set(val_acc) == {'constant', 'cosine'}
    assert all((len(v) == 2 and all((0.0 <= a <= 1.0 for a in v)) for v in val_acc.values()))

