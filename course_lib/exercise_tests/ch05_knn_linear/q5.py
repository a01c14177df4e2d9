from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_q5_shapes(class_mean_linear, ncm_acc):
    import torch
    X, y = (torch.rand(30, 6), torch.arange(30) % 3)
    W, b = class_mean_linear(X, y, n_classes=3)
    assert tuple(W.shape) == (3, 6) and tuple(b.shape) == (3,), 'W is (classes, D), b (classes,)'
    assert isinstance(ncm_acc, float) and 0.1 < ncm_acc < 0.5

