from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_small_example(per_class_accuracy):
    import torch
    acc = per_class_accuracy(torch.tensor([0, 0, 0, 1, 1, 2]), torch.tensor([0, 0, 1, 1, 0, 0]), k=4)
    assert acc is not None and len(acc) == 4, 'one accuracy per class, k = 4'
    expected = torch.tensor([2 / 3, 1 / 2, 0.0, 0.0])
    assert torch.allclose(torch.as_tensor(acc, dtype=torch.float32), expected, atol=1e-06), acc

@test_case(points=None, hidden=False)
def test_q1_names(hardest_class, easiest_class, classes):
    assert hardest_class in classes and easiest_class in classes, 'use the names in `classes`'

