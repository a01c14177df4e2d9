from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_q4_types(accs_plain, accs_shift):
    assert len(accs_plain) == 3 and len(accs_shift) == 3
    for a in accs_plain + accs_shift:
        assert isinstance(a, float) and 0 <= a <= 1, a

