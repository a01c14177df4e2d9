from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_types(train_three, gap_ab, gap_ac):
    import torch
    net = train_three('B', steps=2)
    assert isinstance(net, torch.nn.Module)
    assert isinstance(gap_ab, float) and isinstance(gap_ac, float)

