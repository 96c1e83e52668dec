"""Staff check listings in the back office, and deal with residents' reports."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask import Flask
from sqlalchemy import select

from mvpkit.backoffice.accounts import add_staff
from mvpkit.email.models import OutboxEmail
from mvpkit.patterns.directory import listings, moderation
from mvpkit.patterns.directory.reports import REPORT_PER_CLIENT
from tests.conftest import ROOT, AppFactory
from tests.directory_support import answers
from tests.support import Browser, Page

EXEMPLAR = ROOT / "exemplars" / "groups-and-events"
NOW = datetime(2026, 5, 11, 8, tzinfo=UTC)
EMAIL = "moderator@riverside.example.gov.uk"
PASSWORD = "correct horse battery staple"
LINK = re.compile(r"http://localhost(/listings/(\d+)/manage\?key=\S+)")


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def app(make_app: AppFactory, database_url: str) -> Flask:
    app = make_app(EXEMPLAR, database_url)
    kit = app.extensions["mvpkit"]
    add_staff(kit.db, EMAIL, PASSWORD, kit.slug)
    return app


def signed_in(app: Flask) -> Browser:
    staff = Browser(app.test_client())
    staff.get("/staff/sign-in")
    assert staff.submit(data={"email": EMAIL, "password": PASSWORD}).status_code == 302
    return staff


def pending(app: Flask, title: str) -> int:
    kit = app.extensions["mvpkit"]
    return listings.create(kit.db, kit.slug, answers(title=title)).id


def emails_to(app: Flask, to: str) -> list[OutboxEmail]:
    with app.extensions["mvpkit"].db.reads() as session:
        found = select(OutboxEmail).where(OutboxEmail.to == to).order_by(OutboxEmail.id)
        return list(session.scalars(found))


def test_the_sample_listings_are_published_on_a_fresh_database(app: Flask) -> None:
    page = Browser(app.test_client()).get("/find")
    assert "5 groups and events" in page.text()
    assert "Tuesday toddlers" in page.text()


def test_the_queue_shows_pending_listings_oldest_first(app: Flask) -> None:
    first = pending(app, "Older listing")
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        pending(app, "Newer listing")
    staff = signed_in(app)
    page = staff.get("/staff/listings")
    assert page.h1 == "Listings to check"
    text = page.text()
    assert text.index("Older listing") < text.index("Newer listing")
    assert page.link("Older listing") == f"/staff/listings/{first}"
    assert staff.get("/staff/listings").find("a", class_="govuk-service-navigation__link")


def test_approving_publishes_records_who_and_emails_the_group(app: Flask) -> None:
    listing_id = pending(app, "Tuesday toddlers at Hyde Park")
    staff = signed_in(app)
    page = staff.get(f"/staff/listings/{listing_id}")
    assert page.find("p", id="no-decisions")
    response = staff.submit(f"/staff/listings/{listing_id}/approve")
    assert response.location == "/staff/listings"
    kit = app.extensions["mvpkit"]
    assert listings.get(kit.db, kit.slug, listing_id).status == "published"
    assert app.test_client().get(f"/listings/{listing_id}").status_code == 200
    [decision] = moderation.decisions(kit.db, kit.slug, listing_id)
    assert (decision.decision, decision.staff_email) == ("approved", EMAIL)
    history = staff.get(f"/staff/listings/{listing_id}").text()
    assert f"Monday 11 May 2026, 9am {EMAIL} Approved" in history
    [email] = emails_to(app, "toddlers@group.example")
    assert email.subject == "Listing published: Tuesday toddlers at Hyde Park"
    again = staff.submit(f"/staff/listings/{listing_id}/approve")  # decided already
    assert "has already been decided on" in staff.open(again.location).text()


def test_asking_for_changes_needs_a_reason_and_emails_the_edit_link(app: Flask) -> None:
    listing_id = pending(app, "Tuesday toddlers at Hyde Park")
    staff = signed_in(app)
    staff.get(f"/staff/listings/{listing_id}")
    page = Page(staff.submit(f"/staff/listings/{listing_id}/changes", {"changes-reason": " "}))
    assert page.title.startswith("Error: ")
    assert page.error_summary == [("Enter what to change", "#changes-reason")]
    too_long = "x" * 1001
    page = Page(staff.submit(f"/staff/listings/{listing_id}/changes", {"changes-reason": too_long}))
    assert page.value_of("changes-reason") == too_long
    reason = "Add the price of the tea and biscuits."
    staff.submit(f"/staff/listings/{listing_id}/changes", {"changes-reason": reason})
    kit = app.extensions["mvpkit"]
    assert listings.get(kit.db, kit.slug, listing_id).status == "changes_requested"
    [email] = emails_to(app, "toddlers@group.example")
    assert f"What to change: {reason}" in email.body
    match = LINK.search(email.body)
    assert match
    assert int(match.group(2)) == listing_id
    group = Browser(app.test_client())
    group.client.get(match.group(1))
    manage = group.get(f"/listings/{listing_id}/manage")
    assert reason in manage.text()


def test_rejecting_needs_a_reason_and_emails_why(app: Flask) -> None:
    listing_id = pending(app, "Not a community group")
    staff = signed_in(app)
    staff.get(f"/staff/listings/{listing_id}")
    page = Page(staff.submit(f"/staff/listings/{listing_id}/reject", {"reject-reason": ""}))
    assert page.error_summary == [("Enter why it is rejected", "#reject-reason")]
    staff.submit(f"/staff/listings/{listing_id}/reject", {"reject-reason": "It is a business."})
    kit = app.extensions["mvpkit"]
    assert listings.get(kit.db, kit.slug, listing_id).status == "rejected"
    [email] = emails_to(app, "toddlers@group.example")
    assert "Why: It is a business." in email.body
    assert "/manage?key=" not in email.body
    assert "It is a business." in staff.get(f"/staff/listings/{listing_id}").text()


def test_staff_pages_refuse_anyone_signed_out(app: Flask) -> None:
    listing_id = pending(app, "Tuesday toddlers at Hyde Park")
    visitor = Browser(app.test_client())
    for path in ("/staff/listings", f"/staff/listings/{listing_id}", "/staff/listings/reports"):
        assert visitor.client.get(path).location.startswith("/staff/sign-in")
    token = visitor.get(f"/listings/{published(app)}").csrf_token()  # a real token
    response = visitor.client.post(
        f"/staff/listings/{listing_id}/approve", data={"csrf_token": token}
    )
    assert response.location.startswith("/staff/sign-in")
    kit = app.extensions["mvpkit"]
    assert listings.get(kit.db, kit.slug, listing_id).status == "pending"
    staff = signed_in(app)
    assert staff.client.post(f"/staff/listings/{listing_id}/approve").status_code == 400  # CSRF
    assert listings.get(kit.db, kit.slug, listing_id).status == "pending"


def published(app: Flask) -> int:
    kit = app.extensions["mvpkit"]
    listing_id = pending(app, "Tuesday toddlers at Hyde Park")
    moderation.approve(kit.db, kit.slug, listing_id, EMAIL)
    return listing_id


def test_residents_report_what_is_wrong_and_staff_deal_with_it(app: Flask) -> None:
    listing_id = published(app)
    resident = Browser(app.test_client())
    resident.get(f"/listings/{listing_id}")
    page = Page(resident.submit(data={"what-is-wrong": ""}))
    assert page.error_summary == [("Enter what is wrong", "#what-is-wrong")]
    long = "y" * 1001
    page = Page(resident.submit(f"/listings/{listing_id}/report", {"what-is-wrong": long}))
    assert page.error_summary == [
        ("What is wrong must be 1,000 characters or fewer", "#what-is-wrong")
    ]
    assert page.value_of("what-is-wrong") == long
    response = resident.submit(
        f"/listings/{listing_id}/report", {"what-is-wrong": "It moved to Fridays."}
    )
    assert response.location == f"/listings/{listing_id}"
    assert "Thank you" in resident.get(f"/listings/{listing_id}").text()
    staff = signed_in(app)
    reports = staff.get("/staff/listings/reports")
    assert "It moved to Fridays." in reports.text()
    staff.submit(reports.form_action())
    assert staff.get("/staff/listings/reports").find("p", id="reports-empty")


def test_reports_are_limited_per_client(app: Flask) -> None:
    listing_id = published(app)
    resident = Browser(app.test_client())
    resident.get(f"/listings/{listing_id}")
    url = f"/listings/{listing_id}/report"
    for number in range(REPORT_PER_CLIENT.most):
        assert resident.submit(url, {"what-is-wrong": f"Report {number}"}).status_code == 302
    refused = resident.submit(url, {"what-is-wrong": "One too many"})
    assert refused.status_code == 429
    kit = app.extensions["mvpkit"]
    assert len(moderation.open_reports(kit.db, kit.slug)) == REPORT_PER_CLIENT.most
    with time_machine.travel(NOW + REPORT_PER_CLIENT.within + timedelta(minutes=1), tick=False):
        assert resident.submit(url, {"what-is-wrong": "Later"}).status_code == 302


def test_a_finished_listing_leaves_the_feeds_and_takes_no_reports(app: Flask) -> None:
    kit = app.extensions["mvpkit"]
    fair = answers(title="Spring fair", kind="event", repeat="none", starts_on="2026-05-02")
    listing_id = listings.create(kit.db, kit.slug, fair).id
    moderation.approve(kit.db, kit.slug, listing_id, EMAIL)
    client = app.test_client()
    assert "Send report" not in client.get(f"/listings/{listing_id}").get_data(as_text=True)
    assert client.get(f"/listings/{listing_id}/calendar.ics").status_code == 404
    assert "Spring fair" not in client.get("/calendar.ics").get_data(as_text=True)
    assert client.post(f"/listings/{listing_id}/report").status_code in (400, 404)
    open_data = client.get("/open-data/services").get_json()["content"]
    assert "Spring fair" not in [service["name"] for service in open_data]
