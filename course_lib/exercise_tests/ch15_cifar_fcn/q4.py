from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_q4_same_outputs_on_shuffled_images(shuffled_copy):
    import torch
    from torch import nn
    torch.manual_seed(1)
    model = nn.Sequential(nn.Flatten(), nn.Linear(12, 5), nn.ReLU(), nn.Linear(5, 3))
    p = torch.randperm(12, generator=torch.Generator().manual_seed(2))
    X = torch.randn(4, 3, 2, 2)
    before = model[1].weight.clone()
    new = shuffled_copy(model, p)
    assert new is not model and torch.equal(model[1].weight, before), 'do not change model'
    with torch.no_grad():
        got, want = (new(X.flatten(1)[:, p].reshape(X.shape)), model(X))
    assert torch.allclose(got, want, atol=1e-06), 'the copy must give the same scores'

