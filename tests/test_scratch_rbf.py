"""course_lib.scratch.rbf: the Gaussian layer's backward pass against central finite
differences (float64) and PyTorch autograd; k-means against a plain-loop reference; the
width rule, the least-squares output layer and the online RBFNet."""

import numpy as np
import pytest
import torch

from course_lib.gradcheck import numerical_gradient_array, rel_error
from course_lib.scratch.rbf import (
    RBFNet,
    assign_clusters,
    gaussian,
    gaussian_pdf,
    kmeans,
    least_squares_weights,
    rbf_backward,
    rbf_forward,
    rbf_net_backward,
    rbf_net_forward,
    shared_width,
    train_rbf,
    widths_for,
)

FD_TOL = 1e-7
TORCH_TOL = 1e-10
CASES = [((6,), (3,)), ((5, 2), (4, 2)), ((4, 3), (1, 3))]  # (x shape, centres shape)


def inputs(x_shape, c_shape, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(x_shape)
    c = rng.standard_normal(c_shape)
    s = rng.uniform(0.7, 1.5, c_shape[0])
    return x, c, s


@pytest.mark.parametrize("x_shape, c_shape", CASES)
def test_rbf_backward_matches_finite_differences(x_shape, c_shape):
    x, c, s = inputs(x_shape, c_shape)
    phi, cache = rbf_forward(x, c, s)
    dphi = np.random.default_rng(9).standard_normal(phi.shape)
    dx, dc, ds = rbf_backward(dphi, cache)
    assert dx.shape == x.shape and dc.shape == c.shape and ds.shape == s.shape
    assert (
        rel_error(dx, numerical_gradient_array(lambda v: rbf_forward(v, c, s)[0], x, dphi)) < FD_TOL
    )
    assert (
        rel_error(dc, numerical_gradient_array(lambda v: rbf_forward(x, v, s)[0], c, dphi)) < FD_TOL
    )
    assert (
        rel_error(ds, numerical_gradient_array(lambda v: rbf_forward(x, c, v)[0], s, dphi)) < FD_TOL
    )


def torch_rbf(x, c, s):
    x2 = x.reshape(x.shape[0], -1)
    c2 = c.reshape(c.shape[0], -1)
    sq = ((x2[:, None, :] - c2[None, :, :]) ** 2).sum(-1)
    return torch.exp(-sq / (2 * s**2))


@pytest.mark.parametrize("x_shape, c_shape", CASES)
def test_rbf_forward_backward_match_torch_autograd(x_shape, c_shape):
    x, c, s = inputs(x_shape, c_shape, seed=1)
    phi, cache = rbf_forward(x, c, s)
    dphi = np.random.default_rng(2).standard_normal(phi.shape)
    dx, dc, ds = rbf_backward(dphi, cache)
    ts = [torch.tensor(a, requires_grad=True) for a in (x, c, s)]
    out = torch_rbf(*ts)
    out.backward(torch.tensor(dphi))
    assert rel_error(phi, out.detach().numpy()) < TORCH_TOL
    for mine, t in zip((dx, dc, ds), ts):
        assert rel_error(mine, t.grad.numpy()) < TORCH_TOL


def test_whole_net_gradients_match_torch_and_finite_differences():
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 1, 8)
    params = {
        "centers": rng.uniform(0, 1, 3),
        "widths": rng.uniform(0.2, 0.5, 3),
        "w": rng.standard_normal((3, 2)),
        "b": rng.standard_normal(2),
    }
    dout = rng.standard_normal((8, 2))
    out, cache = rbf_net_forward(x, params)
    grads = rbf_net_backward(dout, cache)
    for name in params:

        def f(v, name=name):
            return rbf_net_forward(x, {**params, name: v})[0]

        num = numerical_gradient_array(f, params[name].copy(), dout)
        assert rel_error(grads[name], num) < FD_TOL, name
    t = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    tout = torch_rbf(torch.tensor(x), t["centers"], t["widths"]) @ t["w"] + t["b"]
    tout.backward(torch.tensor(dout))
    assert rel_error(out, tout.detach().numpy()) < TORCH_TOL
    for name in params:
        assert rel_error(grads[name], t[name].grad.numpy()) < TORCH_TOL, name


def test_gaussians():
    assert gaussian(0.3, 0.3, 0.5) == 1.0
    assert np.isclose(gaussian(1.0, 0.0, 1.0), np.exp(-0.5))
    assert np.isclose(gaussian_pdf(0.0), 1 / np.sqrt(2 * np.pi))
    grid = np.linspace(-10, 10, 20001)
    assert np.isclose(np.trapezoid(gaussian_pdf(grid, 1.0, 2.0), grid), 1.0, atol=1e-6)


def reference_kmeans(X, k, seed, tol=1e-6):
    """Plain loops, the same start (k distinct points from default_rng(seed).choice)."""
    X = [list(np.atleast_1d(p)) for p in np.asarray(X, dtype=float)]
    idx = np.random.default_rng(seed).choice(len(X), size=k, replace=False)
    centers = [list(X[i]) for i in idx]
    for _ in range(300):
        groups = [[] for _ in range(k)]
        for p in X:
            d = [sum((a - b) ** 2 for a, b in zip(p, c)) for c in centers]
            groups[d.index(min(d))].append(p)
        new = [[sum(col) / len(g) for col in zip(*g)] if g else c for g, c in zip(groups, centers)]
        moved = max(abs(a - b) for c, n in zip(centers, new) for a, b in zip(c, n))
        centers = new
        if moved < tol:
            break
    return np.array(centers)


