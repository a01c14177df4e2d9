from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_q4_hidden_units_and_output(W_hidden, b_hidden, w_out, b_out):
    import numpy as np
    X_gate = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    assert np.shape(W_hidden) == (2, 2) and np.shape(b_hidden) == (2,), 'W_hidden must be 2x2, b_hidden length 2'
    z = X_gate @ np.asarray(W_hidden, dtype=float).T + np.asarray(b_hidden, dtype=float)
    h = (z >= 0).astype(int)
    inputs = 'on the inputs (0,0), (0,1), (1,0), (1,1)'
    assert h[:, 0].tolist() == [0, 0, 1, 0], f'hidden unit 0 must compute x1 and not x2, [0, 0, 1, 0] {inputs}; got {h[:, 0].tolist()}'
    assert h[:, 1].tolist() == [0, 1, 0, 0], f'hidden unit 1 must compute not x1 and x2, [0, 1, 0, 0] {inputs}; got {h[:, 1].tolist()}'
    out = (h @ np.asarray(w_out, dtype=float) + float(b_out) >= 0).astype(int)
    assert out.tolist() == [0, 1, 1, 0], f'network outputs {out.tolist()}, XOR is [0, 1, 1, 0]'

