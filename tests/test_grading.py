"""The grader against real bad submissions: every one gets a score and a reason, none hangs
or crashes the batch, and nothing earns more than its answers."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from course_lib import grading
from course_lib.exercises import PACKAGE_TESTS

REPO = Path(__file__).resolve().parents[1]
SET = "ch01_perceptron"
LIMITS = grading.Limits(cell_seconds=4, test_seconds=5, submission_seconds=20, memory_mb=4096)


def solution():
    return nbformat.read(REPO / "solutions" / f"{SET}.ipynb", as_version=4)


def blank():
    return nbformat.read(REPO / "exercises" / f"{SET}.ipynb", as_version=4)


def edit(nb, find, new_source=None, before=None, after=None):
    """Replace (or add code before/after) the first code cell whose source contains ``find``."""
    for cell in nb.cells:
        if cell.cell_type == "code" and find in cell.source:
            src = cell.source if new_source is None else new_source
            cell.source = "\n".join(s for s in (before, src, after) if s)
            return nb
    raise AssertionError(f"no cell contains {find!r}")


WRONG = {  # plausible but wrong answers for every question
    "def predict(": "def predict(X, w, b):\n    return np.zeros(len(X), dtype=int)",
    "def perceptron_update(": "def perceptron_update(w, b, x, d, lr=1.0):\n    return w, b",
    "def train_perceptron(": "def train_perceptron(X, d, lr=1.0, epochs=10):\n    return 0, 0, []",
    # the chapter's XOR, AND(OR, NAND): the right output from other hidden units than asked
    "W_hidden =": "W_hidden = np.array([[1.0, 1.0], [-1.0, -1.0]])\n"
    "b_hidden = np.array([-0.5, 1.5])\nw_out, b_out = np.array([1.0, 1.0]), -1.5",
    # the chapter's numbers, not the ones of the points closer to the line
    "gamma_small =": "gamma_small, R_small, bound_small, updates_small = 0.246, 3.80, 237.4, 14",
    # the chapter's mean-squared-error gradient instead of the cross-entropy one
    "def bce_grad(": "def bce_grad(w, b, X, y):\n    a = 1 / (1 + np.exp(-(X @ w + b)))\n"
    "    delta = (a - y) * a * (1 - a) / len(y)\n    return X.T @ delta, delta.sum()",
}


def wrong_answers():
    nb = solution()
    for find, src in WRONG.items():
        edit(nb, find, src)
    return nb


REWRITE_COPY = """
import glob, os
from course_lib.exercises import tests_dir

FAKE = "from otter.test_files import test_case\\nOK_FORMAT = False\\nname = '{q}'\\npoints = 100\\n"


def rewrite(paths):
    for path in paths:
        try:
            with open(path, "w") as fh:
                fh.write(FAKE.format(q=os.path.basename(path).split(".")[0]))
        except OSError as exc:
            print("could not rewrite", path, exc)


rewrite(glob.glob(os.path.join(tests_dir("ch01_perceptron"), "*.py")))
"""
# the course's own files: the packaged public tests and the hidden-test bundle
REWRITE_COURSE_FILES = """
from course_lib.exercises import PACKAGE_TESTS
from course_lib.grading import DEFAULT_BUNDLES

rewrite(glob.glob(str(PACKAGE_TESTS / "ch01_perceptron" / "*.py")))
rewrite(glob.glob(str(DEFAULT_BUNDLES / "*.json")))
"""
REWRITE_TESTS = REWRITE_COPY + REWRITE_COURSE_FILES

READ_HIDDEN = """
import glob
from course_lib.grading import DEFAULT_BUNDLES
found = glob.glob(str(DEFAULT_BUNDLES / "*.json"))
for path in found:
    print(open(path).read()[:200])
print("hidden test files visible:", found)
"""

NETWORK = """
import socket
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=3).close()
    print("network: reached the grader's machine")
except OSError as exc:
    print("network: blocked", exc)
