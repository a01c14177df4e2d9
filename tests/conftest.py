import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parents[1]


def _shared_data() -> Path:
    env = os.environ.get("COURSE_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The course's offline data folder (read-only: tests never write into it)."""
    root = _shared_data()
    if not (root / "MNIST").is_dir():
        msg = f"offline data folder not found at {root} (set COURSE_DATA)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return root


def _snapshot(root: Path):
    return sorted(
        (str(p.relative_to(root)), p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")
    )


@pytest.fixture(scope="session", autouse=True)
def data_root_untouched():
    """Fail the run if anything wrote into the shared data folder."""
    root = _shared_data()
    before = _snapshot(root) if root.is_dir() else None
    yield
    if before is not None:
        assert _snapshot(root) == before, f"tests modified the read-only data folder {root}"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
