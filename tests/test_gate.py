"""`mvpkit check` on services broken on purpose: each failure says what and where."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mvpkit.cli import main
from mvpkit.gate.browser_stages import features_dir
from mvpkit.gate.check import GateOptions, load_file, run_gate
from mvpkit.gate.report import STAGE_TITLES, write_report
from mvpkit.testing.browsers import find_chromium
from tests.conftest import EXEMPLAR, ROOT
from tests.report_reader import Report

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


def override_template(folder: Path, name: str, added: str) -> None:
    """The service's own copy of the kit's template `name`, with `added` at the top of its
    main column."""
    override = folder / "templates" / "mvpkit"
    override.mkdir(parents=True, exist_ok=True)
    template = override / name
    shutil.copy(ROOT / "src/mvpkit/frontend/templates/mvpkit" / name, template)
    block = "{% block main_column %}"
    template.write_text(template.read_text().replace(block, block + added))


def test_the_exemplar_finds_its_features_and_load_test() -> None:
    assert features_dir(EXEMPLAR) == ROOT / "features" / "report-a-fault"
    assert load_file(EXEMPLAR) == ROOT / "load" / "report-a-fault.py"


def test_an_input_without_a_label_fails_accessibility(tmp_path: Path) -> None:
    folder = copy_service(tmp_path)
    override_template(folder, "start.html", '<input type="text" id="postcode">')
    result = run_gate(
        folder, GateOptions(stages=["validate", "accessibility"], report_dir=tmp_path / "report")
    )
    stages = {stage.name: stage for stage in result.stages}
    assert stages["validate"].passed
    assert not stages["accessibility"].passed
    details = "\n".join(stages["accessibility"].details)
    assert details.startswith('Route "size" failed on the page /:')
    assert "accessibility problem(s) on /:" in details
    assert "label (critical)" in details
    assert "#postcode" in details
    assert not result.passed


def test_a_script_the_policy_blocks_fails_accessibility_naming_page_and_directive(
    tmp_path: Path,
) -> None:
    folder = copy_service(tmp_path)
    override_template(folder, "question.html", '<script>document.title = "Bins";</script>')
    result = run_gate(folder, GateOptions(stages=["accessibility"], report_dir=tmp_path / "r"))
    [stage] = result.stages
    assert not stage.passed
    details = "\n".join(stage.details)
    assert "The browser reported 1 problem(s):" in details, details
    assert (
        "- /size: Executing inline script violates the following Content Security Policy "
        "directive 'script-src 'self' 'nonce-…''."
    ) in details


BIN_FEATURE = """Feature: Order a bin
  As a resident
  I need a bin
  So that I can put rubbish out

  Scenario: Choosing a size
    Given I am on a mobile-sized screen
    When I start the service
    And I choose "Small"
    And I continue
    Then I see the heading "Check your answers before sending"

  Scenario: The first question
    When I start the service
    Then I see the heading "What colour bin do you need?"

  @skip
  Scenario: Choosing a colour
    When I start the service
"""


def test_the_report_names_each_scenario_shows_its_pages_and_what_to_fix(tmp_path: Path) -> None:
    folder = copy_service(tmp_path)
    features = folder / "features"
    features.mkdir()
    (features / "bins.feature").write_text(BIN_FEATURE)
    (features / "test_bins.py").write_text("from pytest_bdd import scenarios\n\nscenarios('.')\n")
    result = run_gate(folder, GateOptions(stages=["features"], report_dir=tmp_path / "r"))
    stage = result.stages[0]
    assert not stage.passed
    assert stage.summary == "2 of 3 passed."
    report = Report(write_report(result))
    title = STAGE_TITLES["features"]
    assert report.results(title) == {
        "Feature: Order a bin": [
            ("Choosing a size", "Passed"),
            ("The first question", "Failed"),
            ("Choosing a colour", "Skipped"),
        ]
    }
    [problem] = report.what_to_fix(title)
    assert problem.startswith(
        'Scenario "The first question" of the feature "Order a bin" failed on the page /size:'
    )
    assert "What colour bin do you need?" in problem
    assert "127.0.0.1" not in report.html
    albums = report.screenshots(title)
    chosen = albums["Pages in the scenario “Choosing a size”, in order"]
    assert [shot.caption.rsplit(" ", 1)[-1] for shot in chosen] == ["(/size)", "(/check-answers)"]
    failed = albums["Pages in the scenario “The first question”, in order"]
    assert [shot.link.rsplit("/", 1)[-1][3:] for shot in failed] == ["size.png", "failed.png"]
    assert all((report.folder / shot.link).is_file() for shot in chosen + failed)


def test_a_service_without_features_is_told_how_to_start_them(tmp_path: Path) -> None:
    folder = copy_service(tmp_path)
    result = run_gate(folder, GateOptions(stages=["features"], report_dir=tmp_path / "r"))
    [found] = result.stages
    assert not found.passed
    assert found.summary.startswith("No features found: add a features/ folder")
    assert "mvpkit features draft" in found.summary


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
    report = Report(write_report(result))
    assert report.headings("h1") == ["Apply for a bin: the release check passed"]
    title = STAGE_TITLES["accessibility"]
    assert report.results(title) == {"Routes": [("size", "Passed")]}
    [shots] = report.screenshots(title).values()
    assert [shot.caption.rsplit(" ", 1)[-1] for shot in shots] == [
        "(/)",
        "(/size)",
        "(/check-answers)",
        "(/confirmation)",
    ]
    assert all((report.folder / shot.link).is_file() for shot in shots)


def test_a_one_millisecond_p95_budget_fails_the_load_stage(tmp_path: Path) -> None:
    folder = copy_service(tmp_path, SMALL_SERVICE + "budgets: {p95_ms: 1, min_rps: 1}\n")
    result = run_gate(
        folder, GateOptions(stages=["load"], users=3, seconds=3, report_dir=tmp_path / "report")
    )
    stage = result.stages[0]
    assert not stage.passed
    assert any("over the budget of 1 ms" in detail for detail in stage.details), stage.details
    assert stage.data["rows"], "the load stage recorded no requests"


def test_the_load_stage_shows_the_services_figures_after_it(tmp_path: Path) -> None:
    folder = copy_service(tmp_path)
    report_dir = tmp_path / "report"
    result = run_gate(
        folder, GateOptions(stages=["load"], users=3, seconds=3, report_dir=report_dir)
    )
    figures = result.stages[0].data["figures"]
    rows = {name: value for _title, rows in figures["groups"] for name, value in rows}
    assert rows["Online transactions"] != "0", rows  # the load users sent applications
    assert rows["Visits"] != "0", rows
    assert rows["Journeys started"] != "0", rows
    assert {path.rsplit("/", 1)[-1] for path in figures["files"]} == {
        "figures.txt",
        "figures.csv",
        "figures.json",
    }
    assert all((report_dir / path).is_file() for path in figures["files"])
    assert "Online transactions" in (report_dir / "load" / "figures.txt").read_text()
    html = write_report(result).read_text()
    assert "href='#figures'" in html
    assert "href='load/figures.csv'" in html
    assert "<h3 id='figures'>The service's figures after the load test</h3>" in html
