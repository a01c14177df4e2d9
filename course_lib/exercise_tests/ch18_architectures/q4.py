from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_q4_stride_one_matches_the_chapter(receptive_field):
    assert receptive_field([(3, 1)] * 3) == 7, 'three 3x3 layers with stride 1 see 7x7'
    assert receptive_field([(2, 1), (2, 1)]) == 3, 'two 2x2 layers with stride 1 see 3x3'

@test_case(points=None, hidden=False)
def test_q4_vgg16_field_is_an_int(vgg16_field):
    assert int(vgg16_field) == vgg16_field and vgg16_field > 7

