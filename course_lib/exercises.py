"""Exercise sets: the learner's side and the author's side.

Learner (any machine, Colab included)
    :func:`tests_dir` gives the folder of an exercise set's *public* tests, shipped inside this
    package, so ``otter.Notebook(tests_dir=tests_dir("ch01_perceptron"))`` works wherever
    ``course_lib`` is installed.  :func:`export_submission` writes the file to hand in.

Author (a checkout of the repository)
    Each exercise set has one source, a master notebook ``masters/<set>.ipynb`` in otter-grader's
    ``otter assign`` format.  ``python -m course_lib.exercises generate`` (``make exercises``)
    builds from it:

    * ``exercises/<set>.ipynb``       the student notebook (no solutions, no hidden tests)
    * ``solutions/<set>.ipynb``       the solution notebook
    * ``course_lib/exercise_tests/<set>/q*.py``  the public tests (package data)
    * ``build/autograder/<set>.json`` the hidden tests and the set's point total, and
      ``build/autograder/<set>-otter-autograder.zip`` otter's own bundle (not committed;
      ``make grade`` uses the JSON)

    A student notebook that a learner has edited is never overwritten without ``--force``.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

PACKAGE_TESTS = Path(__file__).resolve().parent / "exercise_tests"
TESTS_ENV = "COURSE_EXERCISE_TESTS"  # the grader points this at a throw-away copy
SOLUTION_MARKER = re.compile(r"^\s*# (BEGIN|END) SOLUTION\s*$")


def available_sets() -> list[str]:
    """Names of the exercise sets whose public tests ship with this package."""
    if not PACKAGE_TESTS.exists():
        return []
    return sorted(p.name for p in PACKAGE_TESTS.iterdir() if p.is_dir())


def tests_dir(name: str) -> str:
    """Folder of the public tests of exercise set ``name`` (for ``otter.Notebook(tests_dir=...)``).

    ``$COURSE_EXERCISE_TESTS/<name>`` takes precedence (the grader uses it for a throw-away copy).
    Every exercise notebook calls it first, so it also tells :func:`course_lib.training.fit` to
    keep its epochs in CI's quick mode: the set's tests check what the training reaches.
    """
    from course_lib import training

    training.KEEP_EPOCHS = True
    override = os.environ.get(TESTS_ENV)
    path = Path(override) / name if override else PACKAGE_TESTS / name
    if not path.is_dir():
        raise ValueError(
            f"no public tests for exercise set {name!r} at {path}; "
            f"sets shipped with this course_lib: {', '.join(available_sets()) or 'none'}"
        )
    return str(path)


def export_submission(grader, name: str) -> str | None:
    """Write the file to hand in: an otter zip of this notebook (no PDF).

    Where the notebook file cannot be found (on Colab, or with several notebooks in the folder),
    print how to download it instead.
    """
    path = Path(f"{name}.ipynb")
    if not path.exists():  # renamed: take the only notebook in the folder, if there is one
        candidates = [p for p in Path.cwd().glob("*.ipynb") if not p.name.startswith(".")]
        path = candidates[0] if len(candidates) == 1 else None
    if path is None or "google.colab" in sys.modules:
        print(
            "Save the notebook, then download it (Colab: File > Download > Download .ipynb; "
            "Jupyter: File > Download) and hand in that .ipynb file."
        )
        return None
    grader.export(str(path), pdf=False, run_tests=False)
    return str(path)


_REMOTE = None  # set by the grader's judge (course_lib.grading_judge)


def inside(func):
    """Mark a helper in a test that must run where the learner's objects live.

    In a notebook (``grader.check``) it changes nothing.  When ``make grade`` scores a
    submission, the tests run in the grader's own process and the learner's objects stay in
    the sandbox; a helper marked ``@inside`` is sent there as source and run on its arguments
    (the learner's objects among them), and what it returns comes back as plain data, to be
    compared outside.  So it must use only its arguments and its own imports, and must not
    contain the expected answers::

        @inside
        def grads_after_backward(model, x):
            loss = model(x).sum()
            loss.backward()
            return [p.grad for p in model.parameters()]
    """
    return func if _REMOTE is None else _REMOTE(func)


# --------------------------------------------------------------------------- authoring


class LearnerWorkError(RuntimeError):
    """Regenerating would overwrite a student notebook that a learner has edited."""


def _cell_hashes(nb) -> list[str]:
    return [hashlib.sha256(c.source.encode()).hexdigest()[:16] for c in nb.cells]


def learner_changes(path: Path) -> list[str]:
    """What a learner changed in a generated student notebook (empty list: nothing).

    The generator stores a hash of every cell's source in the notebook's metadata; outputs
    do not count, any edited, added or removed cell does.
    """
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # unreadable: treat as the learner's, never overwrite silently
        return [f"the file cannot be read as a notebook ({exc})"]
    stored = nb.metadata.get("course", {}).get("cell_sha256")
    if stored is None:
        return ["the notebook has no generator record (was it made by `make exercises`?)"]
    current = _cell_hashes(nb)
    if len(current) != len(stored):
        return [f"cells added or removed ({len(stored)} generated, {len(current)} now)"]
    changed = []
    for i, (cell, old, new) in enumerate(zip(nb.cells, stored, current)):
        if old != new:
            kind = "answer cell" if "otter_answer_cell" in cell.metadata.get("tags", []) else "cell"
            changed.append(f"{kind} {i} edited: {cell.source.strip()[:60]!r}")
    return changed


def _strip_solution_markers(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines = cell.source.split("\n")
            cell.source = "\n".join(ln for ln in lines if not SOLUTION_MARKER.match(ln))
    return nb


def _clean(nb):
    """No outputs, and stable cell ids, so that regenerating gives identical files."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell["id"] = f"cell-{i}"
    nb.nbformat_minor = max(nb.nbformat_minor, 5)
    return nb


def service_requirements(repo: Path) -> list[str]:
    """What a grading service's image (Gradescope) installs beside otter, from the checkout
    ``repo``: CPU builds of the torch and torchvision that ``requirements.txt`` pins, and
    ``course_lib`` (with its loose dependencies) from the repository in ``_config.yml``."""
    import yaml

    pins = [
        line.strip()
        for line in (repo / "requirements.txt").read_text().splitlines()
        if re.match(r"(torch|torchvision)==", line.strip())
    ]
    url = yaml.safe_load((repo / "_config.yml").read_text())["repository"]["url"]
    return [
        "--extra-index-url https://download.pytorch.org/whl/cpu",
        *pins,
        f"course-lib @ git+{url}",
    ]


def assign(master: Path, out: Path) -> Path:
    """Run ``otter assign`` on a master notebook into ``out``; return ``out``.  The master's
    configuration gets :func:`service_requirements`, for otter's autograder zip."""
    if out.exists():
        shutil.rmtree(out)
    import yaml

    nb = nbformat.read(master, as_version=4)
    config = nb.cells[0]
    if config.cell_type != "raw" or not config.source.startswith("# ASSIGNMENT CONFIG"):
        raise ValueError(f"{master}: the first cell must be otter's `# ASSIGNMENT CONFIG`")
    settings = yaml.safe_load(config.source)
    if "requirements" not in settings:
        reqs = service_requirements(Path(master).resolve().parents[1])
        config.source += "\n" + yaml.safe_dump({"requirements": reqs})
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / Path(master).name
        nbformat.write(nb, copy)
        cmd = [sys.executable, "-m", "otter", "assign", "--no-run-tests", str(copy), str(out)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"otter assign failed for {master}:\n{proc.stdout}\n{proc.stderr}")
    return out


def build(master: Path, out: Path) -> dict[str, object]:
    """Everything generated from one master, in memory: {relative path: content}.

    Notebooks come as ``nbformat`` objects, test files and JSON as text, zips as bytes.
    """
    name = master.stem
    dist = assign(master, out)
    student = _clean(nbformat.read(dist / "student" / f"{name}.ipynb", as_version=4))
    student.metadata["course"] = {
        "exercise_set": name,
        "generated_by": "make exercises (course_lib.exercises) from masters/" + master.name,
        "cell_sha256": _cell_hashes(student),
    }
    solution = _clean(
        _strip_solution_markers(nbformat.read(dist / "autograder" / f"{name}.ipynb", as_version=4))
    )
    files: dict[str, object] = {
        f"exercises/{name}.ipynb": student,
        f"solutions/{name}.ipynb": solution,
    }
    for test in sorted((dist / "student" / "tests").glob("*.py")):
        files[f"course_lib/exercise_tests/{name}/{test.name}"] = test.read_text()
    hidden = {t.name: t.read_text() for t in sorted((dist / "autograder" / "tests").glob("*.py"))}
    record = {"name": name, "master_sha256": master_hash(master), "total": total_points(hidden)}
    files[f"build/autograder/{name}.json"] = json.dumps({**record, "tests": hidden}, indent=1)
    # otter's own bundle, for teachers who grade with `otter run` or Gradescope instead
    (bundle,) = (dist / "autograder").glob("*-autograder_*.zip")
    files[f"build/autograder/{name}-otter-autograder.zip"] = bundle.read_bytes()
    return files


MUTATORS = {
    "append", "extend", "insert", "update", "setdefault", "pop", "popitem", "clear", "add",
    "remove", "discard", "sort", "reverse", "fill", "resize", "put", "itemset",
}  # fmt: skip
ASSIGNED = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?:[-+*/%@&|^]|//|\*\*)?=", re.M)


def answer_names(master: Path) -> set[str]:
    """Every global name the master's solutions bind or change in place: assigned, defined,
    imported or declared ``global`` at the top level, or the object of an item or attribute
    assignment or of a mutating method (``append``, ``update``, ``fill``, ``add_``) anywhere.
    These are the learner's to write, never values the notebook gives (see
    :func:`course_lib.grading.calibrate`)."""
    nb = nbformat.read(master, as_version=4)
    inside, names = False, set()
    for cell in nb.cells:
        text = cell.source.strip()
        if cell.cell_type == "raw" and text.startswith("# BEGIN SOLUTION"):
            inside = True
        elif cell.cell_type == "raw" and text.startswith("# END SOLUTION"):
            inside = False
        if cell.cell_type != "code" or not (inside or "# BEGIN SOLUTION" in cell.source):
            continue
        # the solution's lines: between inline markers if the cell has them (the rest is
        # code the student notebook shows), else the whole cell
        lines, solving = set(), "# BEGIN SOLUTION" not in cell.source
        for number, line in enumerate(cell.source.split("\n"), 1):
            if SOLUTION_MARKER.match(line):
                solving = "BEGIN" in line
            elif solving:
                lines.add(number)
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # a magic, say: every name that is assigned at a line's start
            names.update(ASSIGNED.findall(cell.source))
            continue
        finder = _Binds(lines)
        finder.visit(tree)
        names |= finder.names
    return names


class _Binds:
    """The names that code on some lines binds at the top level or changes in place."""

    SCOPES = ("FunctionDef", "AsyncFunctionDef", "Lambda", "ClassDef", "ListComp", "SetComp",
              "DictComp", "GeneratorExp")  # fmt: skip

    def __init__(self, lines: set[int]):
        self.names: set[str] = set()
        self.lines = lines  # only nodes on these lines count

    def visit(self, node, depth: int = 0, active: bool = False) -> None:
        if isinstance(node, ast.stmt):  # a statement counts if any of its lines does
            span = range(node.lineno, (node.end_lineno or node.lineno) + 1)
            active = bool(self.lines.intersection(span))
        if not active:
            pass
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if not depth:
                self.names.add(node.name)
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load) and not depth:
            self.names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)) and not depth:
            self.names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.Global):
            self.names.update(node.names)
        elif isinstance(node, (ast.Attribute, ast.Subscript)):
            if not isinstance(node.ctx, ast.Load):
                self._base(node)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method = node.func.attr
            if method in MUTATORS or (method.endswith("_") and not method.startswith("_")):
                self._base(node.func.value)
        inner = depth + (type(node).__name__ in self.SCOPES)
        for child in ast.iter_child_nodes(node):
            self.visit(child, inner, active)

    def _base(self, node) -> None:
        while isinstance(node, (ast.Attribute, ast.Subscript)):
            node = node.value
        if isinstance(node, ast.Name):
            self.names.add(node.id)


