"""Data sets of the course, loaded with the standard libraries and checked by sha256.

Where the files live
    The data root is the folder named by the environment variable ``COURSE_DATA``; without it,
    a per-user cache folder (``pooch.os_cache("dl-course")``).  Inside it the layout is the one
    the standard loaders expect (``MNIST/raw/...``, ``cifar-10-batches-py/...``,
    ``seaborn/flights.csv``, ...), so a folder prepared for torchvision or seaborn works as is.

What the loaders do
    * A file that is present is checked against its sha256 and used; nothing is written.
    * A file that is missing is downloaded from its public source with the library made for it
      (torchvision ``download=True``, ``seaborn.load_dataset``, ``pooch.retrieve`` with the
      sha256).  This is the only time the data root is written to.
    * Offline and missing: :class:`DataUnavailableError` within seconds, naming the file, its
      URL and ``COURSE_DATA``.  A present file with the wrong content: :class:`ChecksumError`.

Splits
    :func:`train_val_split` splits any arrays (tensors, NumPy arrays, data frames, lists, text)
    into training, validation and (optionally) test parts with a seeded permutation, or in
    order (``shuffle=False``) for time series and text.  The image loaders hold out a seeded
    validation split of the training images when asked (``n_val``); the test images are always
    the data set's own test files.

Quick mode (``COURSE_QUICK=1``)
    The image loaders take a fixed, seeded random subset: MNIST 6,000 train / 1,000 test,
    CIFAR-10 5,000 train / 1,000 test (a validation split shrinks in proportion).
    :class:`ImageData` always says how much it holds.
"""

from __future__ import annotations

import contextlib
import functools
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pooch
import torch
import torchvision

from course_lib.config import quick_mode

ENV_VAR = "COURSE_DATA"
DOWNLOAD_TIMEOUT_S = 5  # seconds to wait for a connection (and between bytes) when downloading


class DataError(RuntimeError):
    """Base class of the data layer's errors."""


class DataUnavailableError(DataError):
    """A data file is missing from the data root and could not be downloaded."""


class ChecksumError(DataError):
    """A data file is present but its content is not the expected one."""


@dataclass(frozen=True)
class DataFile:
    """One file of a data set: where it lives under the data root, where it comes from."""

    path: str  # relative to the data root
    url: str
    sha256: str


_SEABORN = "https://raw.githubusercontent.com/mwaskom/seaborn-data/master/"
_MNIST = "https://ossci-datasets.s3.amazonaws.com/mnist/"
_CIFAR = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
_UCI = "https://archive.ics.uci.edu/ml/machine-learning-databases/"

FILES: dict[str, DataFile] = {
    f.path: f
    for f in [
        DataFile(
            "MNIST/raw/train-images-idx3-ubyte",
            _MNIST + "train-images-idx3-ubyte.gz",
            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        ),
        DataFile(
            "MNIST/raw/train-labels-idx1-ubyte",
            _MNIST + "train-labels-idx1-ubyte.gz",
            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        ),
        DataFile(
            "MNIST/raw/t10k-images-idx3-ubyte",
            _MNIST + "t10k-images-idx3-ubyte.gz",
            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        ),
        DataFile(
            "MNIST/raw/t10k-labels-idx1-ubyte",
            _MNIST + "t10k-labels-idx1-ubyte.gz",
            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
        ),
        DataFile(
            "seaborn/flights.csv",
            _SEABORN + "flights.csv",
            "237d834127d9c6355630d8f443a7a2377b5925923010009b59809ba0b67f4fac",
        ),
        DataFile(
            "seaborn/iris.csv",
            _SEABORN + "iris.csv",
            "9cc1c345c71bcc9b486b74cbf6063fa66f4bb5e0f603a4b3c3471ec2e5e8e355",
        ),
        DataFile(
            "uci-seeds/seeds_dataset.txt",
            _UCI + "00236/seeds_dataset.txt",
            "1f3f83c0d8485ae9148061389d19628607e3f5660e3d6f40ec9102fb398bb12f",
        ),
        DataFile(
            "uci-mushroom/agaricus-lepiota.data",
            _UCI + "mushroom/agaricus-lepiota.data",
            "e65d082030501a3ebcbcd7c9f7c71aa9d28fdfff463bf4cf4716a3fe13ac360e",
        ),
        DataFile(
            "tinyshakespeare/input.txt",
            "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt",
            "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed",
        ),
    ]
}

