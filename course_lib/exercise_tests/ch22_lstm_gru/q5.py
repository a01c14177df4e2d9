from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_q5_returns_two_floats(cell_at_end):
    import torch
    from torch import nn
    torch.manual_seed(0)
    out = cell_at_end(nn.LSTM(3, 4, batch_first=True), torch.randn(5, 6, 3))
    assert out is not None and len(out) == 2, 'return (mean |c_T|, mean 1 - tanh(c_T)^2)'
    size, passing = out
    assert isinstance(size, float) and isinstance(passing, float), 'return Python floats'
    assert size >= 0 and 0 <= passing <= 1

