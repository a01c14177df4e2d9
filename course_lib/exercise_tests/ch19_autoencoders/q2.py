from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_q2_stride_one_grows_by_kernel_minus_one(transposed_size):
    assert transposed_size(5, 3) == 7, 'stride 1, no padding: 5 values -> 5 + 3 - 1 = 7'

@test_case(points=None, hidden=False)
def test_q2_answers_have_the_right_form(decoder_sizes, k4_padding, k4_output_padding):
    assert len(decoder_sizes) == 3, 'one size per transposed convolution'
    assert decoder_sizes[-1] == 28, 'the decoder ends at 28 x 28'
    assert k4_padding in (0, 1) and k4_output_padding in (0, 1)

