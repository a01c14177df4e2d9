from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_q5_one_entry_per_dimension(best_random, share_near, DIMS):
    assert sorted(best_random) == sorted(DIMS) and sorted(share_near) == sorted(DIMS)
    assert all((v >= 0 for v in best_random.values()))
    assert all((0 <= v <= 1 for v in share_near.values()))

