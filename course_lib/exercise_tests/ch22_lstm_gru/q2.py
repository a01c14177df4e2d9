from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_q2_one_layer(recurrent_param_count):
    got = recurrent_param_count('lstm', 10, 20)
    assert got == 2560, f"nn.LSTM(10, 20) has 2,560 parameters (the chapter's table), got {got}"

@test_case(points=None, hidden=False)
def test_q2_prediction_is_an_integer(predicted):
    assert isinstance(predicted, int), f'predicted should be an int, got {type(predicted)}'

