from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_a_tiny_layer(conv_cost):
    params, macs = conv_cost(1, 1, 3, 2, 2)
    assert params == 10, f'one 3x3 filter on one channel: 9 weights and 1 bias, got {params}'
    assert macs == 36, f'4 output values, each a dot product of length 9: 36 MACs, got {macs}'
    assert conv_cost(1, 1, 3, 2, 2, bias=False)[0] == 9, 'bias=False: no bias'

@test_case(points=None, hidden=False)
def test_q1_alexnet_conv2_is_a_pair_of_ints(alexnet_conv2):
    assert len(alexnet_conv2) == 2 and all((isinstance(v, int) for v in alexnet_conv2))