@pytest.mark.parametrize("D, k, seed", [(1, 2, 0), (1, 4, 1), (2, 3, 2), (3, 5, 3)])
def test_kmeans_matches_a_plain_loop_reference(D, k, seed):
    rng = np.random.default_rng(seed + 10)
    X = rng.standard_normal((60, D)) + rng.integers(0, 4, (60, 1)) * 3
    X = X[:, 0] if D == 1 else X
    centers, stds = kmeans(X, k, seed=seed)
    ref = reference_kmeans(X, k, seed)
    assert centers.shape == ((k,) if D == 1 else (k, D))
    assert np.allclose(centers.reshape(k, -1), ref, atol=1e-9)
    labels = assign_clusters(X, centers)
    for j in range(k):  # each centre is the mean of its points, each std their spread
        members = X[labels == j].reshape(-1, D)
        assert np.allclose(members.mean(axis=0), centers.reshape(k, -1)[j])
        if len(members) >= 2:
            assert np.isclose(stds[j], np.sqrt(((members - members.mean(0)) ** 2).mean()))
    if D == 1:
        assert np.allclose(
            stds[np.bincount(labels, minlength=k) >= 2],
            [np.std(X[labels == j]) for j in range(k) if (labels == j).sum() >= 2],
        )


def test_kmeans_singleton_cluster_gets_mean_std():
    X = np.array([0.0, 0.1, 0.2, 5.0, 5.2, 100.0])
    centers, stds = kmeans(X, 3, seed=0)
    assert np.allclose(np.sort(centers), [0.1, 5.1, 100.0])
    singleton = np.argmax(centers)
    others = np.delete(stds, singleton)
    assert np.isclose(stds[singleton], others.mean())


def test_shared_width_rule():
    assert np.isclose(shared_width(np.array([0.0, 1.0])), 1.0 / 2.0)  # d_max 1, k 2
    assert np.isclose(shared_width(np.array([0.2, 0.9, 0.5, 0.1])), 0.8 / np.sqrt(8))
    C = np.array([[0.0, 0.0], [3.0, 4.0], [1.0, 1.0]])
    assert np.isclose(shared_width(C), 5.0 / np.sqrt(6))
    assert np.allclose(widths_for(None, [0.0, 1.0], [0.3, 0.4], 2, infer_stds=False), 0.5)
    assert np.allclose(widths_for(None, [0.0, 1.0], [0.3, 0.4], 2, infer_stds=True), [0.3, 0.4])


def test_least_squares_weights_recover_an_exact_combination():
    rng = np.random.default_rng(4)
    x = np.sort(rng.uniform(0, 1, 50))
    phi, _ = rbf_forward(x, np.array([0.2, 0.5, 0.8]), np.full(3, 0.15))
    y = phi @ np.array([1.5, -2.0, 0.5]) + 0.25
    w, b = least_squares_weights(phi, y)
    assert np.allclose(w.ravel(), [1.5, -2.0, 0.5]) and np.allclose(b, 0.25)
    A = np.hstack([phi, np.ones((50, 1))])
    ref = torch.linalg.lstsq(torch.tensor(A), torch.tensor(y[:, None])).solution.numpy()
    assert np.allclose(np.r_[w.ravel(), b], ref.ravel())


def test_online_rbfnet_follows_the_update_rule_and_learns_a_sine():
    rng = np.random.default_rng(0)
    X = np.sort(rng.uniform(0, 1, 100))
    y = np.sin(2 * np.pi * X) + rng.uniform(-0.1, 0.1, 100)
    net = RBFNet(k=2, lr=0.01, epochs=1, seed=0)
    net.fit(X, y)
    # replay the sources' rule by hand from the same start
    centers, stds = kmeans(X, 2, seed=0)
    r = np.random.default_rng(0)
    w, b = r.standard_normal(2), r.standard_normal(1)[0]
    for xn, yn in zip(X, y):
        a = gaussian(xn, centers, stds)
        F = a @ w + b
        w = w + 0.01 * (yn - F) * a
        b = b + 0.01 * (yn - F)
    assert np.allclose(net.w.ravel(), w) and np.allclose(net.b, b)
    trained = RBFNet(k=2, lr=0.01, epochs=100, seed=0).fit(X, y)
    assert trained.history[-1] < trained.history[0]
    assert np.mean((trained.predict(X) - y) ** 2) < np.var(y)


def test_train_rbf_lowers_the_loss_and_leaves_params_alone():
    rng = np.random.default_rng(5)
    x = np.sort(rng.uniform(0, 1, 40))
    y = np.sin(2 * np.pi * x)
    start = {
        "centers": np.array([0.3, 0.7]),
        "widths": np.array([0.2, 0.2]),
        "w": np.zeros((2, 1)),
        "b": np.zeros(1),
    }
    params, losses = train_rbf(x, y, start, lr=0.5, steps=500, lr_centers=0.01)
    assert losses[-1] < 0.02 * losses[0]
    assert np.allclose(start["centers"], [0.3, 0.7])
    fixed, fixed_losses = train_rbf(x, y, start, lr=0.5, steps=500, train_centers=False)
    assert losses[-1] < fixed_losses[-1]  # moving the centres and widths helps here
    assert np.allclose(fixed["centers"], start["centers"])
    assert np.allclose(fixed["widths"], start["widths"])
