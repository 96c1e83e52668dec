"""The gate's index.html names every check, shows its pages in order and says what to fix."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mvpkit.gate.addresses import to_paths
from mvpkit.gate.check import GateResult
from mvpkit.gate.junit import read_cases, what_to_fix
from mvpkit.gate.load import read_failures
from mvpkit.gate.report import STAGE_TITLES, write_report
from mvpkit.gate.stage import StageResult
from tests.report_reader import Report, table_rows

FEATURES_XML = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="4">
<testcase classname="features.test_bins" name="test_a_small_bin" time="1.5">
  <properties><property name="feature" value="Order a bin"/>
  <property name="scenario" value="A small bin"/>
  <property name="screenshots" value="test-a-small-bin-1a2b3c4d/album.json"/></properties>
</testcase>
<testcase classname="features.test_bins" name="test_no_size_chosen" time="0.7">
  <properties><property name="feature" value="Order a bin"/>
  <property name="scenario" value="No size chosen"/>
  <property name="page" value="/apply-for-a-bin/size"/></properties>
  <failure message="AssertionError: Locator expected to have text 'Select a size' at http://127.0.0.1:40123/apply-for-a-bin/size?x=1">trace</failure>
</testcase>
<testcase classname="features.test_collections" name="test_a_missed_collection" time="0">
  <properties><property name="feature" value="Report a missed collection"/>
  <property name="scenario" value="A missed collection"/></properties>
  <skipped type="pytest.skip" message="Not built yet">skipped</skipped>
</testcase>
<testcase classname="features.test_collections" name="test_a_late_collection" time="0">
  <skipped type="pytest.skip" message="Not built yet">skipped</skipped>
</testcase>
</testsuite></testsuites>
"""

ROUTES_XML = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="2">
<testcase classname="route_checks_module" name="test_route[chromium-size &gt; colour]" time="2">
  <properties><property name="route" value="size &gt; colour"/></properties>
</testcase>
<testcase classname="route_checks_module" name="test_route[size &gt; outside-area]" time="1.0">
  <properties><property name="page" value="/outside-area"/></properties>
  <failure message="1 accessibility problem(s) on http://127.0.0.1:5123/outside-area:&#10;-
