from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_q3_learns_a_toy_problem(train_one_epoch):
    import torch
    from torch import nn
    from course_lib.training import tensor_loader
    g = torch.Generator().manual_seed(0)
    X = torch.randn(64, 2, generator=g)
    y = (X[:, 0] > 0).long()
    torch.manual_seed(0)
    model = nn.Linear(2, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    loader = tensor_loader(X, y, batch_size=16, shuffle=False)
    losses = [train_one_epoch(model, loader, opt, nn.CrossEntropyLoss()) for _ in range(3)]
    assert all((isinstance(v, float) for v in losses)), f'return a float, got {losses}'
    assert losses[2] < losses[0], f'the loss should go down over epochs: {losses}'

