"""course_lib.scratch.mlp: the gradients of every parameter of small networks against central
finite differences (float64) and against a torch nn.Sequential holding the same weights
(forward, loss and autograd); initialisation, dtypes, prediction and the training loop."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from course_lib.gradcheck import numerical_gradient, rel_error
from course_lib.scratch.losses import softmax
from course_lib.scratch.mlp import MLP, evaluate_mlp, train_mlp, weight_std

FD_TOL = 1e-7  # finite differences in float64
TORCH_TOL = 1e-10  # same float64 arithmetic in a different order

# (activation, loss, reg): each hidden activation with each loss, with and without a penalty
CASES = [
    ("relu", "softmax", 0.0),
    ("sigmoid", "softmax", 0.0),
    ("tanh", "softmax", 0.1),
    ("relu", "mse", 0.0),
    ("sigmoid", "mse", 0.05),
    ("tanh", "mse", 0.0),
]
TORCH_ACT = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}


def tiny(activation, loss, reg, sizes=(6, 5, 4, 3), seed=0):
    """A float64 net and a batch of 5 image-like inputs (5, 1, 2, 3) with integer labels."""
    rng = np.random.default_rng(seed + 100)
    model = MLP(list(sizes), activation, loss, init="xavier", seed=seed, dtype=np.float64, reg=reg)
    for k in model.params:
        if k.startswith("b"):  # non-zero biases, so that their gradients are tested too
            model.params[k] = rng.standard_normal(model.params[k].shape)
    X = rng.standard_normal((5, 1, 2, 3))
    y = rng.integers(0, sizes[-1], size=5)
    return model, X, y


def torch_twin(model):
    """An nn.Sequential with the same weights (nn.Linear holds W.T)."""
    layers = []
    for i in range(1, model.num_layers + 1):
        lin = nn.Linear(*model.params[f"W{i}"].shape, dtype=torch.float64)
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(model.params[f"W{i}"].T))
            lin.bias.copy_(torch.tensor(model.params[f"b{i}"]))
        layers.append(lin)
        if i < model.num_layers:
            layers.append(TORCH_ACT[model.activation]())
        elif model.output_activation is not None:
            layers.append(TORCH_ACT[model.output_activation]())
    return nn.Sequential(nn.Flatten(), *layers)


def torch_loss(model, net, X, y):
    out = net(torch.tensor(X))
    if model.loss_name == "softmax":
        data = F.cross_entropy(out, torch.tensor(y))
    else:  # ½ Σ_k (a - onehot)² averaged over the batch
        target = F.one_hot(torch.tensor(y), out.shape[1]).double()
        data = 0.5 * ((out - target) ** 2).sum() / len(X)
    penalty = sum(0.5 * model.reg * (lin.weight**2).sum() for lin in net if hasattr(lin, "weight"))
    return out, data + penalty


def check_against_fd(model, X, y):
    """Every parameter's gradient against central differences of the loss."""
    _, grads = model.loss(X, y)
    assert sorted(grads) == sorted(model.params)
    for k, p in model.params.items():
        assert grads[k].shape == p.shape
        num = numerical_gradient(lambda _: model.loss(X, y)[0], p)  # p changed in place
        assert rel_error(grads[k], num) < FD_TOL, k


@pytest.mark.parametrize("activation, loss, reg", CASES)
def test_mlp_gradients_against_finite_differences(activation, loss, reg):
    check_against_fd(*tiny(activation, loss, reg))


@pytest.mark.parametrize("activation, loss, reg", CASES)
def test_mlp_matches_torch_sequential_with_the_same_weights(activation, loss, reg):
    model, X, y = tiny(activation, loss, reg, sizes=(6, 7, 5, 4), seed=1)
    value, grads = model.loss(X, y)
    net = torch_twin(model)
    out, tloss = torch_loss(model, net, X, y)
    tloss.backward()
    assert rel_error(model.forward(X), out.detach().numpy()) < TORCH_TOL
    assert abs(value - tloss.item()) < TORCH_TOL * max(1, tloss.item())
    linears = [m for m in net if isinstance(m, nn.Linear)]
    for i, lin in enumerate(linears, start=1):
        assert rel_error(grads[f"W{i}"], lin.weight.grad.numpy().T) < TORCH_TOL
        assert rel_error(grads[f"b{i}"], lin.bias.grad.numpy()) < TORCH_TOL


