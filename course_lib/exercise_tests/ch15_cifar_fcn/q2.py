from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_q2_the_chapters_network(fc_parameters):
    got = fc_parameters([3072, 256, 10])
    assert got == 789258, f'3072-256-10 has 789,258 parameters (see the chapter), got {got}'

@test_case(points=None, hidden=False)
def test_q2_width_is_an_integer(widest_under_a_million):
    assert isinstance(widest_under_a_million, int) and widest_under_a_million > 0