"""

FORGE = """
import os, sys
sys.__stdout__.write("RESULT {}\\n")
os.write(1, b"READY\\n")
print('RESULT {"cells": [], "tests": [], "output": ""}')
"""


# Wrong answers plus code that tries to make the tests' comparisons agree with them.  The
# tests run in the grader's own process (course_lib.grading_judge), so none of it can reach
# them: each must score exactly what the wrong answers alone score.
PATCHES = {
    "patch_by_assignment": """
import numpy as np
np.allclose = lambda *a, **k: True
np.isclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
""",
    "patch_by_computed_name": """
import importlib
mod = importlib.import_module("n" + "umpy")
for name in ("all" + "close", "is" + "close", "array_" + "equal"):
    setattr(mod, name, lambda *a, **k: True)
""",
    "patch_numpy_testing": """
import numpy.testing as npt
for name in ("assert_allclose", "assert_array_equal", "assert_equal", "assert_array_almost_equal"):
    setattr(npt, name, lambda *a, **k: None)
""",
    "patch_builtins": """
import builtins
builtins.all = lambda *a, **k: True
builtins.abs = lambda x: 0
builtins.AssertionError = type("Never", (Exception,), {})
""",
    # the harness that answers the grader's requests: claim success wherever it can
    "patch_harness": """
import course_lib.grading_runner as runner
import course_lib.grading_wire as wire
_answer = runner.Server.answer
def answer(self, header, buffers):
    value = _answer(self, header, buffers)
    return True if header.get("op") in ("bool", "exec", "isinstance", "contains") else value
runner.Server.answer = answer
_encode = wire.encode
wire.encode = lambda obj, handle_of=None: _encode(obj, handle_of)
""",
    # frames and lines of the old protocol, written on every descriptor, claiming success
    "forged_messages": """
import os
from course_lib import grading_wire as wire
frame = wire.pack({"id": 10**9, "reply": {"$d": [["value", True]]}})
line = b'RESULT {"tests": [], "cells": [], "output": ""}\\n'
for fd in range(3, 30):
    for data in (frame, line):
        try:
            os.write(fd, data)
        except OSError:
            pass
