"""Book, change and cancel an appointment in Chromium, through `mvpkit serve` and its mounts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from mvpkit.clock import as_utc, now
from mvpkit.email.models import OutboxEmail
from mvpkit.gate.server import free_port, serve_command, start, stop
from mvpkit.patterns.booking.availability import parse_slot_value
from mvpkit.patterns.booking.store import CANCELLED, find_booking
from mvpkit.store.database import Database, connect
from mvpkit.testing.browsers import find_chromium
from mvpkit.testing.steps import (
    choose_offered,
    enter_date_days_ago,
    enter_text,
    get_reference,
    press,
    press_continue,
    see_heading,
)
from tests.conftest import ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not find_chromium(), reason="no system Chromium (.ci/run installs it)"),
]

SERVICE = "register-a-birth-or-death"
LINK = re.compile(r"https?://\S+/appointments/[A-Z0-9-]+\?key=\S+")


@dataclass(frozen=True)
class Served:
    """`mvpkit serve` on a copy of the exemplars, with its own SQLite file."""

    root: str  # http://127.0.0.1:<port>, where every service is mounted at /<slug>/
    database: Database


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    services = tmp_path / "exemplars"
    shutil.copytree(ROOT / "exemplars", services, ignore=shutil.ignore_patterns("instance"))
    database_url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    env = {
        **os.environ,
        "MVPKIT_DATABASE_URL": database_url,
        "MVPKIT_SECRET_KEY": "s" * 64,
        "MVPKIT_ENV": "development",
        "MVPKIT_CLOCK": now().isoformat(),  # the server's day and hour are the test's
    }
    port = free_port()
    root = f"http://127.0.0.1:{port}"
    process: subprocess.Popen[bytes] = start(
        serve_command(services, port), env, tmp_path / "server.log", f"{root}/health"
    )
    database = connect(database_url)
    try:
        yield Served(root, database)
    finally:
        database.dispose()
        stop(process)


def emailed_link(database: Database) -> str:
    """The change-or-cancel link in the newest email the service queued."""
    with database.reads() as session:
        body = session.scalars(select(OutboxEmail.body).order_by(OutboxEmail.id.desc())).first()
    assert body is not None, "no email was queued"
    found = LINK.search(body)
    assert found, body
    return found.group(0)


def book(page: Page, service_url: str) -> str:
    """Book the first time offered for a baby born 3 days ago; return the reference."""
    page.goto(f"{service_url}/")
    page.get_by_role("button", name="Start now").click()
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
    press(page, "Accept and send")
    see_heading(page, "Appointment booked")
    return get_reference(page)


def test_a_resident_changes_then_cancels_from_the_email_under_mvpkit_serve(
    page: Page, served: Served
) -> None:
    service_url = f"{served.root}/{SERVICE}"
    reference = book(page, service_url)
    link = urlsplit(emailed_link(served.database))
    assert link.path == f"/{SERVICE}/appointments/{reference}"

    page.context.clear_cookies()  # as on another device: only the link lets them in
    page.goto(f"{served.root}{link.path}?{link.query}")
    see_heading(page, "Your appointment")
    assert page.url == f"{service_url}/appointments/{reference}"  # the key has left

    page.get_by_role("button", name="Change the time").click()
    see_heading(page, "Choose a new day")
    choose_offered(page, "last", "day")
    press_continue(page)
    expect(page.locator("h1")).to_contain_text("Choose a new time on")
    chosen = page.locator('input[type="radio"]').last.get_attribute("value")
    choose_offered(page, "last", "time")
    press_continue(page)
    see_heading(page, "Your appointment")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your appointment has been changed to"
    )
    moved = find_booking(served.database, reference)
    assert moved is not None
    assert as_utc(moved.slot_start) == parse_slot_value(chosen)

    page.get_by_role("button", name="Cancel the appointment").click()
    see_heading(page, "Are you sure you want to cancel your appointment?")
    page.get_by_label("Yes", exact=True).check()
    press_continue(page)
    see_heading(page, "Your appointment")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your appointment has been cancelled."
    )
    expect(page.locator(".govuk-summary-list")).to_contain_text("Cancelled")
    cancelled = find_booking(served.database, reference)
    assert cancelled is not None
    assert cancelled.status == CANCELLED
