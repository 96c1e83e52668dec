"""A GOV.UK step library for pytest-bdd: steps that speak the Design System.

Every phrase works after Given, When, Then and And. Steps find things the way people do,
by role and label, and pass results on with `target_fixture`. The plugin registers this
module when pytest-bdd and Playwright are there.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from playwright.sync_api import Page, ViewportSize, expect

from mvpkit.journeys.routing import today
from mvpkit.questions.wording import lower_first
from mvpkit.testing.axe import assert_accessible
from mvpkit.testing.live_server import LiveServer
from mvpkit.testing.phrases import Kind, phrase

MOBILE: ViewportSize = {"width": 375, "height": 667}
STAFF_EMAIL = "staff@council.example.gov.uk"
REFERENCE = re.compile(r"\b[A-Z]{1,6}-[A-Z0-9]{4}-[A-Z0-9]{4}\b")


@phrase("I am on a mobile-sized screen")
def mobile_screen(page: Page) -> None:
    """A phone-sized viewport: 375 by 667 pixels."""
    page.set_viewport_size(MOBILE)


@phrase("I start the service", target_fixture="page")
def start_the_service(page: Page, live_server: LiveServer) -> Page:
    """Open the start page and press "Start now"."""
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Start now").click()
    return page


@phrase("I am signed in to the back office")
def signed_in_to_the_back_office(page: Page, live_server: LiveServer) -> None:
    """A staff account exists (made for the test) and its owner has signed in."""
    from mvpkit.backoffice.accounts import add_staff

    assert live_server.app is not None, "the back office needs the live server's own app"
    password = secrets.token_urlsafe(24)  # a new account for each test, never a default
    kit = live_server.app.extensions["mvpkit"]
    add_staff(kit.db, STAFF_EMAIL, password, kit.slug)  # granted this service only
    page.goto(f"{live_server.url}/staff/sign-in")
    page.get_by_label("Email address").fill(STAFF_EMAIL)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


@phrase('I open "{path}"', target_fixture="page", names={"path": Kind.PATH})
def open_path(page: Page, live_server: LiveServer, path: str) -> Page:
    """Open an address of the service, such as "/track"."""
    page.goto(f"{live_server.url}{path}")
    return page


@phrase('I choose "{option}"', names={"option": Kind.OPTION})
def choose(page: Page, option: str) -> None:
    """Select a radio or checkbox by its label."""
    page.get_by_label(option, exact=True).check()


@phrase('I select "{option}" from "{label}"', names={"label": Kind.LABEL})
def select_option(page: Page, option: str, label: str) -> None:
    """Pick an option from a select by its label."""
    page.get_by_label(label, exact=True).select_option(label=option)


@phrase('I enter "{text}" in "{label}"', names={"label": Kind.LABEL})
def enter_text(page: Page, text: str, label: str) -> None:
    """Type into the field whose label starts with this ("(optional)" may follow)."""
    page.get_by_label(label).first.fill(text)


@phrase('I enter the date "{day} {month} {year}" for "{question}"', names={"question": Kind.LABEL})
def enter_date(page: Page, day: str, month: str, year: str, question: str) -> None:
    """Fill in a GOV.UK date input by its legend."""
    group = page.get_by_role("group", name=question)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


@phrase('I enter the date {days:d} days ago for "{question}"', names={"question": Kind.LABEL})
def enter_date_days_ago(page: Page, days: int, question: str) -> None:
    """Fill in a date input with a date this many days before today (UK time)."""
    day = today() - timedelta(days=days)
    enter_date(page, str(day.day), str(day.month), str(day.year), question)


@phrase('I enter the date {days:d} days from now for "{question}"', names={"question": Kind.LABEL})
def enter_date_days_ahead(page: Page, days: int, question: str) -> None:
    """Fill in a date input with a date this many days after today (UK time)."""
    enter_date_days_ago(page, -days, question)


@phrase("I choose the {which} {kind} offered")
def choose_offered(page: Page, which: str, kind: str) -> None:
    """Choose the first or last day or time an appointment page offers."""
    radios = page.locator('input[type="radio"]')
    (radios.first if which == "first" else radios.last).check()


@phrase("I continue")
def press_continue(page: Page) -> None:
    """Press the "Continue" button."""
    page.get_by_role("button", name="Continue").click()


@phrase('I press "{name}"', names={"name": Kind.BUTTON})
def press(page: Page, name: str) -> None:
    """Press a button by its text, such as "Accept and send"."""
    page.get_by_role("button", name=name, exact=True).click()


@phrase('I follow the link "{text}"')
def follow_link(page: Page, text: str) -> None:
    """Follow a link by its text, such as "I have forgotten my password"."""
    page.get_by_role("link", name=text, exact=True).click()


@phrase("I go back")
def go_back(page: Page) -> None:
    """Follow the "Back" link."""
    page.get_by_role("link", name="Back", exact=True).click()


@phrase('I change my answer to "{question}"', names={"question": Kind.QUESTION})
def change_answer(page: Page, question: str) -> None:
    """On check your answers, follow the "Change" link for this answer."""
    page.get_by_role("link", name=f"Change {lower_first(question)}", exact=True).click()


@phrase('I see the heading "{heading}"', names={"heading": Kind.HEADING})
def see_heading(page: Page, heading: str) -> None:
    """The page's one h1 says this."""
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


@phrase('I see "{text}"')
def see_text(page: Page, text: str) -> None:
    """The page shows this text somewhere."""
    expect(page.get_by_text(text, exact=False).first).to_be_visible()


@phrase('I see the error "{message}"')
def see_error(page: Page, message: str) -> None:
    """The message is in the error summary, links to its field, and shows at the field."""
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name=message, exact=True)).to_be_visible()
    expect(page.locator(".govuk-error-message", has_text=message).first).to_be_visible()


@phrase('I see the answer "{answer}" for "{question}"', names={"question": Kind.QUESTION})
def see_answer(page: Page, answer: str, question: str) -> None:
    """Check your answers shows this answer in the row for this question."""
    row = page.locator(".govuk-summary-list__row", has=page.get_by_text(question, exact=True))
    expect(row.locator(".govuk-summary-list__value")).to_have_text(answer)


@phrase("I get a reference", target_fixture="reference")
def get_reference(page: Page) -> str:
    """The confirmation panel shows a reference; later steps can use it."""
    panel = page.locator(".govuk-panel")
    expect(panel).to_be_visible()
    match = REFERENCE.search(panel.inner_text())
    assert match, f"no reference in the panel: {panel.inner_text()!r}"
    return match.group(0)


@phrase("the page has no accessibility problems")
def no_accessibility_problems(page: Page) -> None:
    """axe finds nothing at WCAG 2.2 A and AA, nor against best practice."""
    assert_accessible(page)