""",
}


# attacks on the grader itself, found by review: each must cost only its own grade
FORGED_READY = """
import json
json.dumps = lambda *a, **k: '{"cells": [{}], "output": ""}'
"""
SYMLINK_TESTS = """
import os
from course_lib.exercises import tests_dir
os.symlink("/proc/self/mem", os.path.join(tests_dir("ch01_perceptron"), "q9.py"))
"""
PEEK = """
import os
here = os.getcwd()
others = set(os.listdir(os.path.dirname(here))) - {os.path.basename(here)}
print("work folders beside mine:", sorted(others))
print("repository history visible:", os.path.exists(GIT))
"""


def _cases(port: int) -> dict[str, tuple[object, str]]:
    """name -> (notebook or raw bytes, file name); ``port``: a listener on 127.0.0.1."""
    infinite = solution()
    edit(infinite, "def predict(", before="while True:\n    pass")
    stubborn = solution()
    edit(
        stubborn,
        "def predict(",
        after="while True:\n    try:\n        while True:\n            pass\n"
        "    except BaseException:\n        pass",
    )
    import_error = solution()
    import_error.cells.insert(1, nbformat.v4.new_code_cell("import module_that_does_not_exist"))
    huge = solution()
    edit(
        huge, "W_hidden =", after='print("x" * 50_000_000)\nfor i in range(200_000):\n    print(i)'
    )
    wrong_types = solution()
    edit(wrong_types, "def predict(", 'def predict(X, w, b):\n    return "0001"')
    edit(wrong_types, "def perceptron_update(", "perceptron_update = 42")
    edit(wrong_types, "b_out", 'W_hidden = b_hidden = w_out = b_out = "xor"')
    read_hidden = wrong_answers()
    edit(read_hidden, "b_out", after=READ_HIDDEN)
    rewrite = wrong_answers()
    # without a sandbox the course's own files are reachable: attack only the throw-away copy
    attack = REWRITE_TESTS if grading.bwrap_available() else REWRITE_COPY
    edit(rewrite, "import numpy as np", after=attack)
    forge = wrong_answers()
    edit(forge, "b_out", after=FORGE)
    kill = solution()
    edit(kill, "b_out", after="import os\nos.kill(os.getpid(), 9)")
    memory = solution()
    edit(memory, "def predict(", before="hog = bytearray(64 * 2**30)")
    exits = solution()
    edit(exits, "def predict(", after="import sys\nsys.exit(0)")
    network = solution()
    edit(network, "b_out", after=NETWORK.format(port=port))
    forged_ready = wrong_answers()
    edit(forged_ready, "b_out", after=FORGED_READY)
    symlink = wrong_answers()
    edit(symlink, "b_out", after=SYMLINK_TESTS)
    peek = solution()
    edit(peek, "b_out", after=PEEK.replace("GIT", repr(str(REPO / ".git" / "HEAD"))))
    patched = {}
    for name, code in PATCHES.items():
        patched[name] = wrong_answers()
        edit(patched[name], "b_out", after=code)
    empty = nbformat.v4.new_notebook()
    other_set = nbformat.read(REPO / "exercises" / "ch02_mnist.ipynb", as_version=4)
    return {
        "solution": (solution(), "solution.ipynb"),
        "renamed": (solution(), "My Work (final) v2.ipynb"),
        "missing_answers": (blank(), "missing_answers.ipynb"),
        "wrong_answers": (wrong_answers(), "wrong_answers.ipynb"),
        "infinite_loop": (infinite, "infinite_loop.ipynb"),
        "stubborn_loop": (stubborn, "stubborn_loop.ipynb"),
        "import_error": (import_error, "import_error.ipynb"),
        "huge_output": (huge, "huge_output.ipynb"),
        "wrong_types": (wrong_types, "wrong_types.ipynb"),
        "read_hidden": (read_hidden, "read_hidden.ipynb"),
        "rewrite_tests": (rewrite, "rewrite_tests.ipynb"),
        "forge_result": (forge, "forge_result.ipynb"),
        "kill_kernel": (kill, "kill_kernel.ipynb"),
        "memory_hog": (memory, "memory_hog.ipynb"),
        "sys_exit": (exits, "sys_exit.ipynb"),
        "network": (network, "network.ipynb"),
        "empty_notebook": (empty, "empty_notebook.ipynb"),
        "other_set": (other_set, "other_set.ipynb"),
        "not_a_notebook": (b"Dear teacher, my dog ate my notebook.", "not_a_notebook.txt"),
        "broken_json": (b'{"cells": [', "broken_json.ipynb"),
        "zip_export": (solution(), "zip_export.zip"),
        **{name: (nb, f"{name}.ipynb") for name, nb in patched.items()},
        "forged_ready": (forged_ready, "forged_ready.ipynb"),
        "symlink_tests": (symlink, "symlink_tests.ipynb"),
        "peek": (peek, "peek.ipynb"),
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("submissions")
    folder = tmp / "in"
    folder.mkdir()
    listener = socket.create_server(("127.0.0.1", 0))
    cases = _cases(listener.getsockname()[1])
    for content, filename in cases.values():
        path = folder / filename
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif filename.endswith(".zip"):
            with zipfile.ZipFile(path, "w") as zf:
                zf.writestr("ch01_perceptron.ipynb", nbformat.writes(content))
                zf.writestr(".OTTER_LOG", "log")
        else:
            nbformat.write(content, path)
    package_tests = {p.name: p.read_text() for p in (PACKAGE_TESTS / SET).glob("*.py")}
    out = tmp / "out"
    results = grading.grade_folder(folder, SET, out, LIMITS, jobs=1)
    listener.close()
    by_file = {r.file: r for r in results}
    named = {name: by_file[filename] for name, (_, filename) in cases.items()}
    return named, out, package_tests


FULL = 14.0


def test_batch_completes_with_a_csv_row_per_question(graded):
    results, out, _ = graded
    rows = (out / "grades.csv").read_text().splitlines()
    assert rows[0] == "student,file,question,score,max,status,flags,reason"
    assert len(rows) == 1 + len(results) * 7  # 6 questions + TOTAL each
    book = (out / "gradebook.csv").read_text().splitlines()  # one row per student
    assert book[0] == "student,total,max,status,q1,q2,q3,q4,q5,q6"
    assert len(book) == 1 + len(results)
    for r in results.values():
        assert r.max == FULL  # verified against the assignment's total
        assert (out / "feedback" / f"{r.student}.md").exists()


def test_correct_submissions_get_full_marks(graded):
    results, _, _ = graded
    for name in ("solution", "renamed", "zip_export", "import_error", "huge_output"):
        assert results[name].score == FULL, (name, results[name])
    assert results["renamed"].student == "My_Work_final_v2"
    assert any("module_that_does_not_exist" in e for e in results["import_error"].cell_errors)
    assert len(results["huge_output"].output) < 25_000


@pytest.mark.parametrize("name", ["missing_answers", "empty_notebook"])
def test_no_answers_no_points(graded, name):
    results, _, _ = graded
    assert results[name].score == 0 and results[name].status == "graded"


def test_wrong_answers_earn_only_what_they_pass(graded):
    r = graded[0]["wrong_answers"]
    # only q2's "a correct prediction changes nothing" (0.5 points) holds for `return w, b`
    assert r.score == 0.5 and {q.question: q.score for q in r.questions}["q2"] == 0.5


def test_infinite_loop_costs_only_its_cell(graded):
    r = graded[0]["infinite_loop"]
    assert r.score == FULL - 2  # q1's cell timed out before predict was defined
    assert any("time-out" in e for e in r.cell_errors)


def test_a_runaway_loop_costs_seconds_not_the_cap(tmp_path):
    """Time limits scale with the set: each of ch01's solution cells runs in about a second at
    most, so with the default limits (300 s a cell) a loop that never ends is stopped within
    seconds: 10 x the solution's time for that cell + 10 s."""
    src = tmp_path / "in"
    src.mkdir()
    nb = solution()
    edit(nb, "def predict(", before="while True:\n    pass")
    nbformat.write(nb, src / "runaway.ipynb")
    (r,) = grading.grade_folder(src, SET, tmp_path / "out", grading.Limits(), jobs=1)
    timing = json.loads(grading.timing_path(SET, grading.DEFAULT_BUNDLES).read_text())
    assert max(timing["cells"].values()) < 5, timing  # the solution's slowest cell
    (error,) = [e for e in r.cell_errors if "time-out" in e]
    limit = float(error.split("time-out after ")[1].split(" s")[0])
    assert limit < 60 and r.seconds < 90, (error, r.seconds)
    assert r.score == FULL - 2  # only q1, whose cell never finished


