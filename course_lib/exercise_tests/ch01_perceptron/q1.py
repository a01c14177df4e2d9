from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_and_gate(predict):
    import numpy as np
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    out = predict(X, np.array([1.0, 1.0]), -1.5)
    assert out is not None, 'predict returned None: did you forget `return`?'
    out = np.asarray(out).ravel()
    assert out.tolist() == [0, 0, 0, 1], f'AND weights (1, 1), b=-1.5 must give [0 0 0 1], got {out}'

