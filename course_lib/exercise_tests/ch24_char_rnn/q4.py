from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = [0.5, 0.5]

@test_case(points=None, hidden=False)
def test_q4_unigram_and_bigram_by_hand(ngram_loss):
    import math
    assert abs(ngram_loss([0, 0, 1], [1], 1, 2, 1.0) + math.log(0.4)) < 1e-09
    assert abs(ngram_loss([0, 0, 1], [0], 2, 2, 1.0) - math.log(2)) < 1e-09

@test_case(points=None, hidden=False)
def test_q4_choices_come_from_the_grid(alpha_3, alpha_4, val_3, val_4, alphas):
    assert alpha_3 in alphas and alpha_4 in alphas
    assert 0 < val_4 < 5 and 0 < val_3 < 5, 'losses in nats per character'

