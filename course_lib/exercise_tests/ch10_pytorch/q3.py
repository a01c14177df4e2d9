from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_shapes(tanh_net_gradients):
    import torch
    X, Y = (torch.randn(5, 3), torch.randn(5, 2))
    W1, b1, W2, b2 = (torch.randn(3, 4), torch.randn(4), torch.randn(4, 2), torch.randn(2))
    with torch.no_grad():
        grads = tanh_net_gradients(X, Y, W1, b1, W2, b2)
    assert set(grads) == {'W1', 'b1', 'W2', 'b2'}, 'a dict with the keys W1, b1, W2, b2'
    for name, p in [('W1', W1), ('b1', b1), ('W2', W2), ('b2', b2)]:
        assert tuple(grads[name].shape) == tuple(p.shape), f'{name}: shape {tuple(p.shape)}'