# CIFAR-10 comes either as the official files (torchvision's md5 list) or as the course's
# rebuilt offline copy, accepted by these sha256 values (see the data README).
CIFAR10_REBUILT_SHA256 = {
    "batches.meta": "f962466ef690d46b226450fb9aadc74ba4bc64a76aa526b5827fe4bc5c7125cb",
    "data_batch_1": "629e5d5f101e64aa7c082ec31c0ce749fd1bceab05c1919930991cc0fb25837b",
    "data_batch_2": "f9edcca88e7da3fb11f23cd82fcf8b8aa6fe72694359f859136c59a032474929",
    "data_batch_3": "87fcd8530c3ee0ee2feac045e8fe133b17bdac734616aafc81b5fad17fdabc36",
    "data_batch_4": "4215b65a389ee0d4c248188487416a2ccdaa0bd6a1517a6acd6cc5948de95d44",
    "data_batch_5": "3a8cf413967f82f0847c154d758c04a0fb639689d6aca03ec9d817a790e72db9",
    "test_batch": "a685f6a64b94e9ecd1e8feb7ccf440a3cce407ba0d1dee3b7940ef68cb44940e",
}
CIFAR10_REBUILT_NOTE = (
    "CIFAR-10: using the course's rebuilt offline copy (sha256-verified). 5,000 images have "
    "exact pixels; the other 55,000 were decoded from a JPEG copy (mean absolute error about "
    "5.8/255), so results land within about a point of the original data set."
)
CIFAR10_CLASSES = (
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
)


def data_root() -> Path:
    """The data root: ``$COURSE_DATA`` if set, else a per-user cache folder."""
    env = os.environ.get(ENV_VAR)
    return Path(env).expanduser() if env else Path(pooch.os_cache("dl-course"))


@functools.lru_cache(maxsize=64)
def _hash(path: str, size: int, mtime_ns: int, alg: str) -> str:
    # size and mtime are part of the cache key, so a changed file is hashed again
    return pooch.file_hash(path, alg=alg)


def file_hash(path: Path, alg: str = "sha256") -> str:
    """Hash of a file (cached per process while its size and modification time stay)."""
    st = Path(path).stat()
    return _hash(str(path), st.st_size, st.st_mtime_ns, alg)


def _checksum_error(path: Path, expected: str, actual: str, url: str | None) -> ChecksumError:
    where = f"\nIts source is {url}." if url else ""
    return ChecksumError(
        f"Checksum mismatch for data file {path}\n"
        f"  expected sha256 {expected}\n  found    sha256 {actual}\n"
        f"The file is corrupted or is not the file the course expects.{where} "
        f"Delete it to have it downloaded again, or point {ENV_VAR} at a folder with a good copy."
    )


def verify(path: Path, sha256: str, url: str | None = None) -> Path:
    """Check a file's sha256; raise :class:`ChecksumError` (naming the file) on a mismatch."""
    actual = file_hash(path)
    if actual != sha256:
        raise _checksum_error(path, sha256, actual, url)
    return path


@contextlib.contextmanager
def _downloading(files: list[DataFile], root: Path):
    """Turn any failure while downloading into a :class:`DataUnavailableError` that says what
    is missing, where it comes from and how to point the course at a copy."""
    old_timeout = socket.getdefaulttimeout()
    socket.setdefaulttimeout(DOWNLOAD_TIMEOUT_S)
    try:
        yield
    except DataError:
        raise
    except Exception as exc:
        lines = "\n".join(f"  {root / f.path}  <-  {f.url}" for f in files)
        raise DataUnavailableError(
            f"Data file(s) missing and the download failed ({type(exc).__name__}: {exc}).\n"
            f"Needed (local path <- source URL):\n{lines}\n"
            f"Fix: connect to the internet and run again, or download the file(s) yourself "
            f"into those paths (unpacking .gz/.tar.gz archives), or set the environment "
            f"variable {ENV_VAR} to a folder that already holds them (current data root: {root})."
        ) from exc
    finally:
        socket.setdefaulttimeout(old_timeout)


