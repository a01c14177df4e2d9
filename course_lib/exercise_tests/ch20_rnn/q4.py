from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 4

@test_case(points=None, hidden=False)
def test_q4_shapes_for_any_length(OrderRNN):
    import torch
    from torch import nn
    model = OrderRNN()
    assert any((isinstance(m, nn.RNN) for m in model.modules())), 'use an nn.RNN'
    for T in (12, 5):
        out = model(torch.zeros(3, T, 4))
        shape = None if out is None else tuple(out.shape)
        assert shape == (3, 2), f'for input (3, {T}, 4) the output must be (3, 2), got {shape}'

@test_case(points=None, hidden=False)
def test_q4_measured_on_the_validation_split(order_rnn, order_rnn_acc, OrderRNN, val_loader):
    from course_lib.training import evaluate
    assert isinstance(order_rnn, OrderRNN), 'order_rnn must be a trained OrderRNN'
    acc = evaluate(order_rnn, val_loader)['acc']
    assert abs(acc - order_rnn_acc) < 1e-06, f"order_rnn_acc is {order_rnn_acc}, but order_rnn's validation accuracy is {acc:.4f}"
    assert acc >= 0.95, f'validation accuracy {acc:.3f}, needs at least 0.95'