def test_one_hidden_layer_and_no_hidden_layer():
    for sizes in ([6, 3], [6, 8, 3]):
        # seed 1: with some seeds a gradient entry is tiny (~1e-6) and the finite difference's
        # rounding (~1e-11) alone gives it a relative error above 1e-7
        check_against_fd(*tiny("relu", "softmax", 0.0, sizes=sizes, seed=1))


def test_mse_accepts_one_hot_targets_as_well_as_labels():
    model, X, y = tiny("sigmoid", "mse", 0.0)
    assert model.output_activation == "sigmoid"  # "auto": every layer sigmoid (Nielsen's net)
    assert np.all((model.forward(X) > 0) & (model.forward(X) < 1))
    loss_labels, g1 = model.loss(X, y)
    loss_onehot, g2 = model.loss(X, np.eye(3)[y])
    assert loss_labels == loss_onehot and all(np.array_equal(g1[k], g2[k]) for k in g1)
    assert MLP([4, 3], loss="mse", output_activation=None).output_activation is None
    assert MLP([4, 3], activation="sigmoid").output_activation is None  # softmax: logits


# ------------------------------------------------------------------------- init, dtype, misc


def test_parameter_counts_and_shapes():
    assert MLP([784, 100, 10]).num_params == 79_510
    assert MLP([784, 256, 10]).num_params == 203_530
    model = MLP([5, 5, 4, 3, 4, 2])
    assert [model.params[f"W{i}"].shape for i in range(1, 6)] == [
        (5, 5), (5, 4), (4, 3), (3, 4), (4, 2)
    ]  # fmt: skip
    assert all(np.all(model.params[f"b{i}"] == 0) for i in range(1, 6))
    assert "203,530" in repr(MLP([784, 256, 10]))


@pytest.mark.parametrize(
    "init, expected",
    [
        ("he", np.sqrt(2 / 784)),
        ("xavier", np.sqrt(2 / (784 + 256))),
        ("lecun", 1 / np.sqrt(784)),
        ("normal", 0.05),
    ],
)
def test_initialisations_have_the_documented_spread(init, expected):
    assert weight_std(init, 784, 256, 0.05) == pytest.approx(expected)
    W = MLP([784, 256, 10], init=init, init_std=0.05, seed=3).params["W1"]
    assert abs(W.std() / expected - 1) < 0.01 and abs(W.mean()) < 0.01 * expected


def test_same_seed_same_weights_in_any_dtype_and_float32_by_default():
    a, b = MLP([6, 4, 3], seed=5), MLP([6, 4, 3], seed=5, dtype=np.float64)
    assert a.params["W1"].dtype == np.float32 and b.params["W1"].dtype == np.float64
    assert np.array_equal(a.params["W1"], b.params["W1"].astype(np.float32))
    assert not np.array_equal(a.params["W1"], MLP([6, 4, 3], seed=6).params["W1"])
    X = np.random.default_rng(0).standard_normal((4, 6))  # float64 input is cast to float32
    loss, grads = a.loss(X, [0, 1, 2, 0])
    assert isinstance(loss, float) and all(g.dtype == np.float32 for g in grads.values())
    assert a.forward(torch.tensor(X)).dtype == np.float32  # a CPU tensor works too


def test_bad_arguments_are_refused():
    for kwargs in (
        {"activation": "gelu"},
        {"loss": "hinge"},
        {"init": "orthogonal"},
        {"output_activation": "softmax"},
    ):
        with pytest.raises(ValueError):
            MLP([4, 3, 2], **kwargs)
    with pytest.raises(ValueError):
        MLP([4])


