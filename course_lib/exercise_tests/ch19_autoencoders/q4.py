from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_q4_shape_and_size(LinearAutoencoder):
    import torch
    model = LinearAutoencoder(16)
    out = model(torch.zeros(3, 1, 28, 28))
    assert out is not None and tuple(out.shape) == (3, 1, 28, 28), 'output: the image shape'
    n = sum((p.numel() for p in model.parameters()))
    assert n == 784 * 16 + 16 + 16 * 784 + 784, f'{n:,} parameters'

@test_case(points=None, hidden=False)
def test_q4_gap_is_the_difference(gap, linear_ae_mse, pca16_val_mse):
    assert abs(gap - (linear_ae_mse - pca16_val_mse)) < 1e-09

