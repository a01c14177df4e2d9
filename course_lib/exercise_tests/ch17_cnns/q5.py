from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_q5_prediction(prediction_shift):
    assert prediction_shift in ('mlp', 'cnn', 'about the same')

@test_case(points=None, hidden=False)
def test_q5_shift_a_small_image(shift_right):
    import torch
    X = torch.arange(1.0, 7.0).reshape(1, 1, 2, 3)
    out = shift_right(X, 1)
    assert out.shape == X.shape, 'the shape stays the same'
    assert out[0, 0].tolist() == [[0, 1, 2], [0, 4, 5]], f'got {out[0, 0].tolist()}'

