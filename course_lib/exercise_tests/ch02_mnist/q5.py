from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_q5_trained_two_layer_net(mlp2, TwoHiddenMLP):
    from course_lib.config import quick_mode
    from course_lib.data import load_mnist
    from course_lib.training import evaluate, tensor_loader
    assert isinstance(mlp2, TwoHiddenMLP), 'mlp2 must be a trained TwoHiddenMLP'
    m = load_mnist()
    acc = evaluate(mlp2, tensor_loader(m.X_test, m.y_test, 1000, shuffle=False))['acc']
    need = 0.85 if quick_mode() else 0.97
    assert acc >= need, f'test accuracy {acc:.4f}, needs at least {need}'

