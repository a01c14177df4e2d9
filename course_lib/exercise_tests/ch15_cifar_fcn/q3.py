from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_prediction_is_one_of_three(prediction):
    assert prediction in ('much lower', 'about the same', 'higher'), f'prediction must be "much lower", "about the same" or "higher", got {prediction!r}'

@test_case(points=None, hidden=False)
def test_q3_grey_images(to_grey):
    import torch
    X = torch.rand(4, 3, 32, 32)
    g = to_grey(X)
    assert tuple(g.shape) == (4, 1, 32, 32), f'expected (4, 1, 32, 32), got {tuple(g.shape)}'
    assert torch.allclose(g[:, 0], X.mean(dim=1)), 'grey = the mean of the three channels'

@test_case(points=None, hidden=False)
def test_q3_two_networks_measured(colour_mlp, grey_mlp, colour_acc, grey_acc):
    from torch import nn
    firsts = [[m for m in net.modules() if isinstance(m, nn.Linear)][0] for net in (colour_mlp, grey_mlp)]
    assert [f.in_features for f in firsts] == [3072, 1024], '3072 inputs in colour, 1024 in grey'
    for name, acc in [('colour_acc', colour_acc), ('grey_acc', grey_acc)]:
        assert 0.15 < float(acc) < 1, f'{name} = {acc}: a trained network beats chance (0.1)'

