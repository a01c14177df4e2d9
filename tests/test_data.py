import hashlib
import shutil
import socket
import time

import numpy as np
import pandas as pd
import pytest
import torch

from course_lib import data

SMALL_LOADERS = {
    "flights": (data.load_flights, "flights.csv"),
    "iris": (data.load_iris, "iris.csv"),
    "seeds": (data.load_seeds, "seeds_dataset.txt"),
    "mushroom": (data.load_mushroom, "agaricus-lepiota.data"),
    "shakespeare": (data.load_shakespeare, "input.txt"),
}


@pytest.fixture
def offline(monkeypatch):
    """Block every network connection, as on a machine without internet."""

    def refuse(*args, **kwargs):
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_data_root_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATA", str(tmp_path))
    assert data.data_root() == tmp_path
    monkeypatch.delenv("COURSE_DATA")
    assert "dl-course" in str(data.data_root())


def test_every_file_has_sha256_and_url():
    for f in data.FILES.values():
        assert len(f.sha256) == 64 and f.url.startswith("https://")


def test_mnist_full(shared_data, monkeypatch):
    monkeypatch.delenv("COURSE_QUICK", raising=False)
    mnist = data.load_mnist(root=shared_data)
    assert mnist.X_train.shape == (60_000, 1, 28, 28)
    assert mnist.X_test.shape == (10_000, 1, 28, 28)
    assert mnist.X_train.dtype == torch.float32 and mnist.y_train.dtype == torch.int64
    assert 0.0 <= mnist.X_train.min() and mnist.X_train.max() <= 1.0
    assert torch.bincount(mnist.y_test).tolist()[:2] == [980, 1135]
    assert not mnist.is_subset and "the full data set" in mnist.describe()


def test_mnist_quick_mode_is_a_labelled_subset(shared_data, monkeypatch):
    monkeypatch.setenv("COURSE_QUICK", "1")
    mnist = data.load_mnist(root=shared_data)
    assert (len(mnist.X_train), len(mnist.X_test)) == (6_000, 1_000)
    assert mnist.is_subset and "subset" in mnist.describe()
    assert mnist.info()["full_train"] == 60_000
    again = data.load_mnist(root=shared_data)
    assert torch.equal(again.y_train, mnist.y_train)  # the subset is fixed (seeded)
    assert len(data.load_mnist(n_train=100, root=shared_data).X_train) == 100


def test_mnist_dataset_is_torchvision(shared_data):
    ds = data.mnist_dataset(train=False, root=shared_data)
    img, label = ds[0]
    assert img.size == (28, 28) and label == 7


def test_cifar10_rebuilt_copy_is_accepted_with_a_note(shared_data, monkeypatch):
    monkeypatch.delenv("COURSE_QUICK", raising=False)
    cifar = data.load_cifar10(n_train=500, n_test=200, root=shared_data)
    assert cifar.X_train.shape == (500, 3, 32, 32)
    assert cifar.X_test.shape == (200, 3, 32, 32)
    assert cifar.full_train == 50_000 and cifar.full_test == 10_000
    assert cifar.classes[3] == "cat"
    assert "rebuilt" in cifar.describe()
    masks = data.cifar10_exact_masks(shared_data)
    assert masks["exact_train"].sum() == 4_000 and masks["exact_test"].sum() == 1_000


def test_tables_and_text(shared_data, monkeypatch):
    monkeypatch.delenv("COURSE_QUICK", raising=False)
    assert data.load_flights(shared_data).shape == (144, 3)
    assert data.load_iris(shared_data).shape == (150, 5)
    seeds = data.load_seeds(shared_data)
    assert seeds.shape == (210, 8)
    assert seeds["variety"].value_counts().to_dict() == {1: 70, 2: 70, 3: 70}
    mush = data.load_mushroom(shared_data)
    assert mush.shape == (8124, 23)
    assert set(mush["class"]) == {"e", "p"} and (mush["stalk-root"] == "?").any()
    text = data.load_shakespeare(shared_data)
    assert len(text) == 1_115_394
    monkeypatch.setenv("COURSE_QUICK", "1")
    assert data.load_shakespeare(shared_data) == text[: data.SHAKESPEARE_QUICK_CHARS]


