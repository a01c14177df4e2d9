from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_q5_the_head_was_replaced(vgg_gap):
    import torch
    from course_lib.counting import count_params
    assert count_params(vgg_gap) < 20000000, 'the 4096-wide FC layers must be gone'
    x = torch.zeros(1, 3, 224, 224, device=next(vgg_gap.parameters()).device)
    assert tuple(vgg_gap(x).shape) == (1, 1000), 'one score per ImageNet class'

@test_case(points=None, hidden=False)
def test_q5_savings_are_ratios(param_saving, mac_saving):
    assert float(param_saving) > 1 and float(mac_saving) >= 1, 'savings are old / new, above 1'

