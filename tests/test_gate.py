"""`mvpkit check` on services broken on purpose: each failure says what and where."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mvpkit.cli import main
from mvpkit.gate.check import GateOptions, features_dir, load_file, run_gate
from mvpkit.gate.report import write_report
from mvpkit.testing.browsers import find_chromium
from tests.conftest import EXEMPLAR, ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not find_chromium(), reason="no system Chromium (.ci/run installs it)"),
]

SMALL_SERVICE = """name: Apply for a bin
reference_prefix: BIN
pages:
  - id: size
    title: What size of bin do you need?
    type: radios
    options: [Small, Large]
    errors: {required: Select the size of bin you need}
"""


def copy_service(tmp_path: Path, definition: str = SMALL_SERVICE) -> Path:
    """A small service in its own folder."""
    folder = tmp_path / "apply-for-a-bin"
    folder.mkdir()
    (folder / "service.yaml").write_text(definition)
    return folder


def test_the_exemplar_finds_its_features_and_load_test() -> None:
    assert features_dir(EXEMPLAR) == ROOT / "features" / "report-a-fault"
    assert load_file(EXEMPLAR) == ROOT / "load" / "report-a-fault.py"


def test_an_input_without_a_label_fails_accessibility(tmp_path: Path) -> None:
    folder = copy_service(tmp_path)
    override = folder / "templates" / "mvpkit"
    override.mkdir(parents=True)
    shutil.copy(ROOT / "src/mvpkit/frontend/templates/mvpkit/start.html", override)
    start = override / "start.html"
    start.write_text(
        start.read_text().replace(
            "{% block main_column %}", '{% block main_column %}<input type="text" id="postcode">'
        )
    )
    result = run_gate(
        folder, GateOptions(stages=["validate", "accessibility"], report_dir=tmp_path / "report")
    )
    stages = {stage.name: stage for stage in result.stages}
    assert stages["validate"].passed
    assert not stages["accessibility"].passed
    details = "\n".join(stages["accessibility"].details)
    assert "label (critical)" in details
    assert "#postcode" in details
    assert not result.passed


def test_a_failing_scenario_fails_the_features_stage(tmp_path: Path) -> None:
    folder = copy_service(tmp_path)
    features = folder / "features"
    features.mkdir()
    (features / "bins.feature").write_text(
        "Feature: Order a bin\n"
        "  As a resident\n  I need a bin\n  So that I can put rubbish out\n\n"
        "  Scenario: The first question\n"
        "    When I start the service\n"
        '    Then I see the heading "What colour bin do you need?"\n'
    )
    (features / "test_bins.py").write_text("from pytest_bdd import scenarios\n\nscenarios('.')\n")
    result = run_gate(folder, GateOptions(stages=["features"], report_dir=tmp_path / "r"))
    stage = result.stages[0]
    assert not stage.passed
    assert stage.summary == "0 of 1 passed."
    assert "test_the_first_question" in stage.details[0]
    assert "What colour bin do you need?" in stage.details[0]


def test_a_broken_definition_stops_the_gate_with_its_line(tmp_path: Path) -> None:
    folder = copy_service(tmp_path, SMALL_SERVICE.replace("type: radios", "type: radio"))
    report = tmp_path / "report"
    outcome = CliRunner().invoke(main, ["check", str(folder), "--report", str(report)])
    assert outcome.exit_code == 1
    assert "service.yaml:6:" in outcome.output
    summary = json.loads((report / "summary.json").read_text())
    assert summary["passed"] is False
    assert [stage["skipped"] for stage in summary["stages"]] == [False, True, True, True]
    assert (report / "junit.xml").exists()
    assert "the release check failed" in (report / "index.html").read_text()


def test_the_report_is_written_for_a_passing_gate(tmp_path: Path) -> None:
    result = run_gate(
        copy_service(tmp_path),
        GateOptions(stages=["validate", "accessibility"], report_dir=tmp_path / "report"),
    )
    assert result.passed, [stage.details for stage in result.stages]
    page = write_report(result).read_text()
    assert "the release check passed" in page
    assert 'src="screenshots/size.png"' in page


def test_a_one_millisecond_p95_budget_fails_the_load_stage(tmp_path: Path) -> None:
    folder = copy_service(tmp_path, SMALL_SERVICE + "budgets: {p95_ms: 1, min_rps: 1}\n")
    result = run_gate(
        folder, GateOptions(stages=["load"], users=3, seconds=3, report_dir=tmp_path / "report")
    )
    stage = result.stages[0]
    assert not stage.passed
    assert any("over the budget of 1 ms" in detail for detail in stage.details), stage.details
    assert stage.data["rows"], "the load stage recorded no requests"