label (critical)">t</failure>
</testcase>
</testsuite></testsuites>
"""

FAILURES_CSV = (
    "Method,Name,Error,Occurrences\n"
    "POST,/size,\"HTTPError('500 Server Error: INTERNAL SERVER ERROR for url: "
    "http://127.0.0.1:8123/apply-for-a-bin/size')\",3\n"
    "GET,/,ConnectionResetError(104),12\n"
)


def stage_from(name: str, xml: str, noun: str, tmp_path: Path) -> StageResult:
    """A stage as check.py builds it from its JUnit file."""
    junit = tmp_path / f"{name}.xml"
    junit.write_text(xml)
    cases = read_cases(junit)
    failed = [case for case in cases if case.outcome == "failed"]
    details = [what_to_fix(case, noun) for case in failed]
    return StageResult(name, not failed, "summary", details, data={"cases": cases})


def album(report_dir: Path, name: str, pages: list[tuple[str, str]]) -> None:
    """An album as the browser tests leave it: numbered pictures and their listing."""
    folder = report_dir / "screenshots" / name
    folder.mkdir(parents=True)
    shots = []
    for number, (path, title) in enumerate(pages, start=1):
        file = f"{number:02d}-{path.strip('/').replace('/', '-') or 'start'}.png"
        (folder / file).write_bytes(b"\x89PNG")
        shots.append({"file": file, "path": path, "title": title})
    (folder / "album.json").write_text(json.dumps(shots))


def written(tmp_path: Path) -> Report:
    report_dir = tmp_path / "report"
    # the listing's order is the journey's, whatever the files' names sort as
    album(
        report_dir,
        "test-a-small-bin-1a2b3c4d",
        [("/", "Apply for a bin"), ("/size", "What size?"), ("/check", "Check your answers")],
    )
    failures_csv = tmp_path / "locust_failures.csv"
    failures_csv.write_text(FAILURES_CSV)
    load = StageResult(
        "load",
        False,
        "20 requests",
        ["p95 over budget"],
        data={"failures": read_failures(failures_csv)},
    )
    result = GateResult(
        tmp_path,
        "Apply for a bin",
        [
            stage_from("features", FEATURES_XML, "Scenario", tmp_path),
            stage_from("accessibility", ROUTES_XML, "Route", tmp_path),
            load,
        ],
        report_dir,
    )
    return Report(write_report(result))


def test_every_scenario_is_named_with_its_result_under_its_feature(tmp_path: Path) -> None:
    report = written(tmp_path)
    assert report.results(STAGE_TITLES["features"]) == {
        "Feature: Order a bin": [("A small bin", "Passed"), ("No size chosen", "Failed")],
        "Feature: Report a missed collection": [("A missed collection", "Skipped")],
        "Scenarios": [("A late collection", "Skipped")],
    }


def test_every_route_is_named_with_its_result(tmp_path: Path) -> None:
    report = written(tmp_path)
    assert report.results(STAGE_TITLES["accessibility"]) == {
        "Routes": [("size > colour", "Passed"), ("size > outside-area", "Failed")]
    }


def test_screenshots_are_thumbnails_linked_to_full_size_in_the_order_taken(
    tmp_path: Path,
) -> None:
    report = written(tmp_path)
    albums = report.screenshots(STAGE_TITLES["features"])
    assert list(albums) == ["Pages in the scenario “A small bin”, in order"]
    shots = albums["Pages in the scenario “A small bin”, in order"]
    folder = "screenshots/test-a-small-bin-1a2b3c4d"
    assert [shot.link for shot in shots] == [
        f"{folder}/01-start.png",
        f"{folder}/02-size.png",
        f"{folder}/03-check.png",
    ]
    assert all(shot.thumbnail == shot.link for shot in shots)
    assert all((report.folder / shot.link).is_file() for shot in shots)
    assert [shot.caption for shot in shots] == [
        "1. Apply for a bin (/)",
        "2. What size? (/size)",
        "3. Check your answers (/check)",
    ]
    assert shots[1].alt == "Full-size picture of page 2. What size? (/size)"


def test_what_to_fix_names_the_check_and_the_page_by_its_path(tmp_path: Path) -> None:
    report = written(tmp_path)
    [scenario] = report.what_to_fix(STAGE_TITLES["features"])
    assert scenario.startswith(
        'Scenario "No size chosen" of the feature "Order a bin" failed on the page '
        "/apply-for-a-bin/size:"
    )
    assert "at /apply-for-a-bin/size?x=1" in scenario
    [route] = report.what_to_fix(STAGE_TITLES["accessibility"])
    assert route.startswith('Route "size > outside-area" failed on the page /outside-area:')
    assert "accessibility problem(s) on /outside-area:" in route
    assert "127.0.0.1" not in report.html


def test_the_load_stages_failure_reasons_are_in_the_report(tmp_path: Path) -> None:
    report = written(tmp_path)
    section = report.section(STAGE_TITLES["load"])
    headings = [" ".join(element.text.split()) for element in section if element.tag == "h3"]
    assert headings[:2] == ["What to fix", "Why requests failed"]
    table = next(element for element in section if element.tag == "table")
    assert table_rows(table) == [
        ["GET", "/", "ConnectionResetError(104)", "12"],
        [
            "POST",
            "/size",
            "HTTPError('500 Server Error: INTERNAL SERVER ERROR for url: /apply-for-a-bin/size')",
            "3",
        ],
    ]


def test_the_report_is_one_accessible_page(tmp_path: Path) -> None:
    report = written(tmp_path)
    assert report.headings("h1") == ["Apply for a bin: the release check failed"]
    assert [element.attrs.get("lang") for element in report.elements if element.tag == "html"] == [
        "en"
    ]
    assert all(element.attrs.get("alt") for element in report.elements if element.tag == "img")
    for table in (element for element in report.elements if element.tag == "table"):
        table_rows(table)  # each has column headers
    outside = [
        element.attrs.get("src") or element.attrs.get("href")
        for element in report.elements
        if element.tag in ("script", "link", "img", "a")
    ]
    assert all(address.startswith(("#", "screenshots/")) for address in outside if address), outside


def test_addresses_of_this_machine_become_paths() -> None:
    assert to_paths("at http://127.0.0.1:8123/a/b?c=1 and http://localhost:80") == (
        "at /a/b?c=1 and /"
    )
    assert to_paths("see https://www.gov.uk/service") == "see https://www.gov.uk/service"


@pytest.mark.slow
def test_the_plugin_names_each_scenarios_feature_in_the_junit_record(tmp_path: Path) -> None:
    features = tmp_path / "features"
    features.mkdir()
    (features / "bins.feature").write_text(
        "Feature: Order a bin\n\n"
        "  Scenario: A bin arrives\n    Given a bin\n\n"
        "  Scenario: A bin is lost\n    Given no bin\n\n"
        "  @skip\n  Scenario: A bin is late\n    Given a bin\n"
    )
    (features / "test_bins.py").write_text(
        "from pytest_bdd import given, scenarios\n\nscenarios('.')\n\n\n"
        "@given('a bin')\ndef a_bin() -> None:\n    pass\n\n\n"
        "@given('no bin')\ndef no_bin() -> None:\n    raise AssertionError('no bin at all')\n"
    )
    junit = tmp_path / "features.xml"
    subprocess.run(
        [sys.executable, "-m", "pytest", str(features), f"--junitxml={junit}", "-q"],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    cases = read_cases(junit)
    assert [(case.group, case.title, case.outcome) for case in cases] == [
        ("Order a bin", "A bin arrives", "passed"),
        ("Order a bin", "A bin is lost", "failed"),
        ("Order a bin", "A bin is late", "skipped"),
    ]
    assert "no bin at all" in cases[1].message
