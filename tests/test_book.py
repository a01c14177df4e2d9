"""The book's structure: table of contents, install cells, stored full-mode outputs, bench."""

import json
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


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_shape(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    install = code[0]
    assert "remove-cell" in install.metadata.get("tags", []), "install cell hidden in the book"
    assert "git+{REPO}" in install.source and CONFIG["repository"]["url"] in install.source
    assert "setup(" in code[1].source, "second code cell seeds and prints the mode"
    checked = [c for c in code if "nbval-check-output" in c.metadata.get("tags", [])]
    assert checked, "some outputs are checked exactly by nbval"
    assert any("report(" in c.source for c in code), "headline numbers reported"
    text = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "## Summary" in text and "## Exercises" in text


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_stored_outputs_are_from_a_clean_full_mode_run(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code[1:]), "every cell executed"
    counts = [c.execution_count for c in code[1:]]
    assert counts == sorted(counts), "executed top to bottom in one run"
    outputs = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    streams = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "full mode" in streams and "QUICK mode" not in streams


def test_bench_results_cover_every_chapter_in_full_mode():
    results = json.loads((REPO / "bench" / "results.json").read_text())
    recorded = {r["notebook"]: r for r in results["notebooks"]}
    assert set(recorded) == {f"book/{p.name}" for p in CHAPTERS}
    for r in recorded.values():
        assert r["data"].get("subset") is False and r["metrics"]
    assert results["machine"]["cpu_count"] >= 1
