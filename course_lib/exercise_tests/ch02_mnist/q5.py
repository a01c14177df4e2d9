from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_q5_measured_on_the_validation_split(mlp2, mlp2_acc, TwoHiddenMLP):
    from course_lib.config import quick_mode
    from course_lib.data import load_mnist
    from course_lib.training import evaluate, tensor_loader
    assert isinstance(mlp2, TwoHiddenMLP), 'mlp2 must be a trained TwoHiddenMLP'
    m = load_mnist(n_val=10000)
    acc = evaluate(mlp2, tensor_loader(m.X_val, m.y_val, 1000, shuffle=False))['acc']
    assert abs(acc - mlp2_acc) < 5e-05, f"mlp2_acc is {mlp2_acc}, but mlp2's validation accuracy is {acc:.4f}: measure it with evaluate(mlp2, val_loader)"
    need = 0.85 if quick_mode() else 0.97
    assert acc >= need, f'validation accuracy {acc:.4f}, needs at least {need}'

