from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_q4_one_layer_by_hand(activation_spread):
    import numpy as np
    X = np.random.default_rng(0).standard_normal((50, 4))
    out = activation_spread([4, 3], 0.0, X)
    assert isinstance(out, list) and len(out) == 1, 'one number per layer after the input'
    assert out[0] == 0.0, 'with gain 0 every weight is 0, so every tanh output is 0'

@test_case(points=None, hidden=False)
def test_q4_dicts(spreads, saturated):
    assert set(spreads) == {0.5, 1.0, 3.0} and set(saturated) == {0.5, 1.0, 3.0}
    assert all((len(v) == 10 for v in spreads.values())), '10 layers: 10 numbers per gain'
    assert all((0 <= v <= 1 for v in saturated.values())), 'a fraction between 0 and 1'

