from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_q2_lenets_first_layer(conv_params):
    assert conv_params(1, 6, 5) == 156, "LeNet-5's C1: 6 filters of 5x5 plus 6 biases"
    assert conv_params(1, 6, 5, bias='none') == 150
    assert conv_params(1, 6, 5, bias='untied', in_size=32) == 150 + 6 * 28 * 28, 'untied: 28x28 maps'

@test_case(points=None, hidden=False)
def test_q2_total_is_a_count(cifar_net_params):
    import numpy as np
    assert isinstance(cifar_net_params, int | np.integer) and cifar_net_params > 100000

