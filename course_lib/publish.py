"""The learner edition: the public copy of the course, without solutions or hidden tests.

This repository is the course's *source*: ``masters/`` and ``solutions/`` hold the solutions
and the hidden tests, so it is never published as it is.  ``python -m course_lib.publish DEST``
(``make publish DEST=<folder>``) writes the learner edition into ``DEST``:

* the book: ``book/*.ipynb`` (with their stored outputs), ``_config.yml``, ``_toc.yml``,
  ``intro.md``, and the web book built from them into ``DEST/_build/html`` (``--no-html``
  skips that);
* the student notebooks ``exercises/*.ipynb`` (``--solutions`` adds ``solutions/*.ipynb``:
  a self-study edition; hidden tests are never included);
* ``course_lib/`` with the public tests, ``pyproject.toml`` and ``requirements.txt``, so that
  ``pip install git+<edition URL>`` works;
* a learner-facing ``README.md`` (from ``edition/README.md``), ``DATA.md`` (generated from
  :data:`course_lib.data.FILES`) and a ``.gitignore``;
* the marker file ``.course-edition``: a folder holding it may be published into again.

The repository URL is set in one place, ``_config.yml`` (``repository.url``).  ``--url``
overrides it: the edition's ``_config.yml``, every notebook's ``REPO = "..."`` line and every
link to the old URL in the notebooks get the new one.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from string import Template

import nbformat
import yaml

REPO = Path(__file__).resolve().parents[1]
MARKER = ".course-edition"
TEMPLATES = "edition"
NOTEBOOK_FOLDERS = ("book", "exercises")
TOP_FILES = ("_config.yml", "_toc.yml", "intro.md", "pyproject.toml", "requirements.txt")
BOOK_ASSETS = ("*.png", "*.jpg", "*.jpeg", "*.gif", "*.svg")  # figures a chapter may link to
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".*")
REPO_LINE = re.compile(r'^(\s*REPO = )"[^"]*"', re.MULTILINE)
GITHUB = re.compile(r"^https://github\.com/([\w.-]+)/([\w.-]+)$")


class PublishError(RuntimeError):
    """The edition cannot be written (where) it was asked for: nothing was written."""


class BuildError(RuntimeError):
    """The edition was written but its web book did not build."""


def config_url(repo: Path = REPO) -> str:
    """The course's public repository URL: ``repository.url`` in ``_config.yml``."""
    config = yaml.safe_load((repo / "_config.yml").read_text())
    return normalise_url(config["repository"]["url"])


def normalise_url(url: str) -> str:
    """``url`` without a trailing slash or ``.git``; only ``https://`` URLs are accepted."""
    url = url.strip().rstrip("/").removesuffix(".git")
    if not re.match(r"^https://[\w.-]+/\S+$", url):
        raise PublishError(f"not an https:// repository URL: {url!r}")
    return url


def check_dest(dest: Path, repo: Path = REPO) -> Path:
    """The resolved ``dest``, if an edition may be written there; else :class:`PublishError`.

    Allowed: a folder that does not exist yet, an empty one (a ``.git`` folder alone counts as
    empty, for a fresh clone of the edition's repository) or a previous edition (it holds
    the ``.course-edition`` marker).
    """
    dest, repo = Path(dest).expanduser().resolve(), repo.resolve()
    if dest == repo or repo in dest.parents:
        raise PublishError(
            f"{dest} is inside the source repository {repo}; choose a folder outside it"
        )
    if dest in repo.parents:
        raise PublishError(f"{dest} contains the source repository {repo}")
    if dest.exists() and not dest.is_dir():
        raise PublishError(f"{dest} exists and is not a folder")
    if dest.is_dir() and not (dest / MARKER).is_file():
        if [p for p in dest.iterdir() if p.name != ".git"]:
            raise PublishError(
                f"{dest} is not empty and is not a previous edition (no {MARKER} file in it); "
                "choose a new or empty folder"
            )
    return dest


def rewrite_urls(text: str, old: str, new: str) -> str:
    """``text`` with every link to the repository ``old`` pointing at ``new`` instead.

    Covers the URL itself (also followed by ``/blob/...``, ``.git``, ...) and, when both are
    GitHub URLs, Colab's form ``colab.research.google.com/github/<owner>/<name>``.
    """
    pairs = [(old, new)]
    old_gh, new_gh = GITHUB.match(old), GITHUB.match(new)
    if old_gh and new_gh:
        pairs.append(
            ("github/{}/{}".format(*old_gh.groups()), "github/{}/{}".format(*new_gh.groups()))
        )
    for before, after in pairs:
        text = re.sub(re.escape(before) + r"(?![\w-])", lambda _, a=after: a, text)
    return text


