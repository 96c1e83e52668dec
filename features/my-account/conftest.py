"""Steps and fixtures for the My Account features; GOV.UK steps come from mvpkit."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from mvpkit.patterns.account.models import Account
from mvpkit.store.database import Database
from mvpkit.store.submissions import save_answers, send
from mvpkit.testing.live_server import LiveServer

PASSWORD = "three random words here"
LINK = re.compile(r"https?://\S+")


@pytest.fixture(scope="session")
def mvpkit_service_dir() -> Path:
    """These features describe the my-account exemplar."""
    return Path(__file__).resolve().parents[2] / "exemplars" / "my-account"


def _db(live_server: LiveServer) -> Database:
    assert live_server.app is not None
    db: Database = live_server.app.extensions["mvpkit"].db
    return db


@when(parsers.parse('I follow the link in the email to "{address}"'))
def follow_emailed_link(page: Page, live_server: LiveServer, address: str) -> None:
    """Open the outbox page, as the resident would open their email, and follow its link."""
    page.goto(f"{live_server.url}/outbox")
    newest = page.locator("pre").first
    expect(page.locator(".govuk-summary-list").first).to_contain_text(address)
    found = LINK.search(newest.inner_text())
    assert found, newest.inner_text()
    page.goto(found.group(0))


def _register(page: Page, live_server: LiveServer, email: str) -> None:
    page.goto(f"{live_server.url}/register")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    follow_emailed_link(page, live_server, email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Confirm and sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")


@given(parsers.parse('I have an account for "{email}"'))
def have_an_account(page: Page, live_server: LiveServer, email: str) -> None:
    """Make an account through the pages, then leave it signed out."""
    _register(page, live_server, email)
    page.context.clear_cookies()


@given(parsers.parse('I am signed in to my account as "{email}"'), target_fixture="email")
def signed_in(page: Page, live_server: LiveServer, email: str) -> str:
    """Make an account through the pages and stay signed in."""
    _register(page, live_server, email)
    return email


def _account_id(db: Database, email: str) -> int:
    with db.reads() as session:
        account = session.query(Account).filter(Account.email == email).one()
        return account.id


def _seed_report(db: Database, email: str, account_id: int | None, status: str) -> str:
    """Send a report to report-a-fault through the kit's store, as its pages would."""
    token = secrets.token_urlsafe(24)
    answers = {
        "problem-type": "street-light",
        "light-problem": "not-working",
        "light-location": "Outside 12 Acacia Avenue",
        "updates": "yes",
        "email": email,
    }
    save_answers(db, "report-a-fault", token, answers)
    sent = send(
        db,
        "report-a-fault",
        token,
        answers,
        prefix="RF",
        first_status=status,
        account_id=account_id,
    )
    return sent.reference


@given(parsers.parse('a report I sent is "{status}"'), target_fixture="reference")
def linked_report(live_server: LiveServer, email: str, status: str) -> str:
    """A report sent while signed in, now at this status."""
    db = _db(live_server)
    return _seed_report(db, email, _account_id(db, email), status)


@given(
    parsers.parse('I sent a report as "{address}" before I had an account'),
    target_fixture="reference",
)
def earlier_report(live_server: LiveServer, address: str) -> str:
    """A report sent without an account."""
    return _seed_report(_db(live_server), address, None, "Received")


@when(parsers.parse('I enter my reference in "{label}"'))
def enter_reference(page: Page, reference: str, label: str) -> None:
    """Type the reference of the report."""
    page.get_by_label(label, exact=True).fill(reference)


@then("I see my report")
def see_my_report(page: Page, reference: str) -> None:
    """The report's row is in the table of reports, with its service."""
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Report a street light or drain problem")
