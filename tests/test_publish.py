"""The learner edition (`make publish`): no solutions or hidden tests in it, the public tests
and data notes in it, one repository URL, and no edition written where it could do harm."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
import yaml
from test_exercises import assert_wheel_ships_the_public_tests, hidden_test_names, solution_lines

from course_lib import exercises, publish


def named(names, text):
    """The names that occur in text as whole identifiers (test_q5_measured is not named by
    test_q5_measured_on_the_validation_split, another set's public test)."""
    return [name for name in names if re.search(rf"\b{re.escape(name)}\b", text)]


REPO = Path(__file__).resolve().parents[1]
MASTERS = sorted((REPO / "masters").glob("*.ipynb"))
CONFIG_URL = yaml.safe_load((REPO / "_config.yml").read_text())["repository"]["url"]
NEW_URL = "https://github.com/someone-else/dl-course-2031"
REPO_LINE = re.compile(r'^\s*REPO = "([^"]*)"', re.MULTILINE)
TEXT = {".ipynb", ".py", ".md", ".yml", ".toml", ".txt"}
EDITION_TOP = {
    ".course-edition",
    ".gitignore",
    "DATA.md",
    "README.md",
    "_config.yml",
    "_toc.yml",
    "_ext",
    "intro.md",
    "pyproject.toml",
    "requirements.txt",
    "book",
    "exercises",
    "course_lib",
}
SOURCE_ONLY = {"masters", "solutions", "tests", "bench", "build", "autograder", ".ci", "bin"}


def files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def texts(root: Path, suffixes=None) -> dict[str, str]:
    """{relative path: text} of the files under root (all of them, or those with suffixes)."""
    return {
        str(p.relative_to(root)): p.read_text(errors="replace")
        for p in files(root)
        if suffixes is None or p.suffix in suffixes
    }


def openly_taught() -> str:
    """What the course shows openly: its chapters' cells, the given code of the student
    notebooks, and course_lib's own modules (subpackages included)."""
    open_notebooks = [*(REPO / "book").glob("*.ipynb"), *(REPO / "exercises").glob("*.ipynb")]
    cells = [c for p in open_notebooks for c in nbformat.read(p, as_version=4).cells]
    modules = [p for p in (REPO / "course_lib").rglob("*.py") if "exercise_tests" not in p.parts]
    return "\n".join([c.source for c in cells] + [p.read_text() for p in modules])


def public_test_names(other_than: str) -> set[str]:
    """Names of the public tests of every set but ``other_than`` (shipped openly)."""
    root = REPO / "course_lib" / "exercise_tests"
    texts = [p.read_text() for d in root.iterdir() if d.name != other_than for p in d.glob("*.py")]
    return {name for text in texts for name in re.findall(r"def (test_\w+)", text)}


def install_urls(path: Path) -> list[str]:
    """The URLs of the ``REPO = "..."`` lines in a notebook's code cells."""
    cells = nbformat.read(path, as_version=4).cells
    return [u for c in cells if c.cell_type == "code" for u in REPO_LINE.findall(c.source)]


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    return publish.publish(tmp_path_factory.mktemp("learner") / "edition", html=False)


@pytest.fixture(scope="module")
def self_study(tmp_path_factory):
    dest = tmp_path_factory.mktemp("self-study") / "edition"
    return publish.publish(dest, solutions=True, html=False)


def test_there_are_exercise_sets():
    assert MASTERS, "the tests below derive everything from masters/*.ipynb"


def test_edition_holds_only_the_learners_files(edition):
    assert {p.name for p in edition.iterdir()} == EDITION_TOP
    for path in files(edition):
        parts = set(path.relative_to(edition).parts)
        assert not parts & SOURCE_ONLY, path
        assert not any(p == "__pycache__" or p.endswith(".egg-info") for p in parts), path
    assert {p.name for p in (edition / "exercises").iterdir()} == {
        p.name for p in (REPO / "exercises").glob("*.ipynb")
    }
    chapters = {p.name for p in (REPO / "book").glob("*.ipynb")}
    for path in files(edition / "book"):  # the chapters and the figures they may show
        assert path.name in chapters or path.suffix in {".png", ".jpg", ".jpeg", ".gif", ".svg"}
    assert chapters <= {p.name for p in (edition / "book").iterdir()}
    assert json.loads((edition / ".course-edition").read_text())["edition"] == "learner"


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_no_solution_code_or_hidden_test_anywhere(edition, master):
    # A solution line the chapters or course_lib's code already show (a training-loop line,
    # say) is taught openly, not leaked; every other one must appear in no file at all.
    taught = openly_taught()
    secret = {line for line in solution_lines(master) if line not in taught}
    assert secret, "the check has solution lines to look for"
    hidden = hidden_test_names(master)
    assert hidden, "every set has hidden tests"
    hidden -= public_test_names(master.stem)  # a name another set's public test uses openly
    for rel, text in texts(edition, TEXT).items():
        leaked = [line for line in secret if line in text]
        assert not leaked, f"solution code in {rel}: {leaked[:3]}"
    for rel, text in texts(edition).items():
        assert not named(hidden, text), f"hidden test named in {rel}"
        if rel.endswith(".ipynb"):
            assert "BEGIN SOLUTION" not in text and "# HIDDEN" not in text, rel


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_public_tests_ship_for_every_set(edition, master):
    source = Path(exercises.tests_dir(master.stem))
    shipped = edition / "course_lib" / "exercise_tests" / master.stem
    assert texts(shipped) == texts(source) != {}
    assert not [t for t in texts(shipped).values() if re.search(r"hidden\s*=\s*True", t)]


def test_edition_installs_with_pip_and_ships_the_public_tests(edition, tmp_path):
    copy = shutil.copytree(edition, tmp_path / "edition")  # pip builds in the folder itself
    assert_wheel_ships_the_public_tests(copy, tmp_path)


def test_readme_and_data_notes(edition):
    from course_lib import data

    readme = (edition / "README.md").read_text()
    for words in ("colab.research.google.com", "pip install -e .", "jupyter lab", "grader.check"):
        assert words in readme
    assert "${" not in readme, "every template field filled in"
    assert "solutions/" not in readme
    notes = (edition / "DATA.md").read_text()
    for f in data.FILES.values():
        assert f"`{f.path}`" in notes and f.url in notes and f.sha256 in notes
    assert data.CIFAR10_REBUILT_NOTE in notes and "export COURSE_DATA=" in notes


def test_self_study_edition_adds_solutions_but_no_hidden_test(self_study):
    assert {p.name for p in self_study.iterdir()} == EDITION_TOP | {"solutions"}
    assert {p.name for p in (self_study / "solutions").iterdir()} == {
        f"{m.stem}.ipynb" for m in MASTERS
    }
    assert "solutions/" in (self_study / "README.md").read_text()
    assert json.loads((self_study / ".course-edition").read_text())["edition"] == "self-study"
    hidden = set().union(*(hidden_test_names(m) - public_test_names(m.stem) for m in MASTERS))
    for rel, text in texts(self_study).items():
        assert not named(hidden, text), f"hidden test named in {rel}"
        if rel.endswith(".ipynb"):
            assert "BEGIN SOLUTION" not in text and "# HIDDEN" not in text, rel


def test_source_notebooks_use_the_one_repository_url():
    found = {}
    for folder in ("book", "exercises", "solutions", "masters"):
        for path in sorted((REPO / folder).glob("*.ipynb")):
            for url in install_urls(path):
                found.setdefault(folder, []).append(url)
                assert url == CONFIG_URL, f'{path.name}: REPO = "{url}", _config.yml: {CONFIG_URL}'
    assert {"book", "exercises", "solutions"} <= set(found), "the install cells are there"


def test_url_override_reaches_every_notebook(tmp_path):
    dest = publish.publish(tmp_path / "edition", url=NEW_URL + ".git/", html=False)
    config = yaml.safe_load((dest / "_config.yml").read_text())
    assert config["repository"]["url"] == NEW_URL
    old_colab = "github/" + "/".join(CONFIG_URL.split("/")[-2:])
    for rel, text in texts(dest).items():
        assert CONFIG_URL not in text and old_colab not in text, f"{rel} names the old URL"
    notebooks = sorted(dest.glob("*/*.ipynb"))
    assert notebooks
    for path in notebooks:
        assert install_urls(path) == [NEW_URL], path.name
    for path in (dest / "exercises").glob("*.ipynb"):
        assert exercises.learner_changes(path) == [], "the generator record stays true"
    assert f"pip install git+{NEW_URL}" in (dest / "README.md").read_text()


def test_url_override_rewrites_links_in_markdown_cells(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            f"See [Chapter 1]({CONFIG_URL}/blob/main/book/01_perceptron.ipynb), "
            f"[Colab](https://colab.research.google.com/github/"
            f"{'/'.join(CONFIG_URL.split('/')[-2:])}/blob/main/x.ipynb) and {CONFIG_URL}-other."
        ),
        nbformat.v4.new_code_cell(f'if True:\n    REPO = "{CONFIG_URL}"\n'),
        nbformat.v4.new_code_cell('REPO = "https://github.com/elsewhere/a-fork"'),
    ]
    nbformat.write(nb, tmp_path / "src.ipynb")
    publish.copy_notebook(tmp_path / "src.ipynb", tmp_path / "out.ipynb", CONFIG_URL, NEW_URL)
    markdown, code, fork = nbformat.read(tmp_path / "out.ipynb", as_version=4).cells
    assert f"({NEW_URL}/blob/main/book/01_perceptron.ipynb)" in markdown.source
    assert "colab.research.google.com/github/someone-else/dl-course-2031/blob" in markdown.source
    assert f"{CONFIG_URL}-other" in markdown.source, "another repository's URL is left alone"
    assert code.source == f'if True:\n    REPO = "{NEW_URL}"\n'
    assert fork.source == f'REPO = "{NEW_URL}"', "every install cell gets the edition's URL"


