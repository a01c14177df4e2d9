"""Radial basis function (RBF) networks in NumPy: k-means centres, Gaussian units, widths.

An RBF network has one hidden layer of Gaussian units and a linear output layer::

    phi[n, j] = exp(-||x[n] - c[j]||² / (2 s[j]²))       (the design matrix, N x k)
    F(x[n])   = Σ_j phi[n, j] w[j] + b                    (affine_forward(phi, w, b))

The centres ``c`` come from k-means on the training inputs (:func:`kmeans`); the widths ``s``
are either the per-cluster standard deviations that k-means returns, or one shared width
``s = d_max / sqrt(2 k)`` (:func:`shared_width`). With the centres and widths fixed the
output layer is linear in its weights, so it can be trained by gradient descent (the
online rule of :class:`RBFNet`) or solved in one step by least squares
(:func:`least_squares_weights`). The Gaussian layer is a CS231n pair,
:func:`rbf_forward` ``-> (phi, cache)`` and :func:`rbf_backward` ``-> (dx, dcenters, dwidths)``,
so the centres and widths can be trained by backpropagation too (:func:`train_rbf`).

Shapes: inputs ``x`` are (N,) for one-dimensional data or (N, D); centres are (k,) or
(k, D) to match; widths are (k,).
"""

from __future__ import annotations

import numpy as np

from course_lib.scratch.layers import affine_backward, affine_forward
from course_lib.scratch.losses import mse_loss


def _as_2d(a) -> np.ndarray:
    a = np.asarray(a)
    return a.reshape(-1, 1) if a.ndim == 1 else a


def gaussian_pdf(x, mu: float = 0.0, sigma: float = 1.0):
    """The normal density ``N(x; mu, sigma²) = exp(-(x - mu)² / (2 sigma²)) / sqrt(2 pi sigma²)``.

    An RBF unit uses only its bell shape (:func:`gaussian`), without the normalising factor.
    """
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-((x - mu) ** 2) / (2 * sigma**2)) / np.sqrt(2 * np.pi * sigma**2)


def gaussian(x, c, s):
    """One unnormalised Gaussian basis function ``exp(-(x - c)² / (2 s²))``, elementwise.

    The peak is 1 at ``x = c``; ``s`` sets the width. (The course's name for the sources'
    ``rbf(x, c, s)``.)
    """
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-((x - c) ** 2) / (2.0 * s**2))


# ---------------------------------------------------------------------------------- k-means


def assign_clusters(X, centers) -> np.ndarray:
    """Index of the nearest centre (Euclidean distance) for every row of ``X``; ties go to the
    lower index. X (N,) or (N, D), centers (k,) or (k, D) -> (N,) int."""
    X2, C2 = _as_2d(X).astype(np.float64), _as_2d(centers).astype(np.float64)
    d2 = ((X2[:, None, :] - C2[None, :, :]) ** 2).sum(axis=2)
    return np.argmin(d2, axis=1)


def kmeans(X, k: int, seed: int = 0, tol: float = 1e-6, max_iter: int = 300):
    """Lloyd's k-means: returns ``(centers, stds)``.

    Starts from ``k`` distinct training points drawn with ``np.random.default_rng(seed)``,
    then alternates (1) assign every point to its nearest centre and (2) move each centre to
    the mean of its points, until no centre moves by more than ``tol`` (or ``max_iter``
    rounds). A centre that loses all its points stays where it was.

    ``stds[j]`` is the spread of cluster ``j`` around its centre: the standard deviation of
    its points in one dimension, and ``sqrt(mean ||x - c_j||² / D)`` in D dimensions. As in the
    sources, a cluster with fewer than 2 points gets the mean of the other clusters' stds
    (or 1 if no cluster has 2 points). Centres are (k,) for 1-D ``X`` and (k, D) otherwise.
    """
    X = np.asarray(X, dtype=np.float64)
    X2 = _as_2d(X)
    N = X2.shape[0]
    if not 1 <= k <= N:
        raise ValueError(f"k must be between 1 and the number of points ({N}); got {k}")
    rng = np.random.default_rng(seed)
    centers = X2[rng.choice(N, size=k, replace=False)].copy()
    for _ in range(max_iter):
        labels = assign_clusters(X2, centers)
        new = centers.copy()
        for j in range(k):
            members = X2[labels == j]
            if len(members):
                new[j] = members.mean(axis=0)
        moved = np.abs(new - centers).max()
        centers = new
        if moved < tol:
            break
    labels = assign_clusters(X2, centers)
    D = X2.shape[1]
    stds = np.full(k, np.nan)
    counts = np.bincount(labels, minlength=k)
    for j in range(k):
        if counts[j] >= 2:
            members = X2[labels == j]
            stds[j] = np.sqrt(((members - centers[j]) ** 2).sum() / (counts[j] * D))
    ok = counts >= 2
    stds[~ok] = stds[ok].mean() if ok.any() else 1.0
    return (centers[:, 0] if X.ndim == 1 else centers), stds