def fetch(path: str, root: Path | None = None) -> Path:
    """Local path of one data file (a key of :data:`FILES`), checked by sha256.

    Downloads it with ``pooch.retrieve`` only when it is missing.
    """
    f = FILES[path]
    root = Path(root) if root else data_root()
    local = root / f.path
    if local.exists():
        return verify(local, f.sha256, f.url)
    with _downloading([f], root):
        pooch.retrieve(
            f.url,
            known_hash=f"sha256:{f.sha256}",
            fname=local.name,
            path=local.parent,
            downloader=pooch.HTTPDownloader(timeout=(DOWNLOAD_TIMEOUT_S, 60), progressbar=True),
        )
    return verify(local, f.sha256, f.url)


# --------------------------------------------------------------------------- splits


@dataclass(frozen=True)
class Split:
    """Indices of the training, validation and test parts of a data set (disjoint)."""

    train: np.ndarray
    val: np.ndarray
    test: np.ndarray


def _count(size: int | float, n: int, what: str) -> int:
    """A split size given as a count (int) or a fraction of ``n`` (float in [0, 1))."""
    if isinstance(size, float):
        if not 0.0 <= size < 1.0:
            raise ValueError(f"{what} as a fraction must be in [0, 1), got {size}")
        return round(size * n)
    if size < 0:
        raise ValueError(f"{what} must not be negative, got {size}")
    return int(size)


def split_indices(
    n: int, val: int | float, test: int | float = 0, seed: int = 0, shuffle: bool = True
) -> Split:
    """Split ``range(n)`` into disjoint training, validation and test indices.

    ``val`` and ``test`` are counts (int) or fractions of ``n`` (float).  With ``shuffle`` the
    parts come from a permutation seeded by ``seed`` (each part sorted); without it they are
    consecutive blocks in order, train first, then validation, then test (for time series and
    text, where the future must not leak into the past).
    """
    n_val, n_test = _count(val, n, "val"), _count(test, n, "test")
    n_train = n - n_val - n_test
    if n_train <= 0:
        raise ValueError(f"nothing left to train on: {n} examples, {n_val} val, {n_test} test")
    if shuffle:
        order = np.random.default_rng(seed).permutation(n)
    else:
        order = np.arange(n)
    parts = np.split(order, [n_train, n_train + n_val])
    if shuffle:
        parts = [np.sort(p) for p in parts]
    return Split(*parts)


def _take(a, idx: np.ndarray):
    if isinstance(a, pd.DataFrame | pd.Series):
        return a.iloc[idx]
    if isinstance(a, torch.Tensor):
        return a[torch.from_numpy(idx)]
    if isinstance(a, np.ndarray):
        return a[idx]
    if isinstance(a, str | list | tuple):
        if len(idx) and np.array_equal(idx, np.arange(idx[0], idx[0] + len(idx))):
            return a[idx[0] : idx[0] + len(idx)]  # a block: keep the type (text stays text)
        return [a[i] for i in idx]
    raise TypeError(f"cannot split an object of type {type(a).__name__}")


def train_val_split(
    *arrays, val: int | float, test: int | float = 0, seed: int = 0, shuffle: bool = True
) -> list:
    """Split arrays of equal length into training, validation and (if ``test``) test parts.

    Like scikit-learn's ``train_test_split``: for each array, its parts in order, so
    ``X_tr, X_val, y_tr, y_val = train_val_split(X, y, val=10_000)`` and
    ``X_tr, X_val, X_te, y_tr, y_val, y_te = train_val_split(X, y, val=0.15, test=0.15)``.
    Works on tensors, NumPy arrays, pandas objects, lists and strings; the indices come from
    :func:`split_indices` (same seed, same split).
    """
    if not arrays:
        raise ValueError("train_val_split() needs at least one array")
    n = len(arrays[0])
    if any(len(a) != n for a in arrays):
        raise ValueError(f"arrays of different lengths: {[len(a) for a in arrays]}")
    split = split_indices(n, val, test, seed, shuffle)
    parts = (split.train, split.val, split.test) if test else (split.train, split.val)
    return [_take(a, idx) for a in arrays for idx in parts]


# --------------------------------------------------------------------------- images


