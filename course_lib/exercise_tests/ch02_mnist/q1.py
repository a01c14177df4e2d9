from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_small_example(softmax):
    import torch
    p = softmax(torch.tensor([[2.0, 1.0, 0.1]]))
    assert p is not None, 'softmax returned None'
    assert torch.allclose(p, torch.tensor([[0.659, 0.2424, 0.0986]]), atol=0.0001), f'got {p}'

