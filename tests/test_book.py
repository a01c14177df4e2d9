"""The book's structure: table of contents, install cells, stored full-mode outputs, bench."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((REPO / "book").glob("*.ipynb"))
CONFIG = yaml.safe_load((REPO / "_config.yml").read_text())


def toc_files():
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    return [c["file"] for part in toc["parts"] for c in part["chapters"]]


def test_there_are_chapters():
    assert len(CHAPTERS) >= 2


def test_toc_lists_every_chapter_and_nothing_missing():
    listed = toc_files()
    assert sorted(listed) == sorted(f"book/{p.stem}" for p in CHAPTERS)
    for entry in listed:
        assert (REPO / f"{entry}.ipynb").exists()


def test_book_renders_stored_outputs():
    assert CONFIG["execute"]["execute_notebooks"] == "off"
    assert CONFIG["only_build_toc_files"] is True
    assert CONFIG["launch_buttons"]["colab_url"]


HIDDEN_TAGS = {"remove-cell", "remove-input", "hide-input", "hide-cell"}
PLUMBING = ("pick(", "course_quick", "quick_mode", "quick mode", "is_subset", "report(", "bench/")
SUBSET = re.compile(r"\bsubset\b")  # the word, not torch's Subset class


def visible_code(nb):
    return [
        c
        for c in nb.cells
        if c.cell_type == "code" and not HIDDEN_TAGS & set(c.metadata.get("tags", []))
    ]


def output_text(cell) -> str:
    parts = []
    for o in cell.outputs:
        parts.append(o.get("text", ""))
        parts.append(o.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_shape(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    install = code[0]
    assert "remove-cell" in install.metadata.get("tags", []), "install cell hidden in the book"
    assert "git+{REPO}" in install.source and CONFIG["repository"]["url"] in install.source
    assert install.source == install_cell(CHAPTERS[0]).source, "one install cell for every chapter"
    assert "setup(" in code[1].source, "second code cell seeds and sets the style"
    checked = [c for c in code if "nbval-check-output" in c.metadata.get("tags", [])]
    assert checked, "some outputs are checked exactly by nbval"
    for c in checked:  # nbval compares every output of these: a figure's repr is not stable
        assert not any("image/png" in o.get("data", {}) for o in c.outputs), (
            f"a checked cell draws a figure: {c.source[:60]!r}"
        )
    assert any("results(" in c.source for c in code), "headline numbers in a results table"
    text = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "## Summary" in text and "## Exercises" in text
    assert "**Prerequisites:**" in text


def install_cell(path):
    return next(c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")


# IPython with course_lib and otter hidden (find_spec gives None for a None in sys.modules)
RUN_CELL_WITHOUT_COURSE = """
import sys
sys.modules["course_lib"] = sys.modules["otter"] = None
from IPython.core.interactiveshell import InteractiveShell
InteractiveShell.instance().run_cell(sys.stdin.read())
"""


@pytest.mark.parametrize(
    "path", [CHAPTERS[0], REPO / "exercises" / "ch01_perceptron.ipynb"], ids=lambda p: p.parent.name
)
def test_install_cell_without_internet_says_so_in_one_message(path):
    """Offline, with course_lib missing, the first cell stops with one line, not a traceback:
    GitHub is replaced by an address where nothing answers, and pip reads no config."""
    env = {
        **os.environ,
        "COURSE_LIB_SOURCE": "git+https://127.0.0.1:9/course.git",
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_INDEX_URL": "http://127.0.0.1:9/simple",
        "PIP_RETRIES": "0",
        "PIP_TIMEOUT": "1",
    }
    run = subprocess.run(
        [sys.executable, "-c", RUN_CELL_WITHOUT_COURSE],
        input=install_cell(path).source,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    shown = (run.stdout + run.stderr).strip()
    assert shown.startswith("Could not install the course helpers.") and "\n" not in shown, shown
    assert "pip install <course folder>" in shown and "pip said: fatal:" in shown, shown


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_learners_see_the_course_not_its_ci(path):
    """No visible cell or stored output mentions quick mode, subsets, report() or the bench."""
    nb = nbformat.read(path, as_version=4)
    for cell in visible_code(nb):
        src = cell.source.lower()
        hits = [w for w in PLUMBING if w in src] + SUBSET.findall(cell.source)
        assert not hits, f"CI plumbing ({hits}) in a visible cell: {src[:80]}"
        out = output_text(cell).lower()
        assert "quick" not in out and "subset" not in out, f"CI words in an output: {out[:80]}"
    prose = " ".join(c.source.lower() for c in nb.cells if c.cell_type == "markdown")
    assert "quick mode" not in prose and "course_quick" not in prose and "bench/" not in prose
    streams = "\n".join(output_text(c) for c in visible_code(nb))
    assert any(line.startswith("Data: ") for line in streams.splitlines()), (
        "one short line says how much data the run used"
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_stored_outputs_are_from_a_clean_full_mode_run(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("course", {}).get("executed") == "full mode", "run `make execute`"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code[1:]), "every cell executed"
    counts = [c.execution_count for c in code[1:]]
    assert counts == sorted(counts), "executed top to bottom in one run"
    outputs = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    warnings = [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    assert not warnings, f"stored warnings: {[o.text[:80] for o in warnings]}"
    text = "\n".join(output_text(c) for c in code)
    assert "QUICK mode" not in text
    half_drawn = re.search(r"(?<![0-9])0%\|", text) or "\r" in text
    assert not half_drawn, "a half-drawn progress bar is stored"
    for marker in ("/tmp/", "/home/", "/root/", "/work/"):
        assert marker not in text, f"a machine path is stored ({marker})"
    assert "+cu" not in text, "the printed torch version suggests a GPU"


def has_figure(cell) -> bool:
    return any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_figures_are_stored_and_described(path):
    """The stored run drew its figures (not Agg's nothing) and every figure has an alt text."""
    nb = nbformat.read(path, as_version=4)
    figures = [c for c in nb.cells if c.cell_type == "code" and has_figure(c)]
    assert figures, "no figure is stored: was the run made with MPLBACKEND=Agg?"
    for c in figures:
        alt = c.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
        assert len(alt.strip()) >= 20, f"figure cell without an alt text: {c.source[:60]!r}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_widgets_have_static_figures(path):
    """A widget needs a kernel: the book hides it, shows a static figure next to it and says
    where to get the interactive version; the notebook keeps no widget state (page weight)."""
    nb = nbformat.read(path, as_version=4)
    assert "widgets" not in nb.metadata, "stored widget state (run `make execute` again)"
    cells = nb.cells
    for i, c in enumerate(cells):
        if c.cell_type != "code" or not any(WIDGET_VIEW in o.get("data", {}) for o in c.outputs):
            continue
        assert "remove-output" in c.metadata.get("tags", []), f"widget shown: {c.source[:60]!r}"
        near = cells[max(0, i - 4) : i] + cells[i + 1 : i + 3]
        assert any(has_figure(n) for n in near), f"no static figure near {c.source[:60]!r}"
        before = " ".join(n.source for n in cells[max(0, i - 3) : i] if n.cell_type == "markdown")
        assert "Colab" in before, f"the text before {c.source[:40]!r} does not say where to run it"


# Full-mode budgets in seconds: 2 minutes, unless the chapter's issue allows more.
FULL_BUDGET = {
    "book/05_nearest_neighbours_linear.ipynb": 8 * 60,
    "book/09_network_from_scratch.ipynb": 8 * 60,
    "book/12_optimisers_schedules.ipynb": 5 * 60,
    "book/13_generalisation_regularisation.ipynb": 12 * 60,
    "book/15_cifar10_fcn.ipynb": 3 * 60,
    "book/16_convolution_pooling.ipynb": 3 * 60,
    "book/17_cnns_lenet_cifar.ipynb": 20 * 60,
    "book/18_landmark_architectures.ipynb": 10 * 60,
    "book/19_autoencoders.ipynb": 5 * 60,
    "book/23_airline_forecasting.ipynb": 5 * 60,
    "book/24_char_rnn_shakespeare.ipynb": 25 * 60,
}


def test_bench_results_cover_every_chapter_in_full_mode():
    results = json.loads((REPO / "bench" / "results.json").read_text())
    recorded = {r["notebook"]: r for r in results["notebooks"]}
    assert set(recorded) == {f"book/{p.name}" for p in CHAPTERS}
    for r in recorded.values():
        assert not r["data"].get("subset") and r["metrics"]
        budget = FULL_BUDGET.get(r["notebook"], 120)
        assert r["wall_seconds"] <= budget, f"{r['notebook']}: over its {budget} s full-mode budget"
    assert results["machine"]["cpu_count"] >= 1


def test_bench_times_every_notebook_in_quick_mode():
    """The 30-second quick-mode budget, as measured by `make bench` (not a timed test)."""
    quick = json.loads((REPO / "bench" / "results.json").read_text())["quick_seconds"]
    notebooks = {
        f"{folder}/{p.name}"
        for folder in ("book", "exercises", "solutions")
        for p in (REPO / folder).glob("*.ipynb")
    }
    assert set(quick) == notebooks, "run `make bench` after adding or renaming a notebook"
    slow = {nb: s for nb, s in quick.items() if s > 30}
    assert not slow, f"over the 30 s quick-mode budget: {slow}"
