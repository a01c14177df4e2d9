"""Exercise sets: generated files up to date, no solutions leak to students, a learner's work
is never overwritten, solutions score full marks and blank notebooks score zero; and the
course's rules for a set (CHAPTERS.md, "An exercise set"): question kinds and points, at least
half the points beyond the chapter, points and time limits shown, device-agnostic tests,
absolute links, an answer cell for every written question, nothing about quick mode."""

import inspect
import json
import re
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest
import torch
import yaml
from torch import nn

from course_lib import exercises, grading

REPO = Path(__file__).resolve().parents[1]
MASTERS = sorted((REPO / "masters").glob("*.ipynb"))
SETS = [m.stem for m in MASTERS]
NOTEBOOKS = MASTERS + sorted((REPO / "exercises").glob("*.ipynb"))
NOTEBOOKS += sorted((REPO / "solutions").glob("*.ipynb"))
REPOSITORY = yaml.safe_load((REPO / "_config.yml").read_text())["repository"]
KINDS = ("from the chapter", "predict, then verify", "derive", "modify and measure", "explain")
# **Q5. A smaller margin (3 points · predict, then verify).**
HEADING = re.compile(r"\*\*Q(\d+)\. (.+) \((\d+(?:\.\d+)?) points? · (.+)\)\.\*\*")


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


def questions(master: Path) -> list[dict]:
    """Each question of a master: name and points from its ``# BEGIN QUESTION`` config (a list
    of points per test case counts as its sum) and the first line of its prompt."""
    cells = nbformat.read(master, as_version=4).cells
    found = []
    for i, cell in enumerate(cells):
        if cell.cell_type == "raw" and cell.source.startswith("# BEGIN QUESTION"):
            config = yaml.safe_load(cell.source)
            points = config["points"]
            prompt = next(c for c in cells[i + 1 :] if c.cell_type == "markdown")
            found.append(
                {
                    "name": config["name"],
                    "points": sum(points) if isinstance(points, list) else points,
                    "heading": prompt.source.split("\n")[0],
                }
            )
    return found


def cells_of(path: Path) -> list:
    return nbformat.read(path, as_version=4).cells


def student(name: str) -> Path:
    return REPO / "exercises" / f"{name}.ipynb"


def test_every_master_has_its_generated_files():
    # every chapter notebook book/NN_*.ipynb has its set masters/chNN_*.ipynb
    chapters = {p.name[:2] for p in (REPO / "book").glob("[0-9][0-9]_*.ipynb")}
    assert chapters == {name[2:4] for name in SETS}, "a chapter without an exercise set"
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