def _copy(shared_data, tmp_path, rel):
    dst = tmp_path / rel
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shared_data / rel, dst)
    return dst


def test_corrupted_small_file_is_refused(shared_data, tmp_path):
    path = _copy(shared_data, tmp_path, "uci-seeds/seeds_dataset.txt")
    raw = bytearray(path.read_bytes())
    raw[100] ^= 0x01
    path.write_bytes(bytes(raw))
    with pytest.raises(data.ChecksumError) as err:
        data.load_seeds(tmp_path)
    assert str(path) in str(err.value) and "sha256" in str(err.value)
    assert path.read_bytes() == bytes(raw)  # left as it was, not silently replaced


def test_corrupted_mnist_is_refused(shared_data, tmp_path):
    _copy(shared_data, tmp_path, "MNIST/raw/t10k-images-idx3-ubyte")
    labels = _copy(shared_data, tmp_path, "MNIST/raw/t10k-labels-idx1-ubyte")
    with labels.open("r+b") as fh:
        fh.seek(500)
        fh.write(b"\x09")
    with pytest.raises(data.ChecksumError, match="t10k-labels"):
        data.mnist_dataset(train=False, root=tmp_path)


def test_truncated_seaborn_file_is_refused(shared_data, tmp_path):
    path = _copy(shared_data, tmp_path, "seaborn/flights.csv")
    path.write_text(path.read_text()[:200])
    with pytest.raises(data.ChecksumError, match="flights.csv"):
        data.load_flights(tmp_path)


@pytest.mark.parametrize("name", sorted(SMALL_LOADERS))
def test_offline_and_missing_fails_fast_and_clearly(name, tmp_path, offline):
    loader, filename = SMALL_LOADERS[name]
    start = time.monotonic()
    with pytest.raises(data.DataUnavailableError) as err:
        loader(tmp_path)
    assert time.monotonic() - start < 5
    msg = str(err.value)
    assert filename in msg and "https://" in msg and "COURSE_DATA" in msg


@pytest.mark.parametrize("loader", [data.load_mnist, data.load_cifar10])
def test_offline_images_fail_fast_and_clearly(loader, tmp_path, offline):
    start = time.monotonic()
    with pytest.raises(data.DataUnavailableError) as err:
        loader(root=tmp_path)
    assert time.monotonic() - start < 5
    msg = str(err.value)
    assert "COURSE_DATA" in msg and "https://" in msg
    assert "-ubyte" in msg or "data_batch_1" in msg


def test_offline_error_names_the_default_root(monkeypatch, tmp_path, offline):
    monkeypatch.setenv("COURSE_DATA", str(tmp_path / "empty"))
    with pytest.raises(data.DataUnavailableError, match="empty"):
        data.load_shakespeare()


def test_make_separable_is_separable_with_margin():
    X, y = data.make_separable(n=200, margin=0.3, seed=1)
    gap = X[:, 1] - (0.5 * X[:, 0] + 0.2)
    assert X.shape == (200, 2) and set(y) == {0, 1}
    assert ((gap > 0) == (y == 1)).all() and (abs(gap) > 0.3).all()


# --------------------------------------------------------------------------- splits


def test_split_indices_counts_fractions_and_order():
    s = data.split_indices(100, val=0.2, test=10, seed=3)
    assert (len(s.train), len(s.val), len(s.test)) == (70, 20, 10)
    every = np.concatenate([s.train, s.val, s.test])
    assert sorted(every.tolist()) == list(range(100))  # disjoint, and nothing lost
    again = data.split_indices(100, val=0.2, test=10, seed=3)
    assert np.array_equal(again.val, s.val)  # seeded
    assert not np.array_equal(data.split_indices(100, val=0.2, test=10, seed=4).val, s.val)
    ordered = data.split_indices(10, val=2, test=3, shuffle=False)
    assert ordered.train.tolist() == list(range(5)) and ordered.test.tolist() == [7, 8, 9]
    for bad in ({"val": 1.5}, {"val": -1}, {"val": 60, "test": 40}):
        with pytest.raises(ValueError):
            data.split_indices(100, **bad)