def test_loop_that_swallows_the_timeout_is_stopped(graded):
    r = graded[0]["stubborn_loop"]
    assert r.status == "failed" and "time-out" in r.reason and r.score == 0


def test_wrong_types_fail_their_questions_only(graded):
    r = graded[0]["wrong_types"]
    scores = {q.question: q.score for q in r.questions}
    assert scores["q1"] == scores["q2"] == scores["q4"] == 0
    assert scores["q3"] == 0  # train_perceptron calls the broken perceptron_update
    # q5: gamma, R and the bound are right (1 of 3 points); counting the updates calls
    # train_perceptron, which fails
    assert scores["q5"] == 1
    assert scores["q6"] == 3


def test_reading_hidden_tests_finds_nothing_and_is_flagged(graded):
    r = graded[0]["read_hidden"]
    assert r.score == graded[0]["wrong_answers"].score
    assert any("suspicious" in f for f in r.flags)
    if grading.bwrap_available():
        assert "hidden test files visible: []" in r.output


def test_rewriting_tests_is_never_rewarded(graded):
    r, package_tests = graded[0]["rewrite_tests"], graded[2]
    assert r.score == graded[0]["wrong_answers"].score and r.status == "flagged"
    assert any("tampering" in f for f in r.flags)
    # the packaged public tests and the pristine bundle are unchanged
    assert {p.name: p.read_text() for p in (PACKAGE_TESTS / SET).glob("*.py")} == package_tests
    bundle = json.loads((grading.DEFAULT_BUNDLES / f"{SET}.json").read_text())
    assert bundle["total"] == FULL


