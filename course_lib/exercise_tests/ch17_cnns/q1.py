from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_shapes_and_stages(LeNet5):
    import torch
    model = LeNet5()
    for stage in ('C1', 'S2', 'C3', 'S4', 'C5', 'F6', 'output'):
        assert hasattr(model, stage), f'LeNet5 needs a stage called {stage}'
    x = torch.zeros(2, 1, 28, 28)
    assert tuple(model(x).shape) == (2, 10), '28x28 images in, 10 scores per image out'
    assert tuple(model.S4(model.C3(model.S2(model.C1(x)))).shape) == (2, 16, 5, 5)

@test_case(points=None, hidden=False)
def test_q1_criterion(criterion):
    from torch import nn
    assert isinstance(criterion, nn.Module), 'criterion is a loss object such as nn.XxxLoss()'
    assert not isinstance(criterion, nn.MSELoss), 'squared error is not the loss for classes'