def shared_width(centers) -> float:
    """One width for every unit: ``d_max / sqrt(2 k)``, with ``d_max`` the largest distance
    between two of the ``k`` centres."""
    C = _as_2d(centers).astype(np.float64)
    k = C.shape[0]
    if k < 2:
        raise ValueError("the shared width needs at least 2 centres (d_max is 0 for one)")
    d_max = np.sqrt(((C[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)).max()
    return float(d_max / np.sqrt(2 * k))


# ------------------------------------------------------------------------- the Gaussian layer


def rbf_forward(x, centers, widths):
    """The hidden layer: ``phi[n, j] = exp(-||x[n] - c[j]||² / (2 widths[j]²))``.

    x (N,) or (N, D); centers (k,) or (k, D); widths (k,) -> phi (N, k), the design matrix.
    Returns ``(phi, cache)``.
    """
    x2, c2 = _as_2d(x), _as_2d(centers)
    diff = x2[:, None, :] - c2[None, :, :]  # (N, k, D)
    sq = (diff * diff).sum(axis=2)  # (N, k): squared distances
    widths = np.asarray(widths)
    phi = np.exp(-sq / (2 * widths**2))
    return phi, (np.shape(x), np.shape(centers), diff, sq, widths, phi)


def rbf_backward(dphi, cache):
    """Backward pass of :func:`rbf_forward`.

    With ``g = dphi * phi`` (the chain rule through the exponential) and ``d = x[n] - c[j]``::

        dx[n] = -Σ_j g[n, j] d / s_j²
        dc[j] =  Σ_n g[n, j] d / s_j²
        ds[j] =  Σ_n g[n, j] ||d||² / s_j³

    Returns ``(dx, dcenters, dwidths)``, shaped like x, centers and widths.
    """
    x_shape, c_shape, diff, sq, widths, phi = cache
    g = dphi * phi  # (N, k)
    gd = (g / widths**2)[:, :, None] * diff  # (N, k, D)
    dx = -gd.sum(axis=1).reshape(x_shape)
    dc = gd.sum(axis=0).reshape(c_shape)
    dw = (g * sq).sum(axis=0) / widths**3
    return dx, dc, dw


def rbf_net_forward(x, params):
    """Whole network: Gaussian layer then the affine output layer.

    ``params`` holds ``centers``, ``widths``, ``w`` (k, M) and ``b`` (M,). Returns
    ``(pred (N, M), cache)``.
    """
    phi, c1 = rbf_forward(x, params["centers"], params["widths"])
    out, c2 = affine_forward(phi, params["w"], params["b"])
    return out, (c1, c2)


def rbf_net_backward(dout, cache):
    """Backward pass of :func:`rbf_net_forward`: a dict of gradients for ``centers``,
    ``widths``, ``w`` and ``b`` (the input gradient is dropped)."""
    c1, c2 = cache
    dphi, dw, db = affine_backward(dout, c2)
    _, dc, ds = rbf_backward(dphi, c1)
    return {"centers": dc, "widths": ds, "w": dw, "b": db}


# ----------------------------------------------------------------------------- output layer


def least_squares_weights(phi, y):
    """Output weights and bias that minimise ``Σ_n (y[n] - phi[n] w - b)²`` exactly.

    Solves the linear least-squares problem with the design matrix ``[phi, 1]`` by
    ``np.linalg.lstsq`` (the minimum-norm solution when the columns are dependent).
    phi (N, k); y (N,) or (N, M) -> ``(w (k, M), b (M,))``.
    """
    y2 = _as_2d(y).astype(np.float64)
    A = np.hstack([np.asarray(phi, dtype=np.float64), np.ones((len(y2), 1))])
    sol, *_ = np.linalg.lstsq(A, y2, rcond=None)
    return sol[:-1], sol[-1]


def widths_for(X, centers, stds, k: int, infer_stds: bool) -> np.ndarray:
    """The widths an RBF net uses: the per-cluster ``stds`` when ``infer_stds``, otherwise the
    shared width :func:`shared_width` repeated ``k`` times."""
    if infer_stds:
        return np.asarray(stds, dtype=np.float64)
    return np.full(k, shared_width(centers))


class RBFNet:
    """The sources' RBF network for one input and one output, trained online.

    ``fit(X, y)`` places ``k`` centres by k-means, sets the widths (per-cluster stds when
    ``infer_stds``, else the shared ``d_max / sqrt(2k)``), draws ``w ~ N(0, 1)`` (k,) and
    ``b ~ N(0, 1)``, then for ``epochs`` passes visits the examples in order and after each
    one takes a gradient step on ``½ (y - F)²`` (:func:`mse_loss` of one example)::

        w <- w + lr (y - F) phi        b <- b + lr (y - F)

    ``history`` holds the mean of ``½ (y - F)²`` over each epoch's steps. ``predict(X)``
    returns F for every input. The centres and widths stay fixed.
    """

    def __init__(
        self,
        k: int = 2,
        lr: float = 0.01,
        epochs: int = 100,
        infer_stds: bool = True,
        seed: int = 0,
    ):
        self.k, self.lr, self.epochs, self.infer_stds, self.seed = k, lr, epochs, infer_stds, seed

    def fit(self, X, y):
        """Place the centres, set the widths and train ``w`` and ``b`` online; returns self."""
        X = np.asarray(X, dtype=np.float64).ravel()
        y = np.asarray(y, dtype=np.float64).ravel()
        self.centers, stds = kmeans(X, self.k, seed=self.seed)
        self.widths = widths_for(X, self.centers, stds, self.k, self.infer_stds)
        rng = np.random.default_rng(self.seed)
        self.w = rng.standard_normal((self.k, 1))
        self.b = rng.standard_normal(1)
        phi_all, _ = rbf_forward(X, self.centers, self.widths)  # the widths do not change
        self.history = []
        for _ in range(self.epochs):
            total = 0.0
            for n in range(len(X)):
                pred, cache = affine_forward(phi_all[n : n + 1], self.w, self.b)
                loss, dpred = mse_loss(pred, y[n : n + 1, None])
                _, dw, db = affine_backward(dpred, cache)
                self.w -= self.lr * dw
                self.b -= self.lr * db
                total += loss
            self.history.append(total / len(X))
        return self

    def predict(self, X):
        """F(x) for every input: (N,)."""
        phi, _ = rbf_forward(np.asarray(X, dtype=np.float64).ravel(), self.centers, self.widths)
        return (phi @ self.w + self.b).ravel()


def train_rbf(
    x,
    y,
    params,
    lr: float = 0.05,
    steps: int = 1000,
    train_centers: bool = True,
    lr_centers: float | None = None,
    callback=None,
):
    """Full-batch gradient descent on every parameter of an RBF net (centres and widths too
    when ``train_centers``), on the mean of ``½ (y - F)²`` (:func:`mse_loss`).

    ``lr`` is the step size of the output layer; ``lr_centers`` (default ``lr``) that of the
    centres and widths, whose gradients grow like ``1 / width³`` and usually need a
    smaller step.

    ``params`` (centers, widths, w (k, M), b (M,)) is copied, not changed. ``callback(step,
    params, loss)``, if given, is called after every step. Returns ``(params, losses)``.
    """
    params = {name: np.array(v, dtype=np.float64) for name, v in params.items()}
    y2 = _as_2d(y).astype(np.float64)
    losses = []
    names = ("centers", "widths", "w", "b") if train_centers else ("w", "b")
    for step in range(steps):
        pred, cache = rbf_net_forward(x, params)
        loss, dpred = mse_loss(pred, y2)
        grads = rbf_net_backward(dpred, cache)
        for name in names:
            step_size = lr if name in ("w", "b") or lr_centers is None else lr_centers
            params[name] -= step_size * grads[name]
        losses.append(loss)
        if callback is not None:
            callback(step, params, loss)
    return params, np.array(losses)