def refused(dest, capsys, *args) -> str:
    assert publish.main([str(dest), "--no-html", *args]) == 2
    return capsys.readouterr().err


def test_refuses_to_write_where_it_could_do_harm(tmp_path, capsys):
    with pytest.raises(SystemExit) as missing:
        publish.main([])
    assert missing.value.code == 2
    inside = REPO / "some-edition"
    assert "inside the source repository" in refused(inside, capsys)
    assert not inside.exists()
    assert "inside the source repository" in refused(REPO, capsys)
    assert "inside the source repository" in refused(REPO / "book", capsys)
    assert "contains the source repository" in refused(REPO.parent, capsys)
    other = tmp_path / "my-work"
    other.mkdir()
    (other / "thesis.tex").write_text("mine")
    assert "not a previous edition" in refused(other, capsys)
    assert (other / "thesis.tex").read_text() == "mine"
    (tmp_path / "a-file").write_text("")
    assert "not a folder" in refused(tmp_path / "a-file", capsys)
    assert "https://" in refused(tmp_path / "new", capsys, "--url", "git@github.com:a/b.git")
    assert not (tmp_path / "new").exists()


def test_republish_replaces_a_previous_edition_and_keeps_git(tmp_path):
    dest = tmp_path / "edition"
    (dest / ".git").mkdir(parents=True)  # a fresh clone of the edition's repository
    (dest / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    publish.publish(dest, solutions=True, html=False)
    (dest / "stale.md").write_text("from an older edition")
    assert publish.main([str(dest), "--no-html"]) == 0
    assert not (dest / "stale.md").exists() and not (dest / "solutions").exists()
    assert (dest / ".git" / "HEAD").exists()


def test_make_publish(tmp_path):
    make = ["make", "-s", "-o", ".venv/.installed-stamp", "publish"]
    usage = subprocess.run(make, cwd=REPO, capture_output=True, text=True)
    assert usage.returncode == 2 and "DEST=" in usage.stdout + usage.stderr
    args = [f"DEST={tmp_path / 'ed'}", "SOLUTIONS=1", f"URL={NEW_URL}", "HTML=0"]
    subprocess.run(make + args, cwd=REPO, check=True, capture_output=True)
    assert (tmp_path / "ed" / "solutions").is_dir()
    assert not (tmp_path / "ed" / "_build").exists()
    assert NEW_URL in (tmp_path / "ed" / "_config.yml").read_text()


def test_edition_builds_as_a_web_book(tmp_path):
    dest = publish.publish(tmp_path / "edition")
    html = dest / "_build" / "html"
    assert (html / "index.html").is_file()
    first = sorted((REPO / "book").glob("*.ipynb"))[0]
    page = (html / "book" / f"{first.stem}.html").read_text()
    assert "colab" in page.lower(), "the launch button is there"
    assert not (html / "exercises").exists() and not (html / "solutions").exists()


def test_a_url_outside_github_gets_no_colab_links(tmp_path):
    dest = publish.publish(tmp_path / "edition", url="https://gitlab.com/someone/dl", html=False)
    readme = (dest / "README.md").read_text()
    assert "File > Upload notebook" in readme and "colab.research.google.com/github" not in readme
    assert install_urls(dest / "exercises" / f"{MASTERS[0].stem}.ipynb") == [
        "https://gitlab.com/someone/dl"
    ]