@dataclass
class ImageData:
    """Images and labels as in-memory tensors, with a record of what was loaded.

    ``X_*`` are float32 tensors of shape (N, C, H, W) scaled to [0, 1]; ``y_*`` are int64.
    ``X_val``/``y_val`` hold the validation split taken from the training images (empty when
    none was asked for); the test images are the data set's own test files.
    """

    name: str
    X_train: torch.Tensor
    y_train: torch.Tensor
    X_test: torch.Tensor
    y_test: torch.Tensor
    classes: tuple[str, ...]
    full_train: int
    full_test: int
    notes: list[str] = field(default_factory=list)
    X_val: torch.Tensor | None = None
    y_val: torch.Tensor | None = None

    @property
    def n_val(self) -> int:
        return 0 if self.X_val is None else len(self.X_val)

    @property
    def is_subset(self) -> bool:
        return len(self.X_train) + self.n_val < self.full_train or len(self.X_test) < self.full_test

    def info(self) -> dict:
        """What was used, as a dict (for reports and ``bench/results.json``)."""
        return {
            "dataset": self.name,
            "subset": self.is_subset,
            "train": len(self.X_train),
            "val": self.n_val,
            "test": len(self.X_test),
            "full_train": self.full_train,
            "full_test": self.full_test,
        }

    def describe(self) -> str:
        """One line on how much data this is (plus any notes, such as CIFAR-10's copy)."""
        shape = "x".join(str(s) for s in self.X_train.shape[1:])
        val = f"{self.n_val:,} validation, " if self.n_val else ""
        sizes = f"{len(self.X_train):,} training, {val}{len(self.X_test):,} test images"
        if self.is_subset:
            kind = f"quick mode: a fixed random subset of {self.full_train:,} + {self.full_test:,}"
        else:
            kind = "the full data set"
        text = f"{self.name}, {sizes} ({kind}); {shape}, {len(self.classes)} classes"
        return "\n".join([text, *self.notes])

    def __repr__(self) -> str:
        return f"ImageData({self.describe()!r})"


def _subset(n_total: int, n: int | None, seed: int) -> torch.Tensor | None:
    """Indices of a fixed random subset of size n (sorted), or None for everything."""
    if n is None or n >= n_total:
        return None
    if n <= 0:
        raise ValueError(f"subset size must be positive, got {n}")
    g = torch.Generator().manual_seed(seed)
    return torch.randperm(n_total, generator=g)[:n].sort().values


def _sizes(n_train, n_test, quick_train, quick_test):
    if quick_mode():
        n_train = quick_train if n_train is None else min(n_train, quick_train)
        n_test = quick_test if n_test is None else min(n_test, quick_test)
    return n_train, n_test


def _image_data(name, train, test, n_train, n_test, n_val, seed, classes, notes=()) -> ImageData:
    """Build :class:`ImageData` from uint8 (N, C, H, W) train/test tensors and labels.

    Takes the (seeded) subsets, then holds out ``n_val`` of the training images as the
    validation split, scaled in proportion when only a subset of the training set is used.
    """
    full_train, full_test = len(train[0]), len(test[0])
    (Xtr, ytr), (Xte, yte) = (
        (X[idx], y[idx]) if (idx := _subset(len(X), n, seed)) is not None else (X, y)
        for (X, y), n in ((train, n_train), (test, n_test))
    )
    Xtr, Xte = Xtr.float().div_(255).contiguous(), Xte.float().div_(255).contiguous()
    ytr, yte = ytr.long(), yte.long()
    Xval = yval = None
    if n_val:
        n_val = round(n_val * len(Xtr) / full_train)
        Xtr, Xval, ytr, yval = train_val_split(Xtr, ytr, val=n_val, seed=seed)
    return ImageData(
        name, Xtr, ytr, Xte, yte, classes, full_train, full_test, list(notes), Xval, yval
    )


def mnist_dataset(train: bool = True, transform=None, root: Path | None = None):
    """torchvision's ``MNIST`` data set (one PIL image per item), checked by sha256.

    Use it to build a per-image ``transform`` pipeline; :func:`load_mnist` is the fast path.
    """
    root = Path(root) if root else data_root()
    prefix = "train" if train else "t10k"
    files = [f for p, f in FILES.items() if p.startswith(f"MNIST/raw/{prefix}-")]
    if not all((root / f.path).exists() for f in files):
        with _downloading(files, root):
            torchvision.datasets.MNIST(root, train=train, download=True)
    for f in files:
        verify(root / f.path, f.sha256, f.url)
    return torchvision.datasets.MNIST(root, train=train, transform=transform, download=False)


