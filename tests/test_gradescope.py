"""The Gradescope route, with otter's own runner: the autograder zip that ``make exercises``
writes for teachers who grade with Gradescope or ``otter run`` gives the solution full marks
and the blank student notebook zero, as ``make grade`` does.

``otter run -a <zip> <submission>`` is Gradescope's grading without the container: it unpacks
the zip into a temporary ``autograder/`` folder and runs the submission in a Jupyter kernel of
the current environment (nothing from the zip's ``setup.sh``/``environment.yml`` is installed),
with the tests run inside that same kernel.  No network: the notebooks' set-up cell installs
nothing when ``course_lib`` and ``otter`` are importable, and pip is told to use no index in
case it tries.
"""

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
import yaml

from course_lib import grading
from course_lib.exercises import build_bundle, service_requirements

REPO = Path(__file__).resolve().parents[1]
SET = "ch01_perceptron"
TIMEOUT = 300  # seconds per otter run (each takes about 10 s)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    """The set's otter autograder zip, built from its master, and its point total."""
    bundles = tmp_path_factory.mktemp("bundles")
    build_bundle(REPO / "masters" / f"{SET}.ipynb", bundles)
    zip_path = bundles / f"{SET}-otter-autograder.zip"
    assert zip_path.is_file(), f"build_bundle wrote no otter autograder zip into {bundles}"
    return zip_path, grading.Assignment.load(SET, bundles).total


def kernel_folder(root: Path) -> Path:
    """A Jupyter data folder whose ``python3`` kernel is this interpreter, so that otter's
    kernel cannot be another Python found in the user's or the system's kernels."""
    spec = root / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "Python 3", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel))
    return root


def otter_run(zip_path: Path, notebook: Path, work: Path, debug: bool) -> dict:
    """Grade ``notebook`` with ``python -m otter run``; return its results.json."""
    # the notebooks' first cell installs the course helpers and otter only when they are missing
    for module in ("course_lib", "otter"):
        assert importlib.util.find_spec(module), f"{module} is not importable here"
    out = work / "out"
    out.mkdir(parents=True)
    env = {
        **os.environ,
        "COURSE_QUICK": "1",
        "JUPYTER_PATH": str(kernel_folder(work / "jupyter")),
        "PIP_NO_INDEX": "1",  # a pip install in the set-up cell fails at once instead of waiting
    }
    cmd = [sys.executable, "-m", "otter", "run", "--no-logo", "-a", str(zip_path), "-o", str(out)]
    # --debug: a cell that raises (in the solution) stops the run with its traceback
    cmd += ["--debug"] if debug else []
    cmd.append(str(notebook))
    try:
        proc = subprocess.run(
            cmd, cwd=work, env=env, capture_output=True, text=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"otter run on {notebook.name} took over {TIMEOUT} s:\n{exc.stdout}")
    report = (
        f"{' '.join(cmd)}\nexit {proc.returncode}\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    )
    assert proc.returncode == 0, f"otter run failed:\n{report}"
    results = out / "results.json"
    assert results.is_file(), f"otter run wrote no results.json:\n{report}"
    return json.loads(results.read_text())


def scores(results: dict) -> dict[str, tuple[float, float]]:
    """{question: (score, max)} from otter's Gradescope results (the entries with points)."""
    return {t["name"]: (t["score"], t["max_score"]) for t in results["tests"] if "max_score" in t}


def questions(notebook: Path) -> list[str]:
    """The questions the notebook checks (``grader.check("q1")`` ...)."""
    nb = nbformat.read(notebook, as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code"]
    return sorted(s.split('"')[1] for s in cells if s.startswith("grader.check("))


@pytest.mark.parametrize("kind", ["solution", "blank"])
def test_otter_run_scores_like_make_grade(bundle, tmp_path, kind):
    zip_path, total = bundle
    notebook = REPO / ("solutions" if kind == "solution" else "exercises") / f"{SET}.ipynb"
    results = otter_run(zip_path, notebook, tmp_path, debug=kind == "solution")
    got = scores(results)
    assert sorted(got) == questions(notebook), f"otter graded other questions: {results}"
    assert sum(m for _, m in got.values()) == pytest.approx(total), f"points differ: {got}"
    expected = total if kind == "solution" else 0
    outputs = "\n".join(t.get("output", "") for t in results["tests"] if "max_score" in t)
    assert sum(s for s, _ in got.values()) == pytest.approx(expected), (
        f"the {kind} got {got} from otter run; make grade gives it {expected}:\n{outputs}"
    )


def test_the_zip_installs_the_course_on_the_service(bundle):
    """A grading service builds its image from the zip's environment.yml: beside otter it
    installs the course's pinned torch and torchvision (CPU builds) and course_lib from the
    course's repository, so the notebook's set-up cell has nothing left to install."""
    zip_path, _ = bundle
    with zipfile.ZipFile(zip_path) as zf:
        environment = yaml.safe_load(zf.read("environment.yml"))
    (pip,) = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict)]
    assert pip[0].startswith("otter-grader")
    assert pip[1:] == service_requirements(REPO)
    pins = (REPO / "requirements.txt").read_text().split()
    assert [p for p in pip if p.startswith(("torch==", "torchvision=="))] == [
        p for p in pins if p.startswith(("torch==", "torchvision=="))
    ]
    url = yaml.safe_load((REPO / "_config.yml").read_text())["repository"]["url"]
    assert f"course-lib @ git+{url}" in pip
