from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_q2_without_penalty_and_the_direction_of_mu(critical_learning_rate):
    import numpy as np
    X = np.array([[2.0, 0.0], [0.0, 1.0], [-2.0, 0.0], [0.0, -1.0]])
    assert abs(critical_learning_rate(X, 0.0) - 1.0) < 1e-09, "mu = 0: the chapter's 2 / lambda_max"
    rates = [critical_learning_rate(X, mu) for mu in (0.0, 0.1, 1.0)]
    assert rates[0] > rates[1] > rates[2] > 0, 'a penalty adds curvature: the critical rate shrinks'

@test_case(points=None, hidden=False)
def test_q2_answers_have_the_right_form(eta_c, converges_below, diverges_above):
    assert 0 < float(eta_c) < 10
    import numpy as np
    for answer in (converges_below, diverges_above):
        assert isinstance(answer, bool | np.bool_), f'{answer!r}: True or False'