def master_hash(master: Path) -> str:
    return hashlib.sha256(Path(master).read_bytes()).hexdigest()


def build_bundle(master: Path, bundles: Path) -> Path:
    """Write only the autograder bundle of one master into ``bundles`` (nothing committed)."""
    with tempfile.TemporaryDirectory() as tmp:
        files = build(master, Path(tmp) / master.stem)
    for rel, content in files.items():
        if rel.startswith("build/autograder/"):
            _write(bundles / Path(rel).name, content)
    return bundles / f"{master.stem}.json"


def total_points(tests: dict[str, str]) -> float:
    """Total points of an exercise set, from its full (hidden included) test files."""
    from otter.test_files import ExceptionTestFile

    return sum(ExceptionTestFile.from_string(src, path=n).possible for n, src in tests.items())


def _render(content) -> str:
    return nbformat.writes(content) + "\n" if not isinstance(content, str) else content


def _write(path: Path, content) -> None:
    """Write a generated file (notebook, text or bytes) by writing a temporary file and
    renaming it, so that a reader (the grader, say) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content if isinstance(content, bytes) else _render(content).encode()
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(data)
    os.replace(partial, path)


def generate(repo: Path, names: list[str] | None = None, force: bool = False) -> list[str]:
    """Regenerate exercise sets from ``repo/masters``; return the files written.

    Raises :class:`LearnerWorkError` (before writing anything) if a student notebook to be
    replaced holds a learner's edits, unless ``force``.
    """
    masters = _masters(repo, names)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        outputs = {m.stem: build(m, Path(tmp) / m.stem) for m in masters}
    if not force:
        problems = []
        for name in outputs:
            student = repo / "exercises" / f"{name}.ipynb"
            if student.exists() and (changes := learner_changes(student)):
                problems.append(f"{student}:\n    " + "\n    ".join(changes))
        if problems:
            raise LearnerWorkError(
                "refusing to overwrite student notebooks that hold a learner's work:\n  "
                + "\n  ".join(problems)
                + "\nSave your work under another name, or regenerate with FORCE=1 "
                "(make exercises FORCE=1) to discard it."
            )
    for name, files in outputs.items():
        shutil.rmtree(repo / "course_lib" / "exercise_tests" / name, ignore_errors=True)
        for rel, content in files.items():
            _write(repo / rel, content)
            written.append(rel)
    return written


def stale(repo: Path, names: list[str] | None = None) -> list[str]:
    """Committed files that differ from what the masters generate now (empty: up to date)."""
    differ = []
    with tempfile.TemporaryDirectory() as tmp:
        for master in _masters(repo, names):
            files = build(master, Path(tmp) / master.stem)
            for rel, content in files.items():
                path = repo / rel
                if not rel.startswith("build/") and (
                    not path.exists() or path.read_text() != _render(content)
                ):
                    differ.append(rel)
            shipped = repo / "course_lib" / "exercise_tests" / master.stem
            for test in shipped.glob("*.py"):
                rel = str(test.relative_to(repo))
                if rel not in files:
                    differ.append(f"{rel} (not generated by the master)")
    return differ


def _masters(repo: Path, names: list[str] | None) -> list[Path]:
    masters = sorted((repo / "masters").glob("*.ipynb"))
    if names:
        masters = [m for m in masters if m.stem in names]
        missing = set(names) - {m.stem for m in masters}
        if missing:
            raise SystemExit(f"no master notebook for: {', '.join(sorted(missing))}")
    if not masters:
        raise SystemExit(f"no master notebooks in {repo / 'masters'}")
    return masters


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate exercise sets from their masters.")
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write student/solution notebooks and tests")
    gen.add_argument("names", nargs="*", help="exercise sets (default: all masters)")
    gen.add_argument("--force", action="store_true", help="overwrite a learner's edits")
    chk = sub.add_parser("check", help="fail if generated files are out of date")
    chk.add_argument("names", nargs="*")
    parser.add_argument("--repo", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    if args.command == "generate":
        try:
            written = generate(args.repo, args.names or None, force=args.force)
        except LearnerWorkError as exc:
            print(exc, file=sys.stderr)
            return 1
        print("\n".join(f"wrote {w}" for w in written))
        return 0
    differ = stale(args.repo, args.names or None)
    if differ:
        print("out of date (run `make exercises`):\n  " + "\n  ".join(differ), file=sys.stderr)
        return 1
    print("exercise sets are up to date with their masters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
