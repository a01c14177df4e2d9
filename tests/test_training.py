import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from course_lib.training import History, evaluate, fit, predict, tensor_loader


@pytest.fixture(autouse=True)
def _full_mode(monkeypatch):
    """These tests count epochs: run them as in full mode, whatever the caller set (and as in
    a chapter, even if another test in this process called exercises.tests_dir)."""
    from course_lib import training

    monkeypatch.delenv("COURSE_QUICK", raising=False)
    monkeypatch.setattr(training, "KEEP_EPOCHS", False)


def blobs(n=400, seed=0):
    g = torch.Generator().manual_seed(seed)
    y = torch.randint(0, 3, (n,), generator=g)
    centres = torch.tensor([[0.0, 3.0], [3.0, -2.0], [-3.0, -2.0]])
    X = centres[y] + torch.randn(n, 2, generator=g)
    return X, y


def test_tensor_loader_yields_every_example_once_in_batches():
    X = torch.arange(10).float().unsqueeze(1)
    y = torch.arange(10)
    batches = list(tensor_loader(X, y, batch_size=4, shuffle=True))
    assert [len(b[1]) for b in batches] == [4, 4, 2]
    seen = torch.cat([b[1] for b in batches])
    assert sorted(seen.tolist()) == list(range(10))
    for xb, yb in batches:
        assert torch.equal(xb[:, 0].long(), yb)  # rows stay paired with their labels
    ordered = torch.cat([b[1] for b in tensor_loader(X, y, batch_size=3, shuffle=False)])
    assert ordered.tolist() == list(range(10))


def test_tensor_loader_matches_plain_dataloader():
    X, y = blobs(50)
    fast = list(tensor_loader(X, y, batch_size=16, shuffle=False))
    plain = list(DataLoader(TensorDataset(X, y), batch_size=16))
    assert len(fast) == len(plain) == len(tensor_loader(X, y, batch_size=16))
    for (a, b), (c, d) in zip(fast, plain):
        assert torch.equal(a, c) and torch.equal(b, d)


def test_fit_learns_and_records_history(capsys):
    torch.manual_seed(0)
    X, y = blobs()
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3))
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    train = tensor_loader(X[:300], y[:300], batch_size=32)
    val = tensor_loader(X[300:], y[300:], batch_size=100, shuffle=False)
    history = fit(model, train, opt, epochs=5, val_loader=val)
    assert isinstance(history, History) and len(history) == 5
    assert history["epoch"] == [1, 2, 3, 4, 5]
    assert history["train_loss"][-1] < history["train_loss"][0]
    assert history.last["val_acc"] > 0.9
    assert history.train_time > 0 and all(t > 0 for t in history["time"])
    assert list(history.to_frame().columns) == [
        "train_loss",
        "train_acc",
        "time",
        "val_loss",
        "val_acc",
    ]
    assert "epoch 5/5" in capsys.readouterr().out
    result = evaluate(model, val)
    assert result["n"] == 100 and result["acc"] == pytest.approx(history.last["val_acc"])
    assert predict(model, val).shape == (100,)
    assert not model.training  # evaluate leaves the model in eval mode


def test_fit_with_a_per_batch_scheduler():
    X, y = blobs(64)
    model = nn.Linear(2, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    loader = tensor_loader(X, y, batch_size=16)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.5, total_steps=3 * len(loader))
    fit(model, loader, opt, epochs=3, scheduler=sched, progress=False)
    assert sched.last_epoch == 3 * len(loader)


def test_fit_regression_has_no_accuracy():
    X = torch.randn(64, 3)
    y = X @ torch.tensor([[1.0], [-2.0], [0.5]])
    model = nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    loader = tensor_loader(X, y, batch_size=16)
    history = fit(model, loader, opt, loss_fn=nn.MSELoss(), epochs=20, progress=False)
    assert history.last["train_acc"] is None
    assert history["train_loss"][-1] < 0.1 * history["train_loss"][0]
    assert evaluate(model, loader, nn.MSELoss())["acc"] is None


def test_bad_arguments():
    model = nn.Linear(2, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match="epochs"):
        fit(model, [], opt, epochs=0)
    with pytest.raises(ValueError, match="empty"):
        evaluate(model, [])


def test_text_progress_bar_ends_finished(monkeypatch, capsys):
    """With COURSE_PROGRESS=text (stored outputs) the bar is text whose last state is full."""
    from nbconvert.preprocessors.coalescestreams import CR_PAT

    monkeypatch.setenv("COURSE_PROGRESS", "text")
    X, y = blobs(64)
    model = nn.Linear(2, 3)
    fit(model, tensor_loader(X, y, 16), torch.optim.SGD(model.parameters(), lr=0.1), epochs=2)
    shown = CR_PAT.sub("", capsys.readouterr().out)  # what a notebook shows once \r is applied
    assert "epoch 2/2" in shown and "8/8 batches" in shown
    assert "0%" not in shown and "\r" not in shown


def test_progress_counts_and_shrinks_in_quick_mode(monkeypatch):
    from course_lib.training import progress

    monkeypatch.delenv("COURSE_QUICK", raising=False)
    assert list(progress(5)) == [1, 2, 3, 4, 5]
    monkeypatch.setenv("COURSE_QUICK", "1")
    assert list(progress(150)) == [1, 2]
    assert len(progress(3000, unit="step")) == 30
    assert list(progress(1)) == [1]
    with pytest.raises(ValueError):
        progress(0)


def test_fit_shrinks_epochs_in_quick_mode_and_augments_training_batches(monkeypatch):
    torch.manual_seed(0)
    X, y = blobs(200)
    model = nn.Linear(2, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    seen = []

    def augment(xb):
        seen.append(xb.shape)
        return xb + 0.01 * torch.randn_like(xb)

    train = tensor_loader(X, y, batch_size=50)
    val = tensor_loader(X, y, batch_size=200, shuffle=False)
    history = fit(model, train, opt, epochs=2, val_loader=val, augment=augment, progress=False)
    assert len(history) == 2 and seen == [(50, 2)] * 8  # training batches only, not validation
    monkeypatch.setenv("COURSE_QUICK", "1")
    assert len(fit(model, train, opt, epochs=150, progress=False)) == 2


def test_fit_keeps_its_epochs_in_an_exercise_set(monkeypatch):
    from course_lib import exercises

    monkeypatch.setenv("COURSE_QUICK", "1")
    X, y = blobs(100)
    model = nn.Linear(2, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    train = tensor_loader(X, y, batch_size=50)
    assert len(fit(model, train, opt, epochs=3, progress=False)) == 1
    exercises.tests_dir(exercises.available_sets()[0])
    assert len(fit(model, train, opt, epochs=3, progress=False)) == 3
