from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_predictions_are_whole_numbers(predicted):
    keys = {'1 conv', '2 convs', '3 convs', 'conv-pool-conv'}
    assert set(predicted) == keys, f'predict one number for each of {sorted(keys)}'
    for name, v in predicted.items():
        assert isinstance(v, int) and v > 0, f'{name}: a positive whole number, got {v!r}'

@test_case(points=None, hidden=False)
def test_q3_one_conv_sees_its_kernel(receptive_field):
    from torch import nn
    net = nn.Conv2d(1, 1, kernel_size=5)
    nn.init.constant_(net.weight, 0.04)
    assert receptive_field(net) == 5, 'one 5x5 convolution sees 5x5 input pixels'

@test_case(points=None, hidden=False)
def test_q3_measured_has_the_four_stacks(measured):
    assert set(measured) == {'1 conv', '2 convs', '3 convs', 'conv-pool-conv'}
    assert all((isinstance(v, int) for v in measured.values())), 'whole numbers'

