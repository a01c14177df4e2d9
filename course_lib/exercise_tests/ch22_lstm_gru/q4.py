from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_q4_chrono_changes_only_the_update_bias(chrono_gru_):
    import math
    import torch
    from torch import nn
    torch.manual_seed(3)
    gru = nn.GRU(5, 16)
    before = {k: v.detach().clone() for k, v in gru.named_parameters()}
    out = chrono_gru_(gru, 50)
    assert out is gru, 'return the same nn.GRU, changed in place'
    H = 16
    b = gru.bias_ih_l0.detach()
    assert torch.all(b[H:2 * H] >= 0) and torch.all(b[H:2 * H] <= math.log(49) + 1e-06), 'the update-gate biases must lie in [ln 1, ln(t_max - 1)]'
    assert torch.all(gru.bias_hh_l0.detach()[H:2 * H] == 0), "bias_hh's update block must be 0"
    for name, value in gru.named_parameters():
        keep = torch.ones_like(value, dtype=torch.bool)
        if name in ('bias_ih_l0', 'bias_hh_l0'):
            keep[H:2 * H] = False
        assert torch.equal(value.detach()[keep], before[name][keep]), f'{name} changed elsewhere'

@test_case(points=None, hidden=False)
def test_q4_accuracies_are_measured(acc_default, acc_chrono):
    for name, acc in (('acc_default', acc_default), ('acc_chrono', acc_chrono)):
        assert isinstance(acc, float) and 0.0 <= acc <= 1.0, f'{name} must be a float in [0, 1]'

