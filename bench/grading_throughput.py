"""How many submissions a minute `make grade` gets through, one at a time and two at a time.

    python bench/grading_throughput.py            # writes bench/grading_throughput.json

Each submission runs in its sandbox, and the tests run in a judge forked for it (see
course_lib/grading_judge.py).  Before the clock runs, one submission is graded alone, so that
the solution's timing (which sets the time limits) is stored.
Two batches, each graded with --jobs 1 and --jobs 2 (--regrade, so nothing is reused); rows of
grades.csv that differ between the two are recorded:
100 ch01_perceptron submissions (solutions, blank notebooks and wrong answers, mixed) with the
grader's default limits, and 20 ch02_mnist solutions in full mode (the whole data set, as a
teacher grades them).  Every run's grades.csv must equal the first one's.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from test_grading import blank, solution, wrong_answers  # noqa: E402


def batch(folder: Path, name: str, notebooks: list) -> Path:
    folder.mkdir(parents=True)
    for i, nb in enumerate(notebooks):
        nbformat.write(nb, folder / f"student{i:03d}.ipynb")
    return folder


def grade(folder: Path, name: str, out: Path, jobs: int, env: dict) -> float:
    cmd = [sys.executable, "-m", "course_lib.grading", str(folder), "--set", name]
    cmd += ["--out", str(out), "--jobs", str(jobs), "--regrade"]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def measure(folder: Path, name: str, tmp: Path, env: dict) -> dict:
    n = len(list(folder.glob("*.ipynb")))
    record, first = {"set": name, "submissions": n}, None
    # not counted: the grader times the set's solution once (its time limits) when no
    # timing is stored for this master and mode yet; do that before the clock runs
    warm = tmp / f"{name}-warm-up"
    one = batch(warm / "in", name, [nbformat.read(next(folder.glob("*.ipynb")), as_version=4)])
    grade(one, name, warm / "out", 1, env)
    for jobs in (1, 2):
        out = tmp / f"{name}-jobs{jobs}"
        seconds = grade(folder, name, out, jobs, env)
        csv = (out / "grades.csv").read_text().splitlines()
        if first is not None and csv != first:  # record which rows differ, and go on
            record["grade_rows_that_differ"] = sorted(set(csv) ^ set(first))
        first = csv
        record[f"jobs{jobs}"] = {
            "seconds": round(seconds, 1),
            "per_minute": round(60 * n / seconds, 1),
        }
        print(f"{name}: {n} submissions, JOBS={jobs}: {seconds:.0f} s", flush=True)
    record["speed-up"] = round(record["jobs1"]["seconds"] / record["jobs2"]["seconds"], 2)
    return record


def main() -> int:
    """``--only ch01`` or ``--only ch02`` re-measures one batch and keeps the other's record."""
    out = REPO / "bench" / "grading_throughput.json"
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    results = json.loads(out.read_text()) if only and out.exists() else {}
    results["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        quick = {**os.environ, "COURSE_QUICK": "1"}
        full = {k: v for k, v in os.environ.items() if k != "COURSE_QUICK"}
        if only in (None, "ch01"):
            mixed = [(solution, blank, wrong_answers)[i % 3]() for i in range(100)]
            ch01 = batch(tmp / "ch01", "ch01_perceptron", mixed)
            results["ch01_perceptron"] = measure(ch01, "ch01_perceptron", tmp, quick)
            results["ch01_perceptron"]["date"] = time.strftime("%Y-%m-%d")
        if only in (None, "ch02"):
            sol02 = nbformat.read(REPO / "solutions" / "ch02_mnist.ipynb", as_version=4)
            ch02 = batch(tmp / "ch02", "ch02_mnist", [sol02] * 20)
            results["ch02_mnist (full mode)"] = measure(ch02, "ch02_mnist", tmp, full)
            results["ch02_mnist (full mode)"]["date"] = time.strftime("%Y-%m-%d")
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
