from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_q4_shape_and_size(TwoHiddenMLP):
    import torch
    model = TwoHiddenMLP()
    out = model(torch.zeros(7, 1, 28, 28))
    assert out is not None and tuple(out.shape) == (7, 10), 'output must be (batch, 10)'
    n = sum((p.numel() for p in model.parameters()))
    assert n == 218058, f'{n:,} parameters; 784*256+256 + 256*64+64 + 64*10+10 = 218,058'

