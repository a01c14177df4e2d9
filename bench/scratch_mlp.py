"""One training epoch of the NumPy MLP (course_lib.scratch) against the same MLP in PyTorch.

Both sides train a 784-256-10 ReLU network with softmax cross-entropy and plain SGD
(learning rate 0.1) on 60,000 MNIST-sized examples in float32, in minibatches of 128, on the
CPU with the same number of threads (OpenBLAS for NumPy, torch.set_num_threads for PyTorch).
They start from the same weights and see the same minibatches in the same order, so their
losses must agree to float32 rounding: the script checks that it timed the same computation.

- NumPy: ``course_lib.scratch.mlp.train_mlp`` for one epoch (the helper chapter 09 uses).
- PyTorch: ``nn.Sequential(Linear, ReLU, Linear)``, ``F.cross_entropy``, ``optim.SGD``,
  each minibatch taken as ``X[idx]`` from in-memory tensors, with the same bookkeeping
  (loss and accuracy of every minibatch) as ``train_mlp``.

One warm-up epoch each, then ``--epochs`` timed epochs, NumPy and PyTorch alternating so that
a change in machine load hits both; the medians are compared. Wall time is the measure; the
CPU time of the process (all its threads) is printed beside it, as it is less disturbed by
other jobs on a shared machine (with one thread it is close to the work done). Run (on an
idle machine)::

    .venv/bin/python bench/scratch_mlp.py                  # real MNIST if COURSE_DATA has it
    .venv/bin/python bench/scratch_mlp.py --data random --threads 1 --out /tmp/mlp.json
    .venv/bin/python bench/scratch_mlp.py --results        # record it in bench/results.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time


def parse_args():
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=os.cpu_count(), help="threads for both sides")
    p.add_argument("--epochs", type=int, default=5, help="timed epochs per side")
    p.add_argument("--data", choices=["auto", "mnist", "random"], default="auto")
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--out", help="also write the results as JSON to this file")
    p.add_argument(
        "--results",
        action="store_true",
        help="also record them in bench/results.json (key scratch_mlp) and bench/README.md",
    )
    return p.parse_args()


ARGS = parse_args()
# the BLAS libraries read their thread count when they load, so set it before the imports
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(ARGS.threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

from course_lib.scratch.mlp import MLP, evaluate_mlp, train_mlp  # noqa: E402

N_TRAIN = 60_000
LOAD_BEFORE = [round(v, 2) for v in os.getloadavg()]


def load(kind):
    """(X (N, 784) float32, y (N,) int64, X_test, y_test, description)."""
    if kind in ("auto", "mnist"):
        try:
            from course_lib import data

            mnist = data.load_mnist()
            X, y = mnist.X_train.reshape(len(mnist.X_train), -1), mnist.y_train
            Xt, yt = mnist.X_test.reshape(len(mnist.X_test), -1), mnist.y_test
            if len(X) == N_TRAIN:
                return X.numpy(), y.numpy(), Xt.numpy(), yt.numpy(), "MNIST"
            print(f"MNIST has {len(X)} training images here (quick mode?): using random data")
        except Exception as err:  # no offline copy and no network
            if kind == "mnist":
                raise
            print(f"MNIST not available ({type(err).__name__}): using random data")
    rng = np.random.default_rng(0)
    X = rng.random((N_TRAIN + 10_000, 784), dtype=np.float32)
    y = rng.integers(0, 10, size=len(X))
    return X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:], "random uniform [0, 1)"


def torch_twin(model):
    """The same network in PyTorch, starting from the NumPy model's weights."""
    net = nn.Sequential(nn.Linear(784, ARGS.hidden), nn.ReLU(), nn.Linear(ARGS.hidden, 10))
    with torch.no_grad():
        for i, lin in ((1, net[0]), (2, net[2])):
            lin.weight.copy_(torch.from_numpy(model.params[f"W{i}"].T))
            lin.bias.copy_(torch.from_numpy(model.params[f"b{i}"]))
    return net