def load_mnist(
    n_train: int | None = None,
    n_test: int | None = None,
    n_val: int = 0,
    seed: int = 0,
    root=None,
) -> ImageData:
    """MNIST as in-memory tensors: (N, 1, 28, 28) floats in [0, 1] and int64 labels.

    ``n_val`` training images are held out as a validation split (``X_val``, ``y_val``),
    chosen by a permutation seeded by ``seed``; ``n_train``/``n_test`` take a fixed random
    subset first.  Quick mode caps them at 6,000 and 1,000 (and shrinks ``n_val`` in
    proportion: 10,000 of 60,000 becomes 1,000 of 6,000).
    """
    n_train, n_test = _sizes(n_train, n_test, 6_000, 1_000)
    parts = []
    for train in (True, False):
        ds = mnist_dataset(train=train, root=root)
        parts.append((ds.data.unsqueeze(1), ds.targets))
    classes = tuple(str(i) for i in range(10))
    return _image_data("MNIST", *parts, n_train, n_test, n_val, seed, classes)


class _CIFAR10(torchvision.datasets.CIFAR10):
    """torchvision's CIFAR10 that also accepts the course's rebuilt copy by sha256."""

    def _check_integrity(self) -> bool:
        return super()._check_integrity() or cifar10_is_rebuilt(Path(self.root))


def cifar10_is_rebuilt(root: Path) -> bool:
    """True when the files under ``root/cifar-10-batches-py`` are the rebuilt offline copy."""
    folder = Path(root) / "cifar-10-batches-py"
    return all(
        (folder / name).exists() and file_hash(folder / name) == sha
        for name, sha in CIFAR10_REBUILT_SHA256.items()
    )


def _verify_cifar10(root: Path) -> bool:
    """Check every CIFAR-10 file against the official md5 or the rebuilt copy's sha256.

    Returns True when all files are the rebuilt copy; raises :class:`ChecksumError` on any
    file that is neither.
    """
    folder = root / "cifar-10-batches-py"
    official = dict(_CIFAR10.train_list + _CIFAR10.test_list)
    official[_CIFAR10.meta["filename"]] = _CIFAR10.meta["md5"]
    rebuilt = True
    for name, sha in CIFAR10_REBUILT_SHA256.items():
        path = folder / name
        if file_hash(path) == sha:
            continue
        rebuilt = False
        if file_hash(path, "md5") != official[name]:
            raise _checksum_error(path, sha, file_hash(path), _CIFAR)
    return rebuilt


def load_cifar10(
    n_train: int | None = None,
    n_test: int | None = None,
    n_val: int = 0,
    seed: int = 0,
    root=None,
) -> ImageData:
    """CIFAR-10 as in-memory tensors: (N, 3, 32, 32) floats in [0, 1] and int64 labels.

    Accepts the official files and the course's rebuilt offline copy (with a visible note).
    ``n_val`` training images are held out as a validation split, as in :func:`load_mnist`.
    Quick mode caps the sizes at 5,000 train and 1,000 test images.
    """
    root = Path(root) if root else data_root()
    n_train, n_test = _sizes(n_train, n_test, 5_000, 1_000)
    folder = root / "cifar-10-batches-py"
    if not all((folder / name).exists() for name in CIFAR10_REBUILT_SHA256):
        missing = [DataFile(f"cifar-10-batches-py/{n}", _CIFAR, "") for n in CIFAR10_REBUILT_SHA256]
        with _downloading(missing, root):
            _CIFAR10(root, train=True, download=True)
    rebuilt = _verify_cifar10(root)
    parts = []
    for train in (True, False):
        ds = _CIFAR10(root, train=train, download=False)
        parts.append((torch.from_numpy(ds.data).permute(0, 3, 1, 2), torch.tensor(ds.targets)))
    notes = [CIFAR10_REBUILT_NOTE] if rebuilt else []
    return _image_data("CIFAR-10", *parts, n_train, n_test, n_val, seed, CIFAR10_CLASSES, notes)


def cifar10_exact_masks(root: Path | None = None) -> dict[str, np.ndarray]:
    """Boolean masks ``exact_train``/``exact_test`` of the rebuilt copy's exact-pixel images.

    The mask file ships only with the offline copy (there is no public URL). With the official
    CIFAR-10 files (downloaded, so not the rebuilt copy) every image is exact: all-True masks.
    Raises :class:`DataUnavailableError` if neither is there.
    """
    root = Path(root) if root else data_root()
    path = root / "cifar-10-provenance.npz"
    folder = root / "cifar-10-batches-py"
    have_files = all((folder / name).exists() for name in CIFAR10_REBUILT_SHA256)
    if not path.exists() and have_files and not _verify_cifar10(root):
        return {"exact_train": np.ones(50_000, bool), "exact_test": np.ones(10_000, bool)}
    if not path.exists():
        raise DataUnavailableError(
            f"{path} is missing: it ships only with the course's offline data folder "
            f"(set {ENV_VAR} to that folder)."
        )
    verify(path, "80caf0a2074445aa49c0a7dff4e614537f72404bb79c32dd60e2a31ec9e42e89")
    with np.load(path) as z:
        return {k: z[k] for k in z.files}


