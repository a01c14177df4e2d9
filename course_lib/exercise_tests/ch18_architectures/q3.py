from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_prediction_is_a_fraction(predicted_ratio):
    assert 0 < float(predicted_ratio) <= 1, f'a fraction between 0 and 1, got {predicted_ratio}'

@test_case(points=None, hidden=False)
def test_q3_module_keeps_the_shape(DepthwiseSeparable):
    import torch
    m = DepthwiseSeparable(6, 10, 3)
    x = torch.randn(2, 6, 7, 7, device=next(m.parameters()).device)
    assert tuple(m(x).shape) == (2, 10, 7, 7), 'padding k // 2 keeps the 7x7 size'
    assert m.depthwise.groups == 6 and m.pointwise.kernel_size == (1, 1)
    assert m.depthwise.bias is None and m.pointwise.bias is None, 'no biases'

@test_case(points=None, hidden=False)
def test_q3_measurements_are_fractions(measured_ratio, param_ratio):
    for name, v in [('measured_ratio', measured_ratio), ('param_ratio', param_ratio)]:
        assert 0 < float(v) < 1, f'{name} = {v}: the separable version should be cheaper'

