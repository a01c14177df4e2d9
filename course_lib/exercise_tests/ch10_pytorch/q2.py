from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_q2_forward_is_the_silu(MySiLU):
    import torch
    import torch.nn.functional as F
    x = torch.linspace(-4, 4, 9)
    assert torch.allclose(MySiLU.apply(x), F.silu(x), atol=1e-06), 'forward: x * sigmoid(x)'

@test_case(points=None, hidden=False)
def test_q2_slope_at_zero(MySiLU):
    from course_lib.exercises import inside

    @inside
    def grad_at_zero(MySiLU):
        import torch
        x = torch.zeros(1, dtype=torch.float64, requires_grad=True)
        MySiLU.apply(x).sum().backward()
        return None if x.grad is None else x.grad.item()
    slope = grad_at_zero(MySiLU)
    assert slope is not None, 'backward must return the gradient with respect to x'
    assert abs(slope - 0.5) < 1e-12, f"the SiLU's slope at 0 is 1/2, got {slope}"

@test_case(points=None, hidden=False)
def test_q2_gradcheck_ran(silu_gradcheck):
    assert silu_gradcheck is True, 'gradcheck(MySiLU.apply, (x64,)) should return True'

