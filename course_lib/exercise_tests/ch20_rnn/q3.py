from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_chapter_weights(elman_total_loss):
    got = elman_total_loss(0.5, 0.7, 0.9)
    assert got is not None, 'elman_total_loss returned None'
    assert abs(got - 22.79415) < 1e-09, f"the chapter's weights give 22.79415, got {got}"

@test_case(points=None, hidden=False)
def test_q3_best_w1_is_a_candidate(best_w1):
    assert best_w1 in (0.2, 0.7, 1.2), f'best_w1 must be 0.2, 0.7 or 1.2, got {best_w1}'

