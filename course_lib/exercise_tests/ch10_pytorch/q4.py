from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_q4_the_chapters_points(pairwise_sq_distances, nearest):
    import torch
    A = torch.tensor([[0.0, 0.0], [3.0, 4.0], [6.0, 8.0], [1.0, 1.0]])
    B = torch.tensor([[0.0, 0.0], [3.0, 0.0], [0.0, 4.0]])
    d = pairwise_sq_distances(A, B)
    assert tuple(d.shape) == (4, 3), f'shape (4, 3), got {tuple(d.shape)}'
    assert torch.allclose(d, torch.cdist(A, B) ** 2, atol=0.0001), 'squared Euclidean distances'
    assert nearest(A, B).tolist() == [0, 2, 2, 0]

