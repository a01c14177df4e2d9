from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_q5_results_are_accuracies(plain_shifted_acc, augmented_shifted_acc, augmented_acc):
    for name, v in [('plain_shifted_acc', plain_shifted_acc), ('augmented_acc', augmented_acc), ('augmented_shifted_acc', augmented_shifted_acc)]:
        assert 0 <= float(v) <= 1, f'{name} = {v}: an accuracy, as a fraction between 0 and 1'