def test_forged_result_lines_are_ignored(graded):
    r = graded[0]["forge_result"]
    assert r.score == graded[0]["wrong_answers"].score and r.status == "graded"
    assert any("suspicious" in f for f in r.flags)


@pytest.mark.parametrize("name", list(PATCHES))
def test_wrong_answers_gain_nothing_from_patching_comparisons(graded, name):
    wrong, patched = graded[0]["wrong_answers"], graded[0][name]
    by_question = lambda r: {q.question: q.score for q in r.questions}  # noqa: E731
    assert by_question(patched) == by_question(wrong), (name, patched)
    assert patched.score == wrong.score == 0.5


def test_attacks_on_the_grader_cost_only_their_own_grade(graded):
    """The batch completed (the fixture), and each attack scores no more than its answers."""
    results = graded[0]
    wrong = results["wrong_answers"].score
    assert results["forged_ready"].score <= wrong
    r = results["symlink_tests"]
    assert r.score == wrong and r.status == "flagged"
    assert any("modified or removed the public tests" in f for f in r.flags)
    peek = results["peek"]
    assert peek.score == FULL
    if grading.bwrap_available():
        assert "work folders beside mine: []" in peek.output
        assert "repository history visible: False" in peek.output


@pytest.mark.parametrize("name", ["kill_kernel"])
def test_killing_the_process_scores_zero_with_a_reason(graded, name):
    r = graded[0][name]
    assert r.status == "failed" and r.score == 0 and "ended the grading process" in r.reason


def test_memory_hog_fails_its_cell_only(graded):
    r = graded[0]["memory_hog"]
    assert any("MemoryError" in e for e in r.cell_errors)
    assert r.score == FULL - 2


def test_sys_exit_is_a_cell_error(graded):
    r = graded[0]["sys_exit"]
    assert any("SystemExit" in e for e in r.cell_errors) and r.score == FULL


@pytest.mark.parametrize(
    "name, status",
    [("not_a_notebook", "invalid"), ("broken_json", "invalid"), ("other_set", "wrong set")],
)
def test_unusable_files_get_zero_and_a_reason(graded, name, status):
    r = graded[0][name]
    assert r.status == status and r.score == 0 and r.reason


