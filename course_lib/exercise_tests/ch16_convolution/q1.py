from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_the_7x7_examples(output_side):
    assert output_side(7, 3) == 5 and output_side(7, 3, stride=2) == 3
    assert output_side(7, 3, pad=1) == 7, 'padding 1 keeps a 7x7 input at 7x7'
    assert isinstance(output_side(7, 3), int), 'return an int'

@test_case(points=None, hidden=False)
def test_q1_a_stride_that_does_not_fit(output_side):
    try:
        output_side(7, 3, stride=3)
    except ValueError:
        return
    raise AssertionError('a 3x3 filter at stride 3 does not fit 7x7: raise a ValueError')

@test_case(points=None, hidden=False)
def test_q1_lenet_is_a_list_of_five_sides(lenet_sides):
    assert len(lenet_sides) == 5, 'one side per layer: conv, pool, conv, pool, conv'

