from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_q5_four_norms_each(ce_norms, hinge_norms):
    for name, norms in (('ce_norms', ce_norms), ('hinge_norms', hinge_norms)):
        assert len(norms) == 4, f'{name}: one norm per checkpoint (10, 100, 1000, 5000)'
        assert all((isinstance(v, float) and v > 0 for v in norms)), f'{name}: positive floats'

