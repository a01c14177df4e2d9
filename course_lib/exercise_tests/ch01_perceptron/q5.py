from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=None, hidden=False)
def test_q5_prediction_and_consistent_numbers(prediction, gamma_small, R_small, bound_small, updates_small):
    import numpy as np
    assert prediction in ('more', 'fewer', 'same'), f'prediction must be "more", "fewer" or "same", got {prediction!r}'
    assert 0 < gamma_small < R_small, 'the margin is positive and smaller than R'
    assert R_small >= 1, 'R is the largest norm of (1, x), so it is at least 1'
    assert np.isclose(bound_small, (R_small / gamma_small) ** 2, rtol=1e-06), 'bound_small must be (R_small / gamma_small) ** 2'
    assert float(updates_small).is_integer() and updates_small > 0, f'updates_small must be a positive whole number, got {updates_small!r}'
    assert updates_small <= bound_small, f'{updates_small} updates, more than the bound {bound_small:.0f}: the theorem says that cannot happen; check gamma, R or your count'

