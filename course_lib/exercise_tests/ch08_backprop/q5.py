from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_q5_nine_norms(weight_grad_norms, ratio, ACTIVATIONS):
    norms = weight_grad_norms('tanh')
    assert len(norms) == 9, 'one norm per weight matrix: 9 layers'
    assert all((isinstance(v, float) and v > 0 for v in norms)), 'positive Python floats'
    assert set(ratio) == set(ACTIVATIONS), 'one ratio per activation'

