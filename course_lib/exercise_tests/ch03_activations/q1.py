from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_worked_example(sigmoid, sigmoid_grad):
    import numpy as np
    assert abs(float(np.ravel(sigmoid(np.array([4.0])))[0]) - 0.98201379) < 1e-07, 'sigma(4) = 0.98201'
    assert abs(float(np.ravel(sigmoid_grad(np.array([4.0])))[0]) - 0.01766271) < 1e-07, "sigma'(4) = 0.017663"
    assert np.allclose(sigmoid(np.array([0.0, -2.0, 2.0])), [0.5, 0.11920292, 0.88079708])

@test_case(points=None, hidden=False)
def test_q1_no_overflow(sigmoid, sigmoid_grad):
    import numpy as np
    z = np.array([-1000.0, 1000.0])
    with np.errstate(over='raise', invalid='raise', divide='raise'):
        s, g = (np.asarray(sigmoid(z)), np.asarray(sigmoid_grad(z)))
    assert np.allclose(s, [0.0, 1.0]) and np.allclose(g, [0.0, 0.0])

