from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 3

@test_case(points=None, hidden=False)
def test_q7_measured_on_the_validation_split(LinearMLP, linear_mlp, linear_mlp_acc, closest):
    from course_lib.data import load_mnist
    from course_lib.training import evaluate, tensor_loader
    assert closest in ('softmax regression', 'MLP with ReLU'), f'closest must be "softmax regression" or "MLP with ReLU", got {closest!r}'
    n = sum((p.numel() for p in LinearMLP().parameters()))
    assert n == 203530, f'{n:,} parameters; 784*256+256 + 256*10+10 = 203,530'
    assert isinstance(linear_mlp, LinearMLP), 'linear_mlp must be a trained LinearMLP'
    m = load_mnist(n_val=10000)
    acc = evaluate(linear_mlp, tensor_loader(m.X_val, m.y_val, 1000, shuffle=False))['acc']
    assert abs(acc - linear_mlp_acc) < 5e-05, f"linear_mlp_acc is {linear_mlp_acc}, but linear_mlp's validation accuracy is {acc:.4f}: measure it with evaluate(linear_mlp, val_loader)"

