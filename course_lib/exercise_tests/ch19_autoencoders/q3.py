from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_prediction_is_one_of_two(prediction):
    assert prediction in ('closer', 'further'), f'"closer" or "further", got {prediction!r}'

@test_case(points=None, hidden=False)
def test_q3_one_error_per_factor(noisy_mse, denoised_mse, factors):
    for name, d in [('noisy_mse', noisy_mse), ('denoised_mse', denoised_mse)]:
        assert sorted(d) == sorted(factors), f'{name} needs one entry per factor'
        assert all((0 <= float(v) < 1 for v in d.values())), f'{name}: MSEs per pixel'
    assert noisy_mse[0.75] > noisy_mse[0.1], 'more noise, larger error of the noisy input'

