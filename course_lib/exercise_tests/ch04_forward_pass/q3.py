from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_prediction_is_six_shapes(predicted_shapes, predicted_params):
    assert isinstance(predicted_shapes, list) and len(predicted_shapes) == 6, 'one shape per layer'
    for s in predicted_shapes:
        assert isinstance(s, tuple) and all((isinstance(d, int) for d in s)), f'{s!r}: a tuple of ints'
    assert isinstance(predicted_params, int) and predicted_params >= 0

@test_case(points=None, hidden=False)
def test_q3_shapes_of_a_small_network(layer_shapes):
    import torch
    from torch import nn
    model = nn.Sequential(nn.Flatten(), nn.Linear(12, 5), nn.ReLU(), nn.Linear(5, 2))
    assert layer_shapes(model, torch.zeros(4, 3, 2, 2)) == [(4, 12), (4, 5), (4, 5), (4, 2)]

