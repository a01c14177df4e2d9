from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_points_on_a_line_are_rebuilt_exactly(pca_fit, pca_mse):
    import torch
    t = torch.linspace(-1, 1, 50).unsqueeze(1)
    X = torch.cat([3 * t + 1, -t + 2, 0.5 * t], dim=1)
    mean, V = pca_fit(X, 1)
    assert tuple(mean.shape) == (3,) and tuple(V.shape) == (1, 3), 'mean (D,), V (k, D)'
    assert abs(float(V.norm()) - 1) < 1e-05, 'the directions are unit vectors'
    assert pca_mse(X, mean, V) < 1e-08, 'one component rebuilds points on a line exactly'

@test_case(points=None, hidden=False)
def test_q1_validation_error(pca16_val_mse):
    assert 0 < float(pca16_val_mse) < 0.1, f'{pca16_val_mse}: an MSE per pixel, between 0 and 0.1'

