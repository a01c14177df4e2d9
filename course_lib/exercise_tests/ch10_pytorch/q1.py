from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_q1_every_expression_predicted(predicted, EXPRESSIONS):
    assert set(predicted) == set(EXPRESSIONS), 'one prediction per expression, keyed by its text'
    assert set(predicted.values()) <= {'view', 'copy'}, 'each prediction is "view" or "copy"'

@test_case(points=None, hidden=False)
def test_q1_shares_memory_small_cases(shares_memory):
    from course_lib.exercises import inside

    @inside
    def answers(shares_memory):
        import torch
        a = torch.arange(6.0)
        return (bool(shares_memory(a, a.view(2, 3))), bool(shares_memory(a, a.clone())))
    view, clone = answers(shares_memory)
    assert view, 'a.view(2, 3) is a view of a'
    assert not clone, 'a.clone() is a copy'

@test_case(points=None, hidden=False)
def test_q1_measured_has_every_expression(measured, EXPRESSIONS):
    assert set(measured) == set(EXPRESSIONS) and set(measured.values()) <= {'view', 'copy'}

