"""Exercise sets: generated files up to date, no solutions leak to students, a learner's work
is never overwritten, solutions score full marks and blank notebooks score zero."""

import json
import re
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest

from course_lib import exercises, grading

REPO = Path(__file__).resolve().parents[1]
MASTERS = sorted((REPO / "masters").glob("*.ipynb"))
SETS = [m.stem for m in MASTERS]


def solution_lines(master: Path) -> set[str]:
    """Substantial lines found only between ``# BEGIN/END SOLUTION`` markers in the master."""
    inside_lines, outside_lines = set(), set()
    for cell in nbformat.read(master, as_version=4).cells:
        inside = False
        for line in cell.source.split("\n") if cell.cell_type == "code" else []:
            if re.match(r"\s*# (BEGIN|END) SOLUTION", line):
                inside = "BEGIN" in line
            elif len(line.strip()) > 12 and not line.strip().startswith("#"):
                (inside_lines if inside else outside_lines).add(line.strip())
    return inside_lines - outside_lines


def hidden_test_names(master: Path) -> set[str]:
    names = set()
    for cell in nbformat.read(master, as_version=4).cells:
        if cell.cell_type == "code" and cell.source.startswith("# HIDDEN"):
            names |= set(re.findall(r"def (test_\w+)", cell.source))
    return names


def test_every_master_has_its_generated_files():
    assert SETS == ["ch01_perceptron", "ch02_mnist"]
    for name in SETS:
        assert (REPO / "exercises" / f"{name}.ipynb").exists()
        assert (REPO / "solutions" / f"{name}.ipynb").exists()
        assert exercises.tests_dir(name)


def test_generated_files_are_up_to_date_with_their_masters():
    assert exercises.stale(REPO) == []


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_student_notebooks_hold_no_solutions_or_hidden_tests(master):
    student = (REPO / "exercises" / f"{master.stem}.ipynb").read_text()
    public = "".join(p.read_text() for p in Path(exercises.tests_dir(master.stem)).glob("*.py"))
    leaked = [line for line in solution_lines(master) if line in student]
    assert not leaked, f"solution code in the student notebook: {leaked[:3]}"
    assert "BEGIN SOLUTION" not in student and "# HIDDEN" not in student
    hidden = hidden_test_names(master)
    assert hidden, "every set has hidden tests"
    for name in hidden:
        assert name not in student and name not in public
    assert "hidden=True" not in public


@pytest.mark.parametrize("name", SETS)
def test_student_notebook_records_its_blank_cells(name):
    path = REPO / "exercises" / f"{name}.ipynb"
    assert exercises.learner_changes(path) == []
    nb = nbformat.read(path, as_version=4)
    answers = [c for c in nb.cells if "otter_answer_cell" in c.metadata.get("tags", [])]
    assert len(answers) >= 3
    assert nb.metadata["course"]["exercise_set"] == name


def test_unknown_set_is_a_clear_error():
    with pytest.raises(ValueError, match="ch01_perceptron"):
        exercises.tests_dir("no_such_set")


def test_wheel_ships_the_public_tests(tmp_path):
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)]
    subprocess.run(cmd, check=True, capture_output=True)
    (wheel,) = tmp_path.glob("course_lib-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for name in SETS:
        shipped = {Path(n).name for n in names if f"exercise_tests/{name}/" in n}
        assert shipped == {p.name for p in Path(exercises.tests_dir(name)).glob("*.py")}


@pytest.fixture
def scratch_repo(tmp_path):
    """A minimal copy of the repository with one master, generated once."""
    (tmp_path / "masters").mkdir()
    shutil.copy(REPO / "masters" / "ch01_perceptron.ipynb", tmp_path / "masters")
    exercises.generate(tmp_path)
    return tmp_path


def test_regenerating_refuses_to_overwrite_a_learners_work(scratch_repo):
    student = scratch_repo / "exercises" / "ch01_perceptron.ipynb"
    nb = nbformat.read(student, as_version=4)
    answer = next(c for c in nb.cells if "otter_answer_cell" in c.metadata.get("tags", []))
    answer.source = "def predict(X, w, b):\n    return (X @ w + b >= 0).astype(int)  # my work"
    nbformat.write(nb, student)
    work = student.read_text()
    with pytest.raises(exercises.LearnerWorkError, match="answer cell"):
        exercises.generate(scratch_repo)
    assert student.read_text() == work  # nothing lost
    assert exercises.main(["--repo", str(scratch_repo), "generate"]) == 1
    assert student.read_text() == work
    exercises.generate(scratch_repo, force=True)
    assert exercises.learner_changes(student) == []


def test_outputs_alone_do_not_count_as_work(scratch_repo):
    student = scratch_repo / "exercises" / "ch01_perceptron.ipynb"
    nb = nbformat.read(student, as_version=4)
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", text="ran it\n")]
    nbformat.write(nb, student)
    exercises.generate(scratch_repo)  # no error


def test_unreadable_student_file_is_never_overwritten(scratch_repo):
    student = scratch_repo / "exercises" / "ch01_perceptron.ipynb"
    student.write_text("not json")
    with pytest.raises(exercises.LearnerWorkError):
        exercises.generate(scratch_repo)
    assert student.read_text() == "not json"


def test_ch02_solution_full_marks_and_blank_zero(tmp_path):
    """(Chapter 1 is covered by tests/test_grading.py.)"""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(REPO / "solutions" / "ch02_mnist.ipynb", folder / "solution.ipynb")
    shutil.copy(REPO / "exercises" / "ch02_mnist.ipynb", folder / "blank.ipynb")
    results = {
        r.student: r for r in grading.grade_folder(folder, None, tmp_path / "out", grading.Limits())
    }
    assert results["solution"].score == results["solution"].max > 0, results["solution"]
    assert results["blank"].score == 0
    assert not results["solution"].cell_errors


def test_grader_builds_a_missing_or_stale_bundle(tmp_path):
    first = grading.Assignment.load("ch01_perceptron", tmp_path)
    assert first.total == 13 and (tmp_path / "ch01_perceptron.json").exists()
    record = json.loads((tmp_path / "ch01_perceptron.json").read_text())
    record["master_sha256"], record["tests"] = "0" * 64, {}  # as if the master had changed
    (tmp_path / "ch01_perceptron.json").write_text(json.dumps(record))
    assert grading.Assignment.load("ch01_perceptron", tmp_path).tests == first.tests
