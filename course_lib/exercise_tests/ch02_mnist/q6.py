from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 3

@test_case(points=None, hidden=False)
def test_q6_is_a_cnn(cnn):
    import torch
    from torch import nn
    assert isinstance(cnn, nn.Module), 'cnn must be a trained nn.Module'
    assert any((isinstance(m, nn.Conv2d) for m in cnn.modules())), 'use at least one nn.Conv2d'
    device = next(cnn.parameters()).device
    cnn.eval()
    with torch.no_grad():
        out = cnn(torch.zeros(3, 1, 28, 28, device=device))
    assert tuple(out.shape) == (3, 10), f'output shape {tuple(out.shape)}, expected (3, 10)'

@test_case(points=None, hidden=False)
def test_q6_validation_accuracy(cnn):
    from course_lib.config import quick_mode
    from course_lib.data import load_mnist
    from course_lib.training import evaluate, tensor_loader
    m = load_mnist(n_val=10000)
    acc = evaluate(cnn, tensor_loader(m.X_val, m.y_val, 1000, shuffle=False))['acc']
    need = 0.85 if quick_mode() else 0.98
    assert acc >= need, f'validation accuracy {acc:.4f}, needs at least {need}'

