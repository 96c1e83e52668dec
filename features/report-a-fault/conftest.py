"""Steps and fixtures for the report-a-fault features; GOV.UK steps come from mvpkit."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_bdd import given, parsers, then, when

from mvpkit.testing.live_server import LiveServer


@pytest.fixture(scope="session")
def mvpkit_service_dir() -> Path:
    """These features describe the report-a-fault exemplar."""
    return Path(__file__).resolve().parents[2] / "exemplars" / "report-a-fault"


@given("I have sent a street light report", target_fixture="reference")
def sent_report(page: Page, live_server: LiveServer) -> str:
    """Send a report through the pages, as a resident, and keep its reference."""
    page.goto(f"{live_server.url}/problem-type")
    answers = [("A street light problem",), ("It is not working",)]
    for (label,) in answers:
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Continue").click()
    page.get_by_label("Where is the street light?").fill("Outside 12 Acacia Avenue")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Accept and send").click()
    text = page.locator(".govuk-panel").inner_text()
    return text.split()[-1]


@when(parsers.parse('I enter my reference in "{label}"'))
def enter_reference(page: Page, reference: str, label: str) -> None:
    """Type the reference kept from sending."""
    page.get_by_label(label, exact=True).fill(reference)


@when("I open the report")
def open_report(page: Page, reference: str) -> None:
    """Find the report in the list and open it."""
    page.get_by_role("link", name=reference).click()


@when("I track my report")
def track_report(page: Page, live_server: LiveServer, reference: str) -> None:
    """Open the public tracking page for the reference."""
    page.goto(f"{live_server.url}/track/{reference}")


@then(parsers.parse('the report is "{status}"'))
def report_status(page: Page, status: str) -> None:
    """The tracking page shows this status."""
    assert status in page.inner_text("main")
