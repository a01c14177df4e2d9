from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_matches_lstmcell(lstm_step):
    import numpy as np
    import torch
    from torch import nn
    torch.manual_seed(0)
    cell = nn.LSTMCell(3, 2).double()
    x, h0, c0 = (torch.randn(4, 3).double(), torch.randn(4, 2).double(), torch.randn(4, 2).double())
    with torch.no_grad():
        h_ref, c_ref = cell(x, (h0, c0))
    Wx, Wh = (cell.weight_ih.detach().numpy().T, cell.weight_hh.detach().numpy().T)
    b = (cell.bias_ih + cell.bias_hh).detach().numpy()
    out = lstm_step(x.numpy(), h0.numpy(), c0.numpy(), Wx, Wh, b)
    assert out is not None and len(out) == 2, 'return the pair (h, c)'
    h, c = out
    assert np.shape(h) == (4, 2) and np.shape(c) == (4, 2), 'h and c must have shape (N, H)'
    assert np.allclose(c, c_ref.numpy(), atol=1e-10), "the cell state differs from LSTMCell's"
    assert np.allclose(h, h_ref.numpy(), atol=1e-10), "the hidden state differs from LSTMCell's"

