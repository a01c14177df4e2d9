from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_q2_two_layers(collapse):
    import torch
    from torch import nn
    torch.manual_seed(1)
    a, b = (nn.Linear(5, 4), nn.Linear(4, 3))
    W, bias = collapse([a, b])
    assert tuple(W.shape) == (3, 5) and tuple(bias.shape) == (3,), 'W (out, in), b (out,)'
    x = torch.randn(8, 5)
    with torch.no_grad():
        assert torch.allclose(b(a(x)), x @ W.T + bias, atol=1e-05)

@test_case(points=None, hidden=False)
def test_q2_counts_have_the_right_form(collapsed_params, deep_params):
    assert int(collapsed_params) < int(deep_params), 'the single layer is much smaller'

