from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_q4_xor(W_hidden, b_hidden, w_out, b_out, X_gate):
    import numpy as np
    assert np.shape(W_hidden) == (2, 2) and np.shape(b_hidden) == (2,), 'W_hidden must be 2x2, b_hidden length 2'
    h = (X_gate @ np.asarray(W_hidden, dtype=float).T + b_hidden >= 0).astype(int)
    out = (h @ np.asarray(w_out, dtype=float) + float(b_out) >= 0).astype(int)
    assert out.tolist() == [0, 1, 1, 0], f'network outputs {out.tolist()}, XOR is [0, 1, 1, 0]'

