from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_q4_shapes_and_extremes(fit_l1, X_train, y_train):
    import torch
    W, b = fit_l1(X_train, y_train, 0.0, steps=500)
    assert tuple(W.shape) == (3, 7) and tuple(b.shape) == (3,), 'W is (3, 7), b is (3,)'
    acc = ((X_train @ W.T + b).argmax(dim=1) == y_train).float().mean().item()
    assert acc > 0.9, f'without penalty the training accuracy should exceed 0.9, got {acc:.3f}'
    W, b = fit_l1(X_train, y_train, 10.0, steps=200)
    assert torch.all(W == 0), 'a huge penalty sets every weight exactly to 0'

@test_case(points=None, hidden=False)
def test_q4_records(kept, val_acc, chosen_lam, LAMS, FEATURES):
    assert set(kept) == set(LAMS) and set(val_acc) == set(LAMS), 'one entry per lam'
    for lam in LAMS:
        assert all((name in FEATURES for name in kept[lam]))
        assert isinstance(val_acc[lam], float) and 0 <= val_acc[lam] <= 1
    assert chosen_lam in LAMS