def torch_epoch(net, opt, X, y, order):
    """One epoch of minibatch SGD over the examples in ``order``; (wall s, CPU s, mean loss)."""
    start, cpu = time.perf_counter(), time.process_time()
    loss_sum, correct = 0.0, 0
    for i in range(0, len(X), ARGS.batch_size):
        idx = order[i : i + ARGS.batch_size]
        xb, yb = X[idx], y[idx]
        scores = net(xb)
        loss = F.cross_entropy(scores, yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        loss_sum += loss.item() * len(idx)
        correct += int((scores.argmax(dim=1) == yb).sum())
    return time.perf_counter() - start, time.process_time() - cpu, loss_sum / len(X)


def numpy_epoch(model, X, y, seed):
    """One epoch of the NumPy helper; (wall s, CPU s, mean loss)."""
    start, cpu = time.perf_counter(), time.process_time()
    hist = train_mlp(model, X, y, 1, ARGS.batch_size, ARGS.lr, seed=seed, progress=False)
    return time.perf_counter() - start, time.process_time() - cpu, hist["train_loss"][0]


def main():
    """Time both sides, check they computed the same thing, print (and save) the results."""
    torch.set_num_threads(ARGS.threads)
    X, y, X_test, y_test, name = load(ARGS.data)
    X, X_test = np.ascontiguousarray(X, dtype=np.float32), np.ascontiguousarray(X_test)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y.astype(np.int64))
    model = MLP([784, ARGS.hidden, 10], seed=0)
    net = torch_twin(model)
    opt = torch.optim.SGD(net.parameters(), lr=ARGS.lr)
    times = {"numpy": [], "torch": []}
    cpu_times = {"numpy": [], "torch": []}
    losses = {"numpy": [], "torch": []}
    for epoch in range(ARGS.epochs + 1):  # epoch 0 is the warm-up
        seed = 1000 + epoch
        order = np.random.default_rng(seed).permutation(len(X))  # train_mlp's first order
        t_np, c_np, loss_np = numpy_epoch(model, X, y, seed)
        t_pt, c_pt, loss_pt = torch_epoch(net, opt, Xt, yt, torch.from_numpy(order))
        if epoch:
            times["numpy"].append(t_np)
            times["torch"].append(t_pt)
            cpu_times["numpy"].append(c_np)
            cpu_times["torch"].append(c_pt)
        losses["numpy"].append(loss_np)
        losses["torch"].append(loss_pt)
        label = f"epoch {epoch}" + (" (warm-up)" if epoch == 0 else "")
        print(
            f"{label}: numpy {t_np:.3f} s, CPU {c_np:.3f} s (loss {loss_np:.5f}); "
            f"torch {t_pt:.3f} s, CPU {c_pt:.3f} s (loss {loss_pt:.5f})",
            flush=True,
        )
    acc_np = evaluate_mlp(model, X_test, y_test)["acc"]
    with torch.no_grad():
        acc_pt = float((net(torch.from_numpy(X_test)).argmax(1).numpy() == y_test).mean())
    gap = max(abs(a - b) / b for a, b in zip(losses["numpy"], losses["torch"]))
    med = {k: statistics.median(v) for k, v in times.items()}
    cpu = {k: statistics.median(v) for k, v in cpu_times.items()}
    result = {
        "benchmark": "scratch MLP epoch, NumPy vs PyTorch (CPU)",
        "network": f"784-{ARGS.hidden}-10 ReLU, softmax cross-entropy, SGD lr {ARGS.lr}",
        "data": f"{name}, {len(X):,} training examples, float32",
        "batch_size": ARGS.batch_size,
        "threads": ARGS.threads,
        "timed_epochs": ARGS.epochs,
        "numpy_epoch_s_median": round(med["numpy"], 3),
        "torch_epoch_s_median": round(med["torch"], 3),
        "numpy_epoch_s_min": round(min(times["numpy"]), 3),
        "torch_epoch_s_min": round(min(times["torch"]), 3),
        "ratio_numpy_over_torch": round(med["numpy"] / med["torch"], 2),
        "numpy_cpu_s_median": round(cpu["numpy"], 3),
        "torch_cpu_s_median": round(cpu["torch"], 3),
        "cpu_ratio_numpy_over_torch": round(cpu["numpy"] / cpu["torch"], 2),
        "largest_relative_loss_gap": float(f"{gap:.2e}"),
        "test_accuracy_numpy": round(acc_np, 4),
        "test_accuracy_torch": round(acc_pt, 4),
        "numpy": np.__version__,
        "torch": torch.__version__,
        "cpu_count": os.cpu_count(),
        "load_average_1_5_15_before": LOAD_BEFORE,
        "load_average_1_5_15_after": [round(v, 2) for v in os.getloadavg()],
        "python": platform.python_version(),
    }
    print(json.dumps(result, indent=2))
    if gap > 1e-3:
        raise SystemExit(f"the two sides trained differently (relative loss gap {gap:.1e})")
    if ARGS.out:
        with open(ARGS.out, "w") as f:
            json.dump(result, f, indent=2)
    if ARGS.results:
        record(result)


def record(result: dict) -> None:
    """Store ``result`` under ``scratch_mlp`` in bench/results.json and refresh bench/README.md."""
    import importlib.util
    from pathlib import Path

    bench = Path(__file__).resolve().parent
    spec = importlib.util.spec_from_file_location("bench_run", bench / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    path = bench / "results.json"
    results = json.loads(path.read_text())
    results["scratch_mlp"] = result
    path.write_text(json.dumps(results, indent=2) + "\n")
    (bench / "README.md").write_text(run.markdown_table(results))


if __name__ == "__main__":
    main()