def assert_wheel_ships_the_public_tests(source: Path, out: Path) -> None:
    """Build a wheel of ``source`` into ``out``; it must hold every set's public tests."""
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)]
    subprocess.run(cmd, check=True, capture_output=True)
    (wheel,) = out.glob("course_lib-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    modules = {p.relative_to(source).as_posix() for p in (source / "course_lib").rglob("*.py")}
    modules = {m for m in modules if "/exercise_tests/" not in m}
    missing = modules - set(names)
    assert not missing, f"modules missing from the wheel (see pyproject.toml packages): {missing}"
    for name in SETS:
        shipped = {Path(n).name for n in names if f"exercise_tests/{name}/" in n}
        assert shipped == {p.name for p in Path(exercises.tests_dir(name)).glob("*.py")}


def test_wheel_ships_the_public_tests(tmp_path):
    assert_wheel_ships_the_public_tests(REPO, tmp_path)


@pytest.fixture
def scratch_repo(tmp_path):
    """A minimal copy of the repository with one master, generated once."""
    (tmp_path / "masters").mkdir()
    shutil.copy(REPO / "masters" / "ch01_perceptron.ipynb", tmp_path / "masters")
    for name in ("requirements.txt", "_config.yml"):  # for the otter zip's requirements
        shutil.copy(REPO / name, tmp_path)
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


@pytest.mark.parametrize("name", [s for s in SETS if s != "ch01_perceptron"])
def test_solution_full_marks_and_blank_zero(name, tmp_path):
    """Every set's solution earns every point and its blank notebook none.

    Before a set is first graded, the grader grades its blank notebook, to find the values
    the notebook gives, then its solution with those values given, to time its cells.  It
    stops, naming what failed, if the blank earns a point or the solution loses one.
    (Chapter 1 is covered, with bad submissions too, by tests/test_grading.py.)
    """
    # its own bundle folder: building bundles in the shared one while another worker
    # grades would change the files that grading protects, and flag that submission
    bundles = tmp_path / "bundles"
    assignment = grading.Assignment.load(name, bundles)
    with grading.isolation(bundles) as iso:
        grading.prepare(assignment, grading.Limits(), iso, bundles)
    reloaded = grading.Assignment.load(name, bundles)
    timing = grading.load_timing(reloaded, bundles)
    assert timing == json.loads(grading.timing_path(name, bundles).read_text())
    assert timing["solution_score"] == timing["max"] == assignment.total > 0
    assert timing["blank_score"] == 0  # (calibrating stops otherwise)
    assert timing["cells"] and max(timing["cells"].values()) < grading.Limits().cell_seconds
    assert sorted(assignment.given) == sorted(reloaded.given) == timing["given"]
    elsewhere = {**timing, "environment": {**timing["environment"], "cpu": "another"}}
    grading.timing_path(name, bundles).write_text(json.dumps(elsewhere))
    assert grading.load_timing(reloaded, bundles) is None  # measured again on a new machine


def test_grader_builds_a_missing_or_stale_bundle(tmp_path):
    first = grading.Assignment.load("ch01_perceptron", tmp_path)
    assert first.total == 14 and (tmp_path / "ch01_perceptron.json").exists()
    record = json.loads((tmp_path / "ch01_perceptron.json").read_text())
    record["master_sha256"], record["tests"] = "0" * 64, {}  # as if the master had changed
    (tmp_path / "ch01_perceptron.json").write_text(json.dumps(record))
    assert grading.Assignment.load("ch01_perceptron", tmp_path).tests == first.tests


# --------------------------------------------------------------------------- the set's rules


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_every_question_shows_its_kind_and_points(master):
    for q in questions(master):
        heading = HEADING.match(q["heading"])
        assert heading, f"{q['name']}: heading {q['heading']!r} lacks (<n> points · <kind>)"
        number, _, points, kind = heading.groups()
        assert f"q{number}" == q["name"], f"heading Q{number} for question {q['name']}"
        assert kind in KINDS, f"{q['name']}: kind {kind!r} is not one of {KINDS}"
        assert float(points) == q["points"], (
            f"{q['name']}: the heading says {points} points, the config {q['points']}"
        )


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_at_least_half_the_points_go_beyond_the_chapter(master):
    total, beyond = 0, 0
    for q in questions(master):
        total += q["points"]
        if HEADING.match(q["heading"])[4] != "from the chapter":
            beyond += q["points"]
    assert beyond >= total / 2, f"only {beyond} of {total} points go beyond the chapter"


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_every_set_has_at_least_3_graded_questions(master):
    graded = [q for q in questions(master) if q["points"] > 0]
    assert len(graded) >= 3
    shipped = {p.stem for p in Path(exercises.tests_dir(master.stem)).glob("q*.py")}
    assert {q["name"] for q in graded} <= shipped, "every graded question has public tests"


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_intro_states_the_points_and_the_grading_time_limits(master):
    qs, limits = questions(master), grading.Limits()
    total = sum(q["points"] for q in qs)
    for path in (master, student(master.stem)):
        intro = next(c.source for c in cells_of(path) if c.cell_type == "markdown")
        says = f"{len(qs)} questions, {total:g} points in all"
        assert says in intro, f"{path.name}: the intro must say {says!r}"
        stated = {
            what: float(re.search(rf"(\d+) s {what}", intro)[1])
            for what in ("per cell", "per test", "for the whole notebook")
        }
        assert stated == {
            "per cell": limits.cell_seconds,
            "per test": limits.test_seconds,
            "for the whole notebook": limits.submission_seconds,
        }, f"{path.name} states other limits than course_lib.grading.Limits()"
        scaled = f"{limits.time_multiple:g} times as long as the same cell of the solution, "
        scaled += f"plus {limits.time_margin:g} s"
        assert scaled in intro, f"{path.name} must say how cell limits scale: {scaled!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_links_are_absolute_and_use_the_config_url(path):
    """Relative links are dead on Colab; links to the course name the repository URL of
    _config.yml, and the files they point to exist."""
    url, name = REPOSITORY["url"].rstrip("/"), REPOSITORY["url"].rstrip("/").rsplit("/", 1)[1]
    chapters = []
    for cell in cells_of(path):
        if cell.cell_type == "markdown":
            targets = re.findall(r"\]\(([^)\s]*)", cell.source)
            relative = [t for t in targets if not t.startswith(("http", "#"))]
            assert not relative, f"relative links in {path.name}: {relative}"
        for link in re.findall(r"https?://[^\s)\]\"'<>`]+", cell.source):
            if name not in link:
                continue
            assert link == url or link.startswith(url + "/"), f"{link} is not under {url}"
            if link.startswith(f"{url}/blob/"):
                branch, _, file = link.removeprefix(f"{url}/blob/").partition("/")
                assert branch == REPOSITORY["branch"] and (REPO / file).exists(), link
                chapters += [file] if file.startswith("book/") else []
    assert chapters, f"{path.name} links to no chapter"


@pytest.mark.parametrize("name", SETS)
def test_student_notebooks_say_nothing_about_quick_mode_or_ci(name):
    text = "\n".join(c.source for c in cells_of(student(name)))
    for pattern in (r"(?i)quick", r"COURSE_QUICK", r"\bCI\b", r"pick\("):
        found = re.search(pattern, text)
        assert not found, f"{name}: {found[0]!r} in the student notebook"


def test_every_written_question_has_an_answer_cell():
    """Each "is it worth it?" and each "Qn, continued." prompt is followed, before the next
    question, by a markdown cell starting with **Your answer:** that the learner fills in."""
    asked = 0
    for name in SETS:
        cells = cells_of(student(name))
        for i, cell in enumerate(cells):
            text = cell.source if cell.cell_type == "markdown" else ""
            if "worth it?" not in text.lower() and not re.match(r"\*\*Q\d+, continued", text):
                continue
            asked += 1
            rest = cells[i + 1 :]
            end = next((j for j, c in enumerate(rest) if HEADING.match(c.source)), len(rest))
            assert any(
                c.cell_type == "markdown" and c.source.startswith("**Your answer:**")
                for c in rest[:end]
            ), f"{name}: no answer cell after {text[:60]!r}"
    assert asked, "the sets ask for written answers"


def master_tests(master: Path) -> dict:
    """The test functions of a master (public and hidden), by name."""
    namespace: dict = {}
    for cell in cells_of(master):
        source = cell.source.removeprefix("# HIDDEN\n")
        if cell.cell_type == "code" and source.startswith("def test_"):
            exec(source, namespace)
    return {k: v for k, v in namespace.items() if k.startswith("test_")}


def test_ch02_tests_send_inputs_to_the_models_device():
    """A learner may train on a GPU, so every test that runs a learner's model must send its
    inputs to the model's device.  Models on PyTorch's "meta" device stand in for a GPU: a CPU
    input fails with a device error, while the model's own device only fails later, where a
    meta tensor (which holds no numbers) is turned into a number."""
    namespace = {"torch": torch, "nn": nn}
    for cell in cells_of(REPO / "solutions" / "ch02_mnist.ipynb"):
        if cell.cell_type == "code" and cell.source.startswith("class "):
            exec(cell.source, namespace)  # TwoHiddenMLP, LinearMLP
    models = {
        "mlp2": namespace["TwoHiddenMLP"](),
        "linear_mlp": namespace["LinearMLP"](),
        "cnn": nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.Flatten(), nn.Linear(3136, 10)),
    }
    values = {**namespace, **{k: m.to("meta") for k, m in models.items()}}
    values.update(mlp2_acc=0.5, linear_mlp_acc=0.5, closest="softmax regression")
    checked = []
    for name, test in master_tests(REPO / "masters" / "ch02_mnist.ipynb").items():
        args = list(inspect.signature(test).parameters)
        if not set(args) & set(models):
            continue
        try:
            test(**{a: values[a] for a in args})
        except Exception as exc:
            assert "device" not in str(exc), f"{name} does not use the model's device: {exc}"
        checked.append(name)
    assert len(checked) >= 5, checked
