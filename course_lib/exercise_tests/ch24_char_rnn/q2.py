from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = [0.5, 0.5]

@test_case(points=None, hidden=False)
def test_q2_p_unseen_is_a_probability(p_unseen):
    p = float(p_unseen(65, 0.1))
    assert 0 < p < 1, f'a probability, got {p!r}'

@test_case(points=None, hidden=False)
def test_q2_small_example(bigram_loss):
    import math
    assert abs(bigram_loss('aab', 'b', 1.0) - math.log(2)) < 1e-09
    assert abs(bigram_loss('aab', 'aa', 1.0) - math.log(2)) < 1e-09