def copy_notebook(src: Path, dst: Path, old: str, new: str) -> None:
    """Copy a notebook; with a new URL, rewrite its ``REPO = "..."`` line and its links."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    if new == old:
        shutil.copyfile(src, dst)
        return
    nb = nbformat.read(src, as_version=4)
    record = nb.metadata.get("course", {}).get("cell_sha256")
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = REPO_LINE.sub(lambda m: f'{m.group(1)}"{new}"', cell.source)
        cell.source = rewrite_urls(cell.source, old, new)
    if record is not None:  # a generated student notebook records its cells: keep it true
        from course_lib.exercises import _cell_hashes  # the generator's own hashing

        nb.metadata["course"]["cell_sha256"] = _cell_hashes(nb)
    nbformat.write(nb, dst)


def _first_heading(notebook: Path) -> str:
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            return cell.source.split("\n", 1)[0][2:].strip()
    return notebook.stem


def data_notes() -> str:
    """``DATA.md``: every data file (path, source, sha256), CIFAR-10 and ``COURSE_DATA``."""
    from torchvision.datasets import CIFAR10

    from course_lib import data

    rows = "\n".join(f"| `{f.path}` | <{f.url}> | `{f.sha256}` |" for f in data.FILES.values())
    return f"""# Data

The notebooks load their data with `course_lib.data`. It looks for each file in the **data
root**: the folder named by the environment variable `{data.ENV_VAR}`, or, without it, a
per-user cache folder (`~/.cache/dl-course` on Linux; `course_lib.data.data_root()` returns
the one in use). Inside it the layout is the one torchvision and seaborn expect, so a folder
prepared for them works as it is.

A file that is present is checked by its sha256 and used; nothing is written. A file that
is missing is downloaded once from its public source below and checked. Without internet, a
missing file stops the notebook within seconds with a message naming the file, its URL and
`{data.ENV_VAR}`: download it yourself into that path (unpacking `.gz` archives) or point
`{data.ENV_VAR}` at a folder that has it.

## Files

| Path under the data root | Source | sha256 (of the file as stored) |
|---|---|---|
{rows}

MNIST is downloaded by torchvision, which unpacks the `.gz` files; the checksums are those of
the unpacked files.

## CIFAR-10

CIFAR-10 comes from its official source,
<{CIFAR10.url}>,
downloaded and unpacked into `cifar-10-batches-py/` by torchvision, which checks the official
files' md5 sums. If you download it, you get exactly those official files.

The course's own offline copy (used where there is no internet, as in the course's test
runs) is a rebuilt version; with it the loader prints:

> {data.CIFAR10_REBUILT_NOTE}

## Setting `{data.ENV_VAR}`

```bash
export {data.ENV_VAR}=~/data/dl-course          # Linux, macOS (add it to ~/.bashrc to keep it)
```

```powershell
$env:{data.ENV_VAR} = "C:\\data\\dl-course"       # Windows PowerShell
```

```python
import os
os.environ["{data.ENV_VAR}"] = "/content/drive/MyDrive/dl-course"  # in a notebook (Colab: Drive)
```

In a notebook, set it before the first cell that loads data.
"""


def learner_readme(repo: Path, url: str, solutions: bool) -> str:
    """The edition's ``README.md``, from the template ``edition/README.md``."""
    config = yaml.safe_load((repo / "_config.yml").read_text())
    github = GITHUB.match(url)
    if github:
        branch = config["repository"].get("branch", "main")
        colab = (
            f"https://colab.research.google.com/github/{'/'.join(github.groups())}/blob/{branch}"
        )
        colab_text = (
            "Use the links above, or open the web book and click the rocket icon at the top of "
            f"a chapter, then *Colab*. Any notebook opens at `{colab}/<folder>/<file>.ipynb`."
        )
    else:
        colab_text = (
            "Colab opens notebooks from GitHub or from your computer: download a notebook, "
            "then in Colab choose File > Upload notebook."
        )

    def listing(folder: str) -> str:
        lines = []
        for nb in sorted((repo / folder).glob("*.ipynb")):
            link = f" ([open in Colab]({colab}/{folder}/{nb.name}))" if github else ""
            lines.append(f"* `{folder}/{nb.name}`: {_first_heading(nb)}{link}")
        return "\n".join(lines)

    solutions_row, solutions_text = "", ""
    if solutions:
        solutions_row = "| `solutions/` | a solution notebook for every exercise set |\n"
        solutions_text = (
            "\nThis is the self-study edition: `solutions/` holds a solution notebook for every "
            "exercise set. Try the exercises first; compare afterwards.\n"
        )
    return Template((repo / TEMPLATES / "README.md").read_text()).substitute(
        title=config["title"],
        url=url,
        chapters=listing("book"),
        exercises=listing("exercises"),
        solutions_row=solutions_row,
        solutions_text=solutions_text,
        colab_text=colab_text,
    )


