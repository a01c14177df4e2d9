from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_q2_matches_pytorch(cross_entropy):
    import torch
    import torch.nn.functional as F
    z = torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
    y = torch.tensor([0, 1])
    got = cross_entropy(z, y)
    assert torch.is_tensor(got) and got.ndim == 0, 'return a scalar tensor'
    assert torch.isclose(got, F.cross_entropy(z, y), atol=1e-05), f'{got} vs {F.cross_entropy(z, y)}'