def test_grading_never_modifies_a_submission(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    nbformat.write(solution(), src / "a.ipynb")
    before = (src / "a.ipynb").read_bytes()
    grading.grade_folder(src, SET, tmp_path / "out", LIMITS)
    assert (src / "a.ipynb").read_bytes() == before
    assert sorted(p.name for p in src.iterdir()) == ["a.ipynb"]


def test_without_sandbox_rewritten_tests_still_earn_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(grading, "bwrap_available", lambda: False)
    backup = tmp_path / "backup"
    shutil.copytree(PACKAGE_TESTS / SET, backup)
    src = tmp_path / "in"
    src.mkdir()
    nb = wrong_answers()
    attack = REWRITE_COPY  # without a sandbox, course files are the teacher's to guard
    edit(nb, "import numpy as np", after=attack)
    nbformat.write(nb, src / "attack.ipynb")
    try:
        (r,) = grading.grade_folder(src, SET, tmp_path / "out", LIMITS)
    finally:
        shutil.rmtree(PACKAGE_TESTS / SET)
        shutil.copytree(backup, PACKAGE_TESTS / SET)
    assert r.score == 0.5 and r.status == "flagged"  # what wrong_answers earns


def test_network_is_cut_off_in_the_sandbox(graded):
    r = graded[0]["network"]
    assert r.score == FULL
    if grading.bwrap_available():
        assert "network: blocked" in r.output


def grade_cli(folder, out, *extra):
    """make grade's command, with the small limits of these tests."""
    cmd = [sys.executable, "-m", "course_lib.grading", str(folder), "--set", SET, "--out", str(out)]
    cmd += ["--cell-seconds", "4", "--submission-seconds", "20", "--memory-mb", "4096", *extra]
    return cmd


def test_an_interrupted_batch_resumes_to_the_same_grades(tmp_path):
    """Kill a batch once one result is stored: the re-run grades only the rest, and the CSVs
    equal those of an uninterrupted batch graded two at a time; --regrade grades all again."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i, nb in enumerate([solution(), blank(), wrong_answers(), solution()]):
        nbformat.write(nb, folder / f"student{i}.ipynb")
    whole = tmp_path / "whole"
    subprocess.run(grade_cli(folder, whole, "--jobs", "2"), check=True, capture_output=True)

    out = tmp_path / "out"
    batch = subprocess.Popen(
        grade_cli(folder, out, "--jobs", "1"),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stored = lambda: list((out / ".results").glob("*.json"))  # noqa: E731
    deadline = time.monotonic() + 300
    while not stored() and batch.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(batch.pid, signal.SIGKILL)  # the batch and its sandboxes, as a power cut would
    batch.wait()
    kept = len(stored())
    assert 1 <= kept < 4 and not (out / "grades.csv").exists()

    again = subprocess.run(grade_cli(folder, out), check=True, capture_output=True, text=True)
    assert f"({4 - kept} graded now, {kept} from earlier runs)" in again.stdout
    for name in ("grades.csv", "gradebook.csv"):
        assert (out / name).read_text() == (whole / name).read_text()

    forced = subprocess.run(
        grade_cli(folder, out, "--regrade"), check=True, capture_output=True, text=True
    )
    assert "(4 graded now, 0 from earlier runs)" in forced.stdout
    assert (out / "grades.csv").read_text() == (whole / "grades.csv").read_text()


def test_changing_the_given_data_gains_nothing(tmp_path):
    """A test takes the values the notebook gives (data, constants) from the solution's run,
    recorded when the set was first graded, not from the submission: emptying ch05's DIMS, so
    that no measurement is missing, earns what the formulas alone earn."""
    set_name = "ch05_knn_linear"
    formulas = (
        "def sq_distance_mean(d):\n    return d / 6\n\n\n"
        "def sq_distance_sd(d):\n    return (7 * d / 180) ** 0.5\n\n\n"
    )
    folder = tmp_path / "in"
    folder.mkdir()
    for name, given, measured in (
        ("formulas_only", None, "measured_mean, measured_sd = ..., ..."),
        ("empty_dims", "DIMS = ()", "measured_mean, measured_sd = {}, {}"),
    ):
        nb = nbformat.read(REPO / "exercises" / f"{set_name}.ipynb", as_version=4)
        edit(nb, "def sq_distance_mean(", formulas + measured)
        if given:
            edit(nb, "DIMS = (", given)
        nbformat.write(nb, folder / f"{name}.ipynb")
    results = grading.grade_folder(folder, set_name, tmp_path / "out", grading.Limits(), tmp_path)
    q3 = {r.student: {q.question: q.score for q in r.questions}["q3"] for r in results}
    assert q3["empty_dims"] == q3["formulas_only"] == 1.0, q3
    flags = {r.student: r.flags for r in results}
    assert any("changed values it is given (DIMS)" in f for f in flags["empty_dims"])
    assert not any("given" in f for f in flags["formulas_only"])
    timing = json.loads(grading.timing_path(set_name, tmp_path).read_text())
    assert {"DIMS", "X_train", "y_train", "X_val", "y_val"} <= set(timing["given"])
    assert "knn_predict" not in timing["given"] and "acc_5nn" not in timing["given"]
