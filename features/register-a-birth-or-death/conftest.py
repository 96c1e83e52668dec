"""Steps and fixtures for the register-a-birth-or-death features; GOV.UK steps come from mvpkit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when
from sqlalchemy import select

from mvpkit.clock import LONDON
from mvpkit.email.models import OutboxEmail
from mvpkit.patterns.booking.availability import parse_slot_value
from mvpkit.patterns.booking.store import SlotFullError, book, find_booking
from mvpkit.testing.live_server import LiveServer
from mvpkit.testing.steps import choose_offered, enter_date_days_ago, enter_text, press_continue

SERVICE = "register-a-birth-or-death"
LINK = re.compile(r"https?://\S+/appointments/[A-Z0-9-]+\?key=\S+")


@pytest.fixture(scope="session")
def mvpkit_service_dir() -> Path:
    """These features describe the register-a-birth-or-death exemplar."""
    return Path(__file__).resolve().parents[2] / "exemplars" / SERVICE


@given("I have booked an appointment to register a birth", target_fixture="reference")
def booked(page: Page, live_server: LiveServer) -> str:
    """Book the first time offered for a baby born 3 days ago; keep the reference."""
    page.goto(f"{live_server.url}/register-what")
    page.get_by_label("A birth", exact=True).check()
    press_continue(page)
    enter_date_days_ago(page, 3, "When was the baby born?")
    press_continue(page)
    for kind in ("day", "time"):
        choose_offered(page, "first", kind)
        press_continue(page)
    enter_text(page, "Sam Jones", "Full name")
    enter_text(page, "sam.jones@example.com", "Email address")
    press_continue(page)
    page.get_by_role("button", name="Accept and send").click()
    return page.locator(".govuk-panel").inner_text().split()[-1]


@when("every place at the time I chose is booked by someone else", target_fixture="chosen_time")
def time_taken(page: Page, live_server: LiveServer) -> str:
    """Others book every registrar at the chosen time, between choosing and sending."""
    assert live_server.app is not None
    db = live_server.app.extensions["mvpkit"].db
    time_row = page.locator(".govuk-summary-list__row", has_text="Time")
    time_row.get_by_role("link").click()  # see which time was chosen, then go back
    chosen = page.locator('input[type="radio"]:checked').get_attribute("value")
    page.go_back()
    start = parse_slot_value(chosen)
    assert start is not None
    try:
        while True:
            book(db, SERVICE, start, 2, {"full-name": "Someone else"})
    except SlotFullError:
        pass
    return str(chosen)


@then("the time I chose is not offered")
def time_not_offered(page: Page, chosen_time: str) -> None:
    """The time page offers other times, not the one that was taken."""
    values = page.locator('input[type="radio"]').evaluate_all("els => els.map(e => e.value)")
    assert values
    assert chosen_time not in values


def _link(live_server: LiveServer) -> str:
    assert live_server.app is not None
    with live_server.app.extensions["mvpkit"].db.reads() as session:
        body = session.scalars(select(OutboxEmail.body).order_by(OutboxEmail.id.desc())).first()
    assert body is not None, "no email was queued"
    found = LINK.search(body)
    assert found, body
    return found.group(0)


@when("I open the link in my confirmation email")
def open_link(page: Page, live_server: LiveServer) -> None:
    """Follow the change-or-cancel link from the email the service queued."""
    page.context.clear_cookies()  # as from another device: only the link lets me in
    page.goto(_link(live_server))


@when("I open the link in my confirmation email with a changed key")
def open_tampered_link(page: Page, live_server: LiveServer) -> None:
    """Follow the link with one character of its key changed."""
    page.context.clear_cookies()
    link = _link(live_server)
    # not the last character: base64 may not use all of its bits, so it can change unnoticed
    where = len(link) - 5
    page.goto(link[:where] + ("A" if link[where] != "A" else "B") + link[where + 1 :])


@when("I open the day of that appointment in the back office")
def open_day(page: Page, live_server: LiveServer, reference: str) -> None:
    """Go to the staff list of the day the appointment is on."""
    assert live_server.app is not None
    booking = find_booking(live_server.app.extensions["mvpkit"].db, reference)
    assert booking is not None
    day = booking.slot_start.astimezone(LONDON).date().isoformat()
    page.goto(f"{live_server.url}/staff/appointments?day={day}")


@when(parsers.parse('I press "{name}" for that appointment'))
def press_for(page: Page, name: str, reference: str) -> None:
    """Press the button on the appointment's row."""
    row = page.get_by_role("row").filter(has_text=reference)
    row.get_by_role("button", name=name).click()


@when(parsers.parse('I follow "{name}" for that appointment'))
def follow_for(page: Page, name: str, reference: str) -> None:
    """Follow the link on the appointment's row."""
    row = page.get_by_role("row").filter(has_text=reference)
    row.get_by_role("link", name=name).click()


@then(parsers.parse('that appointment is "{status}"'))
def appointment_status(page: Page, reference: str, status: str) -> None:
    """The day's list shows the appointment with this status."""
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text(status)