def test_predict_is_the_argmax_of_the_scores_in_chunks():
    model = MLP([6, 8, 4], seed=1, dtype=np.float64)
    X = np.random.default_rng(1).standard_normal((50, 2, 3))
    scores = model.forward(X)
    assert np.array_equal(model.predict(X, batch_size=7), scores.argmax(axis=1))
    assert np.array_equal(softmax(scores).argmax(axis=1), scores.argmax(axis=1))


# ----------------------------------------------------------------------------- training


def blobs(n=300, seed=0):
    """Three well-separated Gaussian blobs in 2-D."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, size=n)
    centres = np.array([[0.0, 3.0], [3.0, -2.0], [-3.0, -2.0]])
    return (centres[y] + rng.standard_normal((n, 2))).astype(np.float32), y


def test_train_mlp_learns_blobs_and_records_its_history():
    X, y = blobs()
    Xv, yv = blobs(seed=1)
    model = MLP([2, 16, 3], seed=0)
    before = evaluate_mlp(model, Xv, yv)
    hist = train_mlp(model, X, y, 5, 32, 0.1, X_val=Xv, y_val=yv, lr_decay=0.5, progress=False)
    assert set(hist) == {
        "epoch", "learning_rate", "train_loss", "train_acc", "time", "val_loss", "val_acc"
    }  # fmt: skip
    assert hist["epoch"] == [1, 2, 3, 4, 5]
    assert hist["learning_rate"] == pytest.approx([0.1 / (1 + 0.5 * e) for e in range(5)])
    assert hist["val_acc"][-1] > 0.95 and hist["val_loss"][-1] < before["loss"] / 3
    assert hist["train_loss"][-1] < hist["train_loss"][0]
    assert evaluate_mlp(model, Xv, yv)["acc"] == hist["val_acc"][-1]
    assert model.params["W1"].dtype == np.float32


def test_train_mlp_is_reproducible_and_works_with_mse_and_a_progress_bar():
    X, y = blobs(n=120)
    runs = []
    for _ in range(2):
        model = MLP([2, 8, 3], activation="sigmoid", loss="mse", seed=2)
        runs.append(train_mlp(model, X, y, 2, 16, 0.5, seed=4)["train_loss"])
    assert runs[0] == runs[1]
    assert "val_acc" not in train_mlp(MLP([2, 3]), X, y, 1, 16, 0.1, progress=False)


def test_train_mlp_summed_loss_is_the_mean_loss_at_batch_size_times_the_learning_rate():
    X, y = blobs(n=96)  # 96 = 6 full minibatches of 16
    runs = {}
    for reduction, lr in (("sum", 0.01), ("mean", 0.16)):
        model = MLP([2, 8, 3], activation="sigmoid", loss="mse", seed=2, dtype=np.float64)
        hist = train_mlp(model, X, y, 3, 16, lr, seed=4, progress=False, reduction=reduction)
        runs[reduction] = (model, hist)
    (m_sum, h_sum), (m_mean, h_mean) = runs["sum"], runs["mean"]
    for k in m_sum.params:
        assert np.allclose(m_sum.params[k], m_mean.params[k], rtol=1e-12, atol=1e-14), k
    assert h_sum["train_loss"] == pytest.approx(h_mean["train_loss"], rel=1e-12)  # means both
    # the summed loss takes larger steps than the mean loss at the same learning rate
    m = MLP([2, 8, 3], activation="sigmoid", loss="mse", seed=2, dtype=np.float64)
    train_mlp(m, X, y, 3, 16, 0.01, seed=4, progress=False)
    assert not np.allclose(m.params["W1"], m_sum.params["W1"])
    with pytest.raises(ValueError):
        train_mlp(m, X, y, 1, 16, 0.01, progress=False, reduction="none")
    # the progress bar takes a label
    hist = train_mlp(m, X, y, 1, 16, 0.01, reduction="sum", desc="summed cost")
    assert hist["epoch"] == [1]
