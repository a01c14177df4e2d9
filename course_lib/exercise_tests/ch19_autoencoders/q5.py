from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_q5_four_errors(ae_mse_digits, ae_mse_inverted, pca_mse_digits, pca_mse_inverted):
    errors = {'ae_mse_digits': ae_mse_digits, 'ae_mse_inverted': ae_mse_inverted, 'pca_mse_digits': pca_mse_digits, 'pca_mse_inverted': pca_mse_inverted}
    for name, v in errors.items():
        assert 0 <= float(v) < 2, f'{name} = {v}: an MSE per pixel'

