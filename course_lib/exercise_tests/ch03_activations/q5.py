from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_q5_dead_units_on_a_small_layer(dead_units):
    import torch
    from torch import nn
    layer = nn.Linear(2, 3)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[1.0, 0.0], [-1.0, 0.0], [0.0, 0.0]]))
        layer.bias.copy_(torch.tensor([0.0, -5.0, 0.0]))
    X = torch.tensor([[1.0, 2.0], [3.0, -1.0], [-2.0, 0.5]])
    assert dead_units(layer, X) == 2

@test_case(points=None, hidden=False)
def test_q5_models_and_counts(model_default, model_bias, dead_default, dead_bias):
    assert 0 <= int(dead_default) <= 256 and 0 <= int(dead_bias) <= 256
    assert model_default is not model_bias, 'two separately trained models'

