"""The GitHub Actions workflows: valid against the workflow schema, and doing what they say.

actionlint would download its binary from GitHub when installed from PyPI, so the workflows
are checked against the GitHub-workflow JSON schema that check-jsonschema ships (offline).
"""

import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def load(name: str) -> dict:
    return yaml.safe_load((REPO / ".github" / "workflows" / name).read_text())


def steps(workflow: dict) -> list[dict]:
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


def test_workflows_are_valid_against_the_schema():
    assert {p.name for p in WORKFLOWS} == {"test.yml", "publish.yml"}
    proc = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
        + [str(p) for p in WORKFLOWS],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_test_workflow_runs_make_test_on_pushes():
    wf = load("test.yml")
    on = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads the key `on` as True
    assert "push" in on
    runs = " ".join(s.get("run", "") for s in steps(wf))
    assert "bash .ci/run" in runs  # which runs `make test`
    # the data is fetched before the test run, which must leave the data folder untouched
    assert runs.index("load_mnist") < runs.index("bash .ci/run")


def test_the_publish_workflow_deploys_the_learner_edition_to_pages():
    wf = load("publish.yml")
    runs = " ".join(s.get("run", "") for s in steps(wf))
    assert "make publish" in runs and "SOLUTIONS" not in runs  # no solutions in public
    uses = [s.get("uses", "") for s in steps(wf)]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    assert wf["permissions"]["pages"] == "write"
    # the edition URL comes from _config.yml or a repository variable, never typed in here
    text = (REPO / ".github" / "workflows" / "publish.yml").read_text()
    assert "github.com/dl-course" not in text and "vars.EDITION_URL" in text