def test_train_val_split_keeps_types_and_pairs():
    X, y = torch.arange(20).reshape(10, 2), np.arange(10)
    X_tr, X_val, y_tr, y_val = data.train_val_split(X, y, val=3, seed=1)
    assert isinstance(X_tr, torch.Tensor) and isinstance(y_val, np.ndarray)
    assert torch.equal(X_val[:, 0] // 2, torch.from_numpy(y_val))  # rows stay paired
    frame = pd.DataFrame({"a": range(10)})
    parts = data.train_val_split(frame, val=0.2, test=0.2)
    assert [len(p) for p in parts] == [6, 2, 2] and isinstance(parts[0], pd.DataFrame)
    assert data.train_val_split("abcdefghij", val=2, shuffle=False) == ["abcdefgh", "ij"]
    with pytest.raises(ValueError, match="different lengths"):
        data.train_val_split(X, y[:5], val=1)


def _hashes(X) -> list[str]:
    return [hashlib.sha1(x.numpy().tobytes()).hexdigest() for x in X]


@pytest.mark.parametrize("loader, n_val", [(data.load_mnist, 10_000), (data.load_cifar10, 5_000)])
def test_image_splits_never_share_an_image(loader, n_val, shared_data, monkeypatch):
    """Train, validation and test of the full data sets hold no image in common (by content)."""
    monkeypatch.delenv("COURSE_QUICK", raising=False)
    d = loader(n_val=n_val, root=shared_data)
    assert len(d.X_val) == n_val and len(d.X_train) + n_val == d.full_train
    parts = [set(_hashes(X)) for X in (d.X_train, d.X_val, d.X_test)]
    assert [len(p) for p in parts] == [d.full_train - n_val, n_val, d.full_test]
    assert not (parts[0] & parts[1] or parts[0] & parts[2] or parts[1] & parts[2])
    again = loader(n_val=n_val, root=shared_data)
    assert torch.equal(again.y_val, d.y_val)  # the same split every time


@pytest.mark.parametrize("name", ["iris", "seeds", "mushroom"])
def test_table_splits_never_share_a_row(name, shared_data):
    table = {"iris": data.load_iris, "seeds": data.load_seeds, "mushroom": data.load_mushroom}
    frame = table[name](shared_data)
    train, val, test = data.train_val_split(frame, val=0.15, test=0.15, seed=0)
    ids = [set(p.index) for p in (train, val, test)]
    assert not (ids[0] & ids[1] or ids[0] & ids[2] or ids[1] & ids[2])
    assert ids[0] | ids[1] | ids[2] == set(frame.index)


def test_time_series_and_text_splits_keep_the_future_out(shared_data):
    flights = data.load_flights(shared_data)
    train, val, test = data.train_val_split(flights, val=12, test=12, shuffle=False)
    assert len(test) == 12 and (test["year"] == 1960).all() and (val["year"] == 1959).all()
    assert set(train.index).isdisjoint(val.index) and set(val.index).isdisjoint(test.index)
    text = data.load_shakespeare(shared_data)
    parts = data.train_val_split(text, val=0.1, shuffle=False)
    assert "".join(parts) == text and len(parts[1]) == round(0.1 * len(text))


def test_cifar10_exact_masks_with_the_official_files(tmp_path, monkeypatch):
    """The official files (not the rebuilt copy): no mask file is needed, every image is exact."""
    folder = tmp_path / "cifar-10-batches-py"
    folder.mkdir()
    for name in data.CIFAR10_REBUILT_SHA256:
        (folder / name).write_bytes(b"")
    monkeypatch.setattr(data, "_verify_cifar10", lambda root: False)  # as for the official md5s
    masks = data.cifar10_exact_masks(tmp_path)
    assert masks["exact_train"].shape == (50_000,) and masks["exact_train"].all()
    assert masks["exact_test"].shape == (10_000,) and masks["exact_test"].all()
    monkeypatch.setattr(data, "_verify_cifar10", lambda root: True)  # rebuilt, mask file missing
    with pytest.raises(data.DataUnavailableError):
        data.cifar10_exact_masks(tmp_path)
    with pytest.raises(data.DataUnavailableError):  # no CIFAR-10 files at all
        data.cifar10_exact_masks(tmp_path / "empty")
