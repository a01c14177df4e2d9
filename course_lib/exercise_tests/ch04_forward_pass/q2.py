from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_q2_the_chapters_networks(deep_parameters):
    got = deep_parameters(784, 100, 1, 10)
    assert got == 79510, f'784-100-10 has 79,510 parameters (see the chapter), got {got}'
    assert deep_parameters(784, 784, 1, 10) == 623290

@test_case(points=None, hidden=False)
def test_q2_answers_are_whole_numbers(layers_in_budget, side_over_a_billion):
    for name, v in [('layers_in_budget', layers_in_budget), ('side_over_a_billion', side_over_a_billion)]:
        assert isinstance(v, int) and v > 0, f'{name} must be a positive int, got {v!r}'