def _check_public_tests(repo: Path) -> None:
    for test in (repo / "course_lib" / "exercise_tests").glob("*/*.py"):
        if re.search(r"hidden\s*=\s*True", test.read_text()):
            raise PublishError(f"{test} holds a hidden test; regenerate with `make exercises`")


def _source_commit(repo: Path) -> str | None:
    cmd = ["git", "-C", str(repo), "rev-parse", "HEAD"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return proc.stdout.strip() if proc.returncode == 0 else None


def build_html(dest: Path) -> Path:
    """Build the edition's web book with Jupyter Book into ``dest/_build/html``."""
    exe = Path(sys.executable).parent / "jupyter-book"
    cmd = [str(exe) if exe.exists() else "jupyter-book", "build", str(dest), "--all"]
    cmd += ["--warningiserror", "--keep-going"]  # as strict as `make book`
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BuildError(f"jupyter-book build failed:\n{proc.stdout[-3000:]}\n{proc.stderr}")
    return dest / "_build" / "html"


def publish(
    dest: Path,
    repo: Path = REPO,
    solutions: bool = False,
    url: str | None = None,
    html: bool = True,
) -> Path:
    """Write the learner edition of the course in ``repo`` into ``dest``; return ``dest``.

    ``solutions`` adds the solution notebooks (a self-study edition), ``url`` replaces the
    repository URL of ``_config.yml`` everywhere, ``html=False`` skips building the web book.
    A previous edition in ``dest`` is replaced (its ``.git`` folder is kept).
    """
    repo = Path(repo).resolve()
    dest = check_dest(dest, repo)
    old = config_url(repo)
    new = normalise_url(url) if url else old
    _check_public_tests(repo)

    dest.mkdir(parents=True, exist_ok=True)
    for entry in dest.iterdir():  # a previous edition, or nothing
        if entry.name == ".git":
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    marker = {
        "edition": "self-study" if solutions else "learner",
        "url": new,
        "source_commit": _source_commit(repo),
    }
    (dest / MARKER).write_text(json.dumps(marker, indent=1) + "\n")

    for name in TOP_FILES:
        text = (repo / name).read_text()
        (dest / name).write_text(rewrite_urls(text, old, new) if name == "_config.yml" else text)
    for folder in NOTEBOOK_FOLDERS + (("solutions",) if solutions else ()):
        for nb in sorted((repo / folder).glob("*.ipynb")):
            copy_notebook(nb, dest / folder / nb.name, old, new)
    for pattern in BOOK_ASSETS:
        for asset in (repo / "book").rglob(pattern):
            target = dest / asset.relative_to(repo)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(asset, target)
    shutil.copytree(repo / "course_lib", dest / "course_lib", ignore=SKIP)
    shutil.copytree(repo / "_ext", dest / "_ext", ignore=SKIP)  # the book's Sphinx fixes
    (dest / "README.md").write_text(learner_readme(repo, new, solutions))
    (dest / "DATA.md").write_text(data_notes())
    shutil.copyfile(repo / TEMPLATES / "gitignore", dest / ".gitignore")
    if html:
        build_html(dest)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write the learner edition of the course (no masters, hidden tests or "
        "solutions) into a folder."
    )
    parser.add_argument("dest", type=Path, help="a new or empty folder, or a previous edition")
    parser.add_argument(
        "--solutions", action="store_true", help="add the solution notebooks (self-study edition)"
    )
    parser.add_argument("--url", help="the edition's repository URL (default: _config.yml's)")
    parser.add_argument("--no-html", action="store_true", help="do not build the web book")
    parser.add_argument("--repo", type=Path, default=REPO, help="the source repository")
    args = parser.parse_args(argv)
    try:
        dest = publish(args.dest, args.repo, args.solutions, args.url, html=not args.no_html)
    except PublishError as exc:
        print(f"publish: {exc}", file=sys.stderr)
        return 2
    except BuildError as exc:
        print(f"publish: {exc}", file=sys.stderr)
        return 1
    kind = "self-study edition (with solutions)" if args.solutions else "learner edition"
    print(f"wrote the {kind} to {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