# --------------------------------------------------------------------------- tables and text


def _seaborn(name: str, root: Path | None) -> pd.DataFrame:
    import seaborn as sns

    root = Path(root) if root else data_root()
    f = FILES[f"seaborn/{name}.csv"]
    local = root / f.path
    if local.exists():
        verify(local, f.sha256, f.url)
    else:
        with _downloading([f], root):
            sns.load_dataset(name, data_home=str(local.parent))
        verify(local, f.sha256, f.url)
    return sns.load_dataset(name, data_home=str(local.parent))


def load_flights(root: Path | None = None) -> pd.DataFrame:
    """Monthly airline passengers 1949-1960 (144 rows: year, month, passengers), via seaborn."""
    return _seaborn("flights", root)


def load_iris(root: Path | None = None) -> pd.DataFrame:
    """Fisher's iris (150 rows, 4 measurements and the species), via seaborn."""
    return _seaborn("iris", root)


SEEDS_COLUMNS = [
    "area",
    "perimeter",
    "compactness",
    "kernel_length",
    "kernel_width",
    "asymmetry",
    "groove_length",
    "variety",
]
SEEDS_VARIETIES = {1: "Kama", 2: "Rosa", 3: "Canadian"}


def load_seeds(root: Path | None = None) -> pd.DataFrame:
    """UCI wheat seeds: 210 kernels, 7 measurements and ``variety`` (1 Kama, 2 Rosa, 3 Canadian)."""
    path = fetch("uci-seeds/seeds_dataset.txt", root)
    return pd.read_csv(path, sep=r"\s+", header=None, names=SEEDS_COLUMNS)


MUSHROOM_COLUMNS = [
    "class",
    "cap-shape",
    "cap-surface",
    "cap-color",
    "bruises",
    "odor",
    "gill-attachment",
    "gill-spacing",
    "gill-size",
    "gill-color",
    "stalk-shape",
    "stalk-root",
    "stalk-surface-above-ring",
    "stalk-surface-below-ring",
    "stalk-color-above-ring",
    "stalk-color-below-ring",
    "veil-type",
    "veil-color",
    "ring-number",
    "ring-type",
    "spore-print-color",
    "population",
    "habitat",
]


def load_mushroom(root: Path | None = None) -> pd.DataFrame:
    """UCI mushroom: 8,124 rows of 22 categorical attributes and ``class`` (e/p), as strings.

    ``?`` (a missing stalk-root) is kept as its own category.
    """
    path = fetch("uci-mushroom/agaricus-lepiota.data", root)
    return pd.read_csv(path, header=None, names=MUSHROOM_COLUMNS, dtype=str, keep_default_na=False)


SHAKESPEARE_QUICK_CHARS = 100_000


def load_shakespeare(root: Path | None = None) -> str:
    """The tiny Shakespeare corpus (1,115,394 characters) as one string.

    In quick mode, only its first 100,000 characters (``SHAKESPEARE_QUICK_CHARS``).
    """
    text = fetch("tinyshakespeare/input.txt", root).read_text(encoding="utf-8")
    return text[:SHAKESPEARE_QUICK_CHARS] if quick_mode() else text


# --------------------------------------------------------------------------- toy data


def make_separable(n: int = 100, margin: float = 0.5, seed: int = 0):
    """Two linearly separable 2-D classes (labels 0/1) split by the line x2 = 0.5 x1 + 0.2,
    with no point closer than ``margin`` to it (measured vertically)."""
    rng = np.random.default_rng(seed)
    X = np.empty((0, 2))
    while len(X) < n:
        cand = rng.uniform(-3, 3, size=(4 * n, 2))
        gap = cand[:, 1] - (0.5 * cand[:, 0] + 0.2)
        X = np.vstack([X, cand[np.abs(gap) > margin]])
    X = X[:n]
    y = (X[:, 1] > 0.5 * X[:, 0] + 0.2).astype(int)
    return X, y
