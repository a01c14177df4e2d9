from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_q3_small_example(per_class_accuracy, hardest_and_easiest):
    import numpy as np
    y = np.array([0, 0, 1, 1, 1, 2])
    p = np.array([0, 1, 1, 1, 0, 0])
    acc = np.asarray(per_class_accuracy(y, p, 3))
    assert np.allclose(acc, [0.5, 2 / 3, 0.0]), f'expected [0.5, 0.667, 0], got {acc}'
    assert tuple(hardest_and_easiest(y, p, ['a', 'b', 'c'])) == ('c', 'b')

