"""How many submissions a minute `make grade` gets through, one at a time and two at a time.

    python bench/grading_throughput.py            # writes bench/grading_throughput.json

Two batches, each graded with --jobs 1 and --jobs 2 (--regrade, so nothing is reused):
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
    for jobs in (1, 2):
        out = tmp / f"{name}-jobs{jobs}"
        seconds = grade(folder, name, out, jobs, env)
        csv = (out / "grades.csv").read_text()
        assert first is None or csv == first, "the grades differ between JOBS=1 and JOBS=2"
        first = csv
        record[f"jobs{jobs}"] = {
            "seconds": round(seconds, 1),
            "per_minute": round(60 * n / seconds, 1),
        }
        print(f"{name}: {n} submissions, JOBS={jobs}: {seconds:.0f} s", flush=True)
    record["speed-up"] = round(record["jobs1"]["seconds"] / record["jobs2"]["seconds"], 2)
    return record


def main() -> int:
    results = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "date": time.strftime("%Y-%m-%d"),
    }
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        quick = {**os.environ, "COURSE_QUICK": "1"}
        full = {k: v for k, v in os.environ.items() if k != "COURSE_QUICK"}
        mixed = [(solution, blank, wrong_answers)[i % 3]() for i in range(100)]
        ch01 = batch(tmp / "ch01", "ch01_perceptron", mixed)
        results["ch01_perceptron"] = measure(ch01, "ch01_perceptron", tmp, quick)
        sol02 = nbformat.read(REPO / "solutions" / "ch02_mnist.ipynb", as_version=4)
        ch02 = batch(tmp / "ch02", "ch02_mnist", [sol02] * 20)
        results["ch02_mnist (full mode)"] = measure(ch02, "ch02_mnist", tmp, full)
    out = REPO / "bench" / "grading_throughput.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
