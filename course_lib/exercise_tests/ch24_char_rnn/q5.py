from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = [0.5, 0.5]

@test_case(points=None, hidden=False)
def test_q5_a_small_model_where_greedy_is_short_sighted(sequence_logprob, greedy, beam_search):
    import numpy as np
    P = np.array([[0.0, 0.6, 0.4], [1 / 3, 1 / 3, 1 / 3], [0.0, 0.0, 1.0]]) + 1e-12
    logP = np.log(P / P.sum(1, keepdims=True))
    assert greedy(logP, 0, 2)[0] == 1, 'greedy takes the most probable first character'
    assert list(beam_search(logP, 0, 2, 2)) == [2, 2], 'a beam of 2 finds 0 -> 2 -> 2'
    assert abs(sequence_logprob(logP, 0, [2, 2]) - (logP[0, 2] + logP[2, 2])) < 1e-12

@test_case(points=None, hidden=False)
def test_q5_results_on_the_bigram(greedy_seq, beam_seq, greedy_lp, beam_lp):
    assert len(greedy_seq) == len(beam_seq) == 40, '40 characters each'
    assert beam_lp >= greedy_lp - 1e-09, 'here the beam finds a sequence at least as probable'

