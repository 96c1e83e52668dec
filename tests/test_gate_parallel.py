"""The browser stages in several processes: when they run so, and what the processes share."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from mvpkit.gate import browser_stages
from mvpkit.gate.browser_stages import parallel_options
from mvpkit.gate.junit import Case, read_cases
from mvpkit.testing import axe, screenshots
from mvpkit.testing.browsers import find_chromium
from mvpkit.testing.shared_memo import MEMO_ENV, recall, remember

needs_chromium = pytest.mark.skipif(
    not find_chromium(), reason="no system Chromium (.ci/run installs it)"
)
PAGE = """<!DOCTYPE html><html lang="en"><head><title>Bins</title></head><body><main>
<h1>Bins</h1><form><input type="hidden" name="csrf_token" value="{token}">
<input type="text" name="street"></form></main></body></html>"""


def test_with_pytest_xdist_the_tests_run_in_a_process_for_each_processor() -> None:
    assert parallel_options(2) == ["-n", "2", "--dist", "load"]
    assert parallel_options(64) == ["-n", str(browser_stages.MAX_WORKERS), "--dist", "load"]


def test_one_processor_or_no_pytest_xdist_runs_them_in_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert parallel_options(1) == []
    monkeypatch.setattr(browser_stages.importlib.util, "find_spec", lambda name: None)
    assert parallel_options(4) == []


def test_the_run_is_timed_to_each_stage_by_its_share_of_the_tests() -> None:
    cases = {
        "features": [
            Case("Bins", "a", "passed", seconds=3.0),
            Case("Bins", "b", "passed", seconds=1.0),
        ],
        "accessibility": [Case("", "c", "passed", seconds=12.0)],
    }
    run = browser_stages._Run(cases, 0, "", 10.0)
    assert browser_stages._share(run, "features") == 0.25
    assert browser_stages._share(run, "accessibility") == 0.75


def test_without_a_memo_folder_nothing_is_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MEMO_ENV, raising=False)
    remember("axe", "key", "[]")
    assert recall("axe", "key") is None


def test_a_memo_folder_keeps_each_value_for_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MEMO_ENV, str(tmp_path))
    assert recall("axe", "key") is None
    remember("axe", "key", "[1]")
    remember("axe", "key", "[2]")
    assert recall("axe", "key") == "[2]"
    assert [path.name for path in (tmp_path / "axe").iterdir()] == ["key"]


@pytest.mark.browser
@needs_chromium
def test_findings_and_pictures_of_one_process_serve_another(
    page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MEMO_ENV, str(tmp_path / "memo"))
    monkeypatch.setattr(axe, "_FOUND", {})
    monkeypatch.setattr(screenshots, "_PICTURED", {})
    page.set_content(PAGE.format(token="one"))
    found = axe.axe_violations(page)
    drawn = screenshots.Album(tmp_path / "one").take(page, "bins")

    # another process: nothing in memory, and neither axe nor a picture may be needed
    monkeypatch.setattr(axe, "_FOUND", {})
    monkeypatch.setattr(screenshots, "_PICTURED", {})
    monkeypatch.setattr(axe, "_run_axe", lambda page: pytest.fail("axe ran again"))
    monkeypatch.setattr(page, "screenshot", lambda **options: pytest.fail("drawn again"))
    page.set_content(PAGE.format(token="two"))
    assert axe.axe_violations(page) == found
    assert "label" in {violation.rule for violation in found}
    linked = screenshots.Album(tmp_path / "two").take(page, "bins")
    assert linked.read_bytes() == drawn.read_bytes()


JUNIT = """<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">
<testcase classname="route_checks_module" name="test_route[b]" time="2"><properties>
<property name="route" value="b" /><property name="order" value="1" /></properties></testcase>
<testcase classname="features" name="test_unreadable" time="0">
<error message="collection failure">E   Misplaced</error></testcase>
<testcase classname="route_checks_module" name="test_route[a]" time="1"><properties>
<property name="route" value="a" /><property name="order" value="0" /></properties></testcase>
</testsuite></testsuites>"""


def test_checks_are_read_in_the_order_written_whatever_order_they_finished_in(
    tmp_path: Path,
) -> None:
    junit = tmp_path / "browser.xml"
    junit.write_text(JUNIT)
    assert [case.title for case in read_cases(junit)] == ["test_unreadable", "a", "b"]


def test_the_gate_numbers_the_tests_in_the_order_collected() -> None:
    assert "mvpkit.testing.run_order" in browser_stages.pytest_command([], Path("browser.xml"))
