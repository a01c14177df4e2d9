"""course_lib.scratch.losses: the syllabus's worked examples (hinge loss of the cat/car/frog
scores, softmax probabilities and the natural-log cross-entropy), every gradient against
central finite differences (float64) and, loss and gradient, against PyTorch (F.cross_entropy,
F.multi_margin_loss, F.mse_loss, F.l1_loss and autograd for the penalties), with the scaling
between the two conventions spelled out."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_lib.gradcheck import numerical_gradient, rel_error
from course_lib.scratch.losses import (
    elastic_net_penalty,
    l1_loss,
    l1_penalty,
    l2_penalty,
    mse_loss,
    one_hot,
    softmax,
    softmax_loss,
    svm_loss,
)

FD_TOL = 1e-7  # finite differences in float64
TORCH_TOL = 1e-10  # same float64 arithmetic in a different order

# the syllabus's scores for three images, classes (cat, car, frog); image i shows class i
SCORES = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
LABELS = np.array([0, 1, 2])


def randn(*shape, seed):
    return np.random.default_rng(seed).standard_normal(shape)


def labels(N, C, seed):
    return np.random.default_rng(seed).integers(0, C, size=N)


def torch_loss_and_grad(f, scores, *args):
    """A torch loss and its gradient with respect to the scores (autograd)."""
    s = torch.tensor(scores, requires_grad=True)
    loss = f(s, *args)
    loss.backward()
    return loss.item(), s.grad.numpy()


def check_against_fd(loss_fn, x, grad):
    num = numerical_gradient(lambda v: loss_fn(v)[0], x)
    assert rel_error(grad, num) < FD_TOL


# ------------------------------------------------------------------- worked examples (syll. 6)


def test_hinge_loss_of_the_cat_car_frog_example():
    per_image = [svm_loss(SCORES[i : i + 1], LABELS[i : i + 1])[0] for i in range(3)]
    assert [round(v, 10) for v in per_image] == [2.9, 0.0, 12.9]
    loss, _ = svm_loss(SCORES, LABELS)
    assert round(loss, 2) == 5.27 and abs(loss - (2.9 + 0 + 12.9) / 3) < 1e-12
    # the cat image: car beats cat (5.1 - 3.2 + 1 = 2.9 > 0), frog is far below (term 0)
    _, d = svm_loss(SCORES[:1], LABELS[:1])
    assert d.tolist() == [[-1.0, 1.0, 0.0]]


def test_softmax_of_the_cat_scores_and_the_base_10_slip():
    assert np.round(np.exp(SCORES[0]), 2).tolist() == [24.53, 164.02, 0.18]
    p = softmax(SCORES[0])
    assert np.round(p, 2).tolist() == [0.13, 0.87, 0.0]
    loss, _ = softmax_loss(SCORES[:1], LABELS[:1])
    assert round(loss, 2) == 2.04 and abs(loss + np.log(p[0])) < 1e-12  # natural log
    assert round(-np.log10(0.13), 2) == 0.89  # the source's value is the base-10 logarithm


def test_softmax_of_z_8_2_5():
    p = softmax(np.array([8.0, 2.0, 5.0]))
    # the source truncates instead of rounding: e^8 = 2980.958 (printed 2980.95), so the sum is
    # 3136.76 (printed 3136.75), and 7.389 / 3136.76 = 0.002356 (printed 0.0023)
    assert np.round(np.exp([8.0, 2.0, 5.0]), 2).tolist() == [2980.96, 7.39, 148.41]
    assert round(float(np.exp(8.0) + np.exp(2.0) + np.exp(5.0)), 2) == 3136.76
    assert np.round(p, 4).tolist() == [0.9503, 0.0024, 0.0473]


def test_l2_penalty_prefers_spread_out_weights():
    x = np.ones(4)
    w1, w2 = np.array([1.0, 0, 0, 0]), np.full(4, 0.25)
    assert x @ w1 == x @ w2 == 1.0  # same score
    # R(w) = Σ w² is l2_penalty with reg = 2 (it computes ½ reg Σ w²)
    assert l2_penalty(w1, 2.0)[0] == 1.0 and l2_penalty(w2, 2.0)[0] == 0.25


# ------------------------------------------------------------------------------------ softmax


def test_softmax_rows_sum_to_one_and_large_scores_do_not_overflow():
    s = randn(5, 4, seed=0) * 3
    p = softmax(s)
    assert np.allclose(p.sum(axis=1), 1) and rel_error(p, torch.softmax(torch.tensor(s), 1)) < 1e-12
    assert rel_error(softmax(s + 1000.0), p) < 1e-12  # shifting every score changes nothing
    big = np.array([[1000.0, 0.0, -1000.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert softmax(big).tolist() == [[1.0, 0.0, 0.0]]
        loss, d = softmax_loss(big, [2])
    assert loss == 2000.0 and np.isfinite(d).all()  # log-sum-exp: finite though p = 0


@pytest.mark.parametrize("N, C", [(1, 3), (6, 4), (10, 10)])
def test_softmax_loss_matches_F_cross_entropy(N, C):
    s, y = randn(N, C, seed=N) * 2, labels(N, C, seed=C)
    loss, d = softmax_loss(s, y)
    tloss, td = torch_loss_and_grad(F.cross_entropy, s, torch.tensor(y))
    assert abs(loss - tloss) < TORCH_TOL * max(1, tloss) and rel_error(d, td) < TORCH_TOL
    check_against_fd(lambda v: softmax_loss(v, y), s, d)


def test_softmax_loss_at_uniform_scores_is_log_C():
    loss, d = softmax_loss(np.zeros((4, 10)), [0, 1, 2, 3])
    assert abs(loss - np.log(10)) < 1e-12
    assert np.allclose(d.sum(axis=1), 0)  # p - onehot sums to 0 in each row


# ------------------------------------------------------------------------------------ hinge


@pytest.mark.parametrize("N, C, margin", [(5, 3, 1.0), (8, 6, 1.0), (7, 4, 0.5)])
def test_svm_loss_is_C_times_F_multi_margin_loss(N, C, margin):
    s, y = randn(N, C, seed=N), labels(N, C, seed=C)
    loss, d = svm_loss(s, y, margin=margin)
    tloss, td = torch_loss_and_grad(
        lambda t: C * F.multi_margin_loss(t, torch.tensor(y), margin=margin), s
    )
    assert abs(loss - tloss) < TORCH_TOL * max(1, tloss) and rel_error(d, td) < TORCH_TOL
    check_against_fd(lambda v: svm_loss(v, y, margin=margin), s, d)


def test_squared_hinge_is_C_times_F_multi_margin_loss_with_p_2():
    s, y = randn(6, 5, seed=3), labels(6, 5, seed=4)
    loss, d = svm_loss(s, y, squared=True)
    tloss, td = torch_loss_and_grad(lambda t: 5 * F.multi_margin_loss(t, torch.tensor(y), p=2), s)
    assert abs(loss - tloss) < TORCH_TOL * max(1, tloss) and rel_error(d, td) < TORCH_TOL
    check_against_fd(lambda v: svm_loss(v, y, squared=True), s, d)


# ---------------------------------------------------------------------------- regression


@pytest.mark.parametrize("shape", [(5, 3), (8, 1), (6,)])
def test_mse_loss_is_M_over_2_times_F_mse_loss(shape):
    pred, target = randn(*shape, seed=1), randn(*shape, seed=2)
    M = shape[1] if len(shape) == 2 else 1
    loss, d = mse_loss(pred, target)
    assert abs(loss - 0.5 * np.sum((pred - target) ** 2) / shape[0]) < 1e-12
    tloss, td = torch_loss_and_grad(lambda t: M / 2 * F.mse_loss(t, torch.tensor(target)), pred)
    assert abs(loss - tloss) < TORCH_TOL * max(1, tloss) and rel_error(d, td) < TORCH_TOL
    assert rel_error(d, (pred - target) / shape[0]) < 1e-15  # the ½ makes it (a - y) / N
    check_against_fd(lambda v: mse_loss(v, target), pred, d)


def test_mse_loss_against_one_hot_targets():
    pred = np.array([[0.9, 0.1, 0.0], [0.2, 0.2, 0.6]])
    loss, _ = mse_loss(pred, one_hot([0, 1], 3))
    assert abs(loss - 0.5 * ((0.01 + 0.01) + (0.04 + 0.64 + 0.36)) / 2) < 1e-12


def test_l1_loss_is_M_times_F_l1_loss():
    pred, target = randn(6, 4, seed=5), randn(6, 4, seed=6)
    loss, d = l1_loss(pred, target)
    tloss, td = torch_loss_and_grad(lambda t: 4 * F.l1_loss(t, torch.tensor(target)), pred)
    assert abs(loss - tloss) < TORCH_TOL * max(1, tloss) and rel_error(d, td) < TORCH_TOL
    check_against_fd(lambda v: l1_loss(v, target), pred, d)


# ------------------------------------------------------------------------------- penalties

PENALTIES = {
    "l2": (lambda w: l2_penalty(w, 0.3), lambda t: 0.5 * 0.3 * (t**2).sum()),
    "l1": (lambda w: l1_penalty(w, 0.3), lambda t: 0.3 * t.abs().sum()),
    "elastic net": (
        lambda w: elastic_net_penalty(w, 0.2, 0.7),
        lambda t: 0.2 * t.abs().sum() + 0.5 * 0.7 * (t**2).sum(),
    ),
}


@pytest.mark.parametrize("name", PENALTIES)
def test_penalties_against_autograd_and_finite_differences(name):
    mine, theirs = PENALTIES[name]
    w = randn(4, 5, seed=7)
    loss, dw = mine(w)
    tloss, tdw = torch_loss_and_grad(theirs, w)
    assert abs(loss - tloss) < TORCH_TOL * max(1, tloss) and rel_error(dw, tdw) < TORCH_TOL
    check_against_fd(mine, w, dw)


def test_elastic_net_is_the_sum_of_l1_and_l2():
    w = randn(3, 3, seed=8)
    loss, dw = elastic_net_penalty(w, 0.1, 0.4)
    assert abs(loss - (l1_penalty(w, 0.1)[0] + l2_penalty(w, 0.4)[0])) < 1e-12
    assert rel_error(dw, l1_penalty(w, 0.1)[1] + l2_penalty(w, 0.4)[1]) < 1e-15
    assert l1_penalty(np.zeros(2), 1.0)[1].tolist() == [0.0, 0.0]  # subgradient 0 at 0


# ----------------------------------------------------------------------------- dtypes, misc


def test_float32_stays_float32_even_with_numpy_float64_hyperparameters():
    s = randn(4, 3, seed=9).astype(np.float32)
    y = [0, 2, 1, 1]
    assert softmax(s).dtype == np.float32
    assert softmax_loss(s, y)[1].dtype == np.float32
    assert svm_loss(s, y, margin=np.float64(1.0))[1].dtype == np.float32
    assert svm_loss(s, y, squared=True)[1].dtype == np.float32
    assert mse_loss(s, one_hot(y, 3))[1].dtype == np.float32  # float64 targets are cast
    assert l1_loss(s, np.zeros((4, 3)))[1].dtype == np.float32
    reg = np.logspace(-3, -1, 3)[0]  # a NumPy float64
    assert l2_penalty(s, reg)[1].dtype == np.float32
    assert l1_penalty(s, reg)[1].dtype == np.float32
    assert elastic_net_penalty(s, reg, reg)[1].dtype == np.float32
    assert all(isinstance(f(s, y)[0], float) for f in (softmax_loss, svm_loss))


def test_one_hot_and_labels_as_lists_or_tensors():
    assert one_hot([2, 0], 3).tolist() == [[0, 0, 1], [1, 0, 0]]
    s = randn(3, 4, seed=10)
    y = [3, 0, 1]
    for labels_like in (np.array(y), torch.tensor(y)):
        assert softmax_loss(s, labels_like)[0] == softmax_loss(s, y)[0]
        assert svm_loss(s, labels_like)[0] == svm_loss(s, y)[0]
