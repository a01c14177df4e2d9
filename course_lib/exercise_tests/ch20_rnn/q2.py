from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_q2_one_layer(rnn_param_count):
    assert rnn_param_count(10, 20) == 640, f'got {rnn_param_count(10, 20)}'

@test_case(points=None, hidden=False)
def test_q2_prediction_is_an_integer(predicted):
    assert isinstance(predicted, int), f'predicted should be an int, got {type(predicted)}'

