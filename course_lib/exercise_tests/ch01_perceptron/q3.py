from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = [1]

@test_case(points=None, hidden=False)
def test_q3_and_gate(train_perceptron):
    import numpy as np
    X_gate = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    w, b, mistakes = train_perceptron(X_gate, np.array([0, 0, 0, 1]), lr=1.0, epochs=10)
    assert np.allclose(w, [2, 1]) and np.isclose(b, -3), f'expected w=[2 1], b=-3, got w={w}, b={b}'
    assert len(mistakes) == 10 and mistakes[-1] == 0, f'mistakes per epoch: {mistakes}'

