"""A group lists itself through the journey, then changes or withdraws it from the emailed link."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from flask import Flask
from sqlalchemy import select

from mvpkit.definition.loader import check_definition
from mvpkit.email.models import OutboxEmail
from mvpkit.patterns.directory import listings, moderation
from mvpkit.patterns.directory.kinds import parse_time
from mvpkit.patterns.directory.links import edit_key
from mvpkit.patterns.directory.models import DirectoryListing
from tests.conftest import ROOT, AppFactory, write_service
from tests.directory_support import STAFF
from tests.support import Browser, Page

EXEMPLAR = ROOT / "exemplars" / "groups-and-events"
NOW = datetime(2026, 5, 11, 8, tzinfo=UTC)  # Monday 11 May 2026, 9am in London
LINK = re.compile(r"http://localhost(/listings/(\d+)/manage\?key=\S+)")
ANSWERS = {
    "kind": {"kind": "group"},
    "organisation": {"organisation": "Hyde Park Families"},
    "about": {"title": "Tuesday toddlers", "description": "Songs and stories for under-fives."},
    "who-for": {"who-for": "Children under 5 and their carers"},
    "ages": {"age-min": "0", "age-max": "4"},
    "category": {"category": "parents-and-toddlers"},
    "cost": {"cost": "free"},
    "venue": {
        "venue": "Hyde Park Community Centre",
        "address-line-1": "12 Mill Lane",
        "address-town": "Riverside",
        "address-postcode": "sw1a 1aa",
    },
    "starts-on": {"starts-on-day": "12", "starts-on-month": "5", "starts-on-year": "2026"},
    "times": {"start-time": "10am", "end-time": "11:30am"},
    "repeat": {"repeat": "weekly"},
    "repeat-until": {},
    "contact": {"contact-email": "toddlers@group.example"},
}


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def app(make_app: AppFactory, database_url: str) -> Flask:
    return make_app(EXEMPLAR, database_url)


def emails(app: Flask) -> list[OutboxEmail]:
    """The outbox, oldest first."""
    with app.extensions["mvpkit"].db.reads() as session:
        return list(session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))


def send_listing(app: Flask, **changes: dict[str, str]) -> Browser:
    """Answer every page and accept and send; the browser is left on the confirmation."""
    group = Browser(app.test_client())
    for page_id, data in {**ANSWERS, **changes}.items():
        group.answer(page_id, data)
    group.get("/check-answers")
    response = group.submit()
    assert response.status_code == 302, response.location
    return group


def sent_listing(app: Flask) -> DirectoryListing:
    kit = app.extensions["mvpkit"]
    with kit.db.reads() as session:
        found = session.scalars(
            select(DirectoryListing).where(DirectoryListing.organisation == "Hyde Park Families")
        ).one()
    return found


def link_in(email: OutboxEmail) -> tuple[str, int]:
    match = LINK.search(email.body)
    assert match, email.body
    return match.group(1), int(match.group(2))


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("10am", "10:00"),
        ("2:30pm", "14:30"),
        ("14:30", "14:30"),
        ("midday", "12:00"),
        ("12am", "00:00"),
        ("9.15 am", "09:15"),
        ("10", None),
        ("25:00", None),
        ("13pm", None),
    ],
)
def test_times_are_read_as_people_type_them(typed: str, kept: str | None) -> None:
    parsed = parse_time(typed)
    assert (parsed.strftime("%H:%M") if parsed else None) == kept


def test_a_time_that_is_not_one_gets_a_govuk_error_and_is_kept(app: Flask) -> None:
    group = Browser(app.test_client())
    for page_id, data in list(ANSWERS.items())[: list(ANSWERS).index("times")]:
        group.answer(page_id, data)
    group.get("/times")
    page = Page(group.submit(data={"start-time": "half ten", "end-time": ""}))
    assert page.title.startswith("Error: ")
    assert page.error_summary == [
        ("Start time must be a real time, like 10am, 2:30pm or 14:30", "#start-time"),
        ("Enter the end time", "#end-time"),
    ]
    assert page.value_of("start-time") == "half ten"


def test_the_journey_makes_a_pending_listing_and_emails_the_edit_link(app: Flask) -> None:
    group = send_listing(app)
    confirmation = group.open("/confirmation")
    assert confirmation.find("p", id="listing-checked")
    assert "check your listing before it is published" in confirmation.text()
    listing = sent_listing(app)
    assert listing.status == "pending"
    assert listing.address == "12 Mill Lane\nRiverside"
    assert listing.postcode == "SW1A 1AA"
    assert listing.age_max == 4
    [email] = [e for e in emails(app) if e.to == "toddlers@group.example"]
    assert email.subject == "Listing received: Tuesday toddlers"
    assert "check it before it is published" in email.body
    assert link_in(email)[1] == listing.id
    assert app.test_client().get(f"/listings/{listing.id}").status_code == 404


def test_answers_that_cannot_make_a_listing_are_refused_and_kept(app: Flask) -> None:
    group = send_listing(app, times={"start-time": "11am", "end-time": "10am"})
    assert group.client.get("/confirmation").status_code == 302  # nothing was sent
    kit = app.extensions["mvpkit"]
    with kit.db.reads() as session:
        assert session.scalars(select(OutboxEmail)).all() == []
        mine = DirectoryListing.organisation == "Hyde Park Families"
        assert session.scalars(select(DirectoryListing).where(mine)).all() == []
    page = group.get("/times")  # the page whose answer was refused says why, answers kept
    assert page.title.startswith("Error: ")
    assert page.error_summary == [("The end time must be after the start time", "#end-time")]
    assert page.value_of("start-time") == "11:00"
    assert page.value_of("end-time") == "10:00"
    assert group.get("/check-answers").summary_rows()["Organisation"] == "Hyde Park Families"
    group.submit("/times", data={"start-time": "10am", "end-time": "11:30am"})
    group.get("/check-answers")
    assert group.submit().location == "/confirmation"
    assert sent_listing(app).status == "pending"


def open_link(app: Flask) -> tuple[Browser, int]:
    send_listing(app)
    path, listing_id = link_in(emails(app)[-1])
    group = Browser(app.test_client())
    response = group.client.get(path)
    assert response.location == f"/listings/{listing_id}/manage"  # the key leaves the address
    return group, listing_id


def test_the_link_opens_the_listing_and_a_change_is_saved(app: Flask) -> None:
    group, listing_id = open_link(app)
    page = group.get(f"/listings/{listing_id}/manage")
    assert page.h1 == "Your listing"
    assert page.summary_rows()["Start time"] == "10am"
    change = page.link("Change start time")
    assert change == f"/listings/{listing_id}/change/times"
    form = group.get(change)
    assert form.value_of("start-time") == "10:00"
    response = group.submit(data={"start-time": "9:30am", "end-time": "11:30am"})
    assert response.location == f"/listings/{listing_id}/manage"
    kit = app.extensions["mvpkit"]
    assert listings.get(kit.db, kit.slug, listing_id).starts_at.hour == 8  # 9:30am in BST
    assert "Your changes are saved" in group.get(f"/listings/{listing_id}/manage").text()


def test_a_change_that_cannot_make_a_listing_is_shown_and_kept(app: Flask) -> None:
    group, listing_id = open_link(app)
    group.get(f"/listings/{listing_id}/change/times")
    response = group.submit(data={"start-time": "noon", "end-time": "9am"})
    page = Page(response)
    assert response.status_code == 200
    assert page.error_summary == [("The end time must be after the start time", "#end-time")]
    assert page.value_of("start-time") == "noon"


def test_changing_a_published_listing_sends_it_back_and_old_links_die(app: Flask) -> None:
    group, listing_id = open_link(app)
    old_link = link_in(emails(app)[-1])[0]
    kit = app.extensions["mvpkit"]
    moderation.approve(kit.db, kit.slug, listing_id, STAFF)
    group.get(f"/listings/{listing_id}/change/about")
    group.submit(data={"title": "Tuesday toddlers", "description": "Now with a ball pit."})
    listing = listings.get(kit.db, kit.slug, listing_id)
    assert listing.status == "pending"
    assert "check your listing again" in group.get(f"/listings/{listing_id}/manage").text()
    stale = Browser(app.test_client()).get(old_link, status=403)
    assert stale.h1 == "This link has expired or is not valid"
    changed = emails(app)[-1]
    assert changed.subject == "Listing changed: Tuesday toddlers"
    new_link, _ = link_in(changed)
    assert Browser(app.test_client()).client.get(new_link).status_code == 302


def test_withdrawing_asks_first_then_every_link_dies(app: Flask) -> None:
    group, listing_id = open_link(app)
    link = link_in(emails(app)[-1])[0]
    confirm = group.get(f"/listings/{listing_id}/withdraw")
    assert confirm.h1.endswith("Are you sure you want to withdraw your listing?")
    missing = Page(group.submit(data={}))
    assert missing.error_summary == [
        ("Select yes if you want to withdraw your listing", "#withdraw")
    ]
    assert group.submit(data={"withdraw": "no"}).status_code == 302
    kit = app.extensions["mvpkit"]
    assert listings.get(kit.db, kit.slug, listing_id).status == "pending"
    group.get(f"/listings/{listing_id}/withdraw")
    group.submit(data={"withdraw": "yes"})
    assert listings.get(kit.db, kit.slug, listing_id).status == "withdrawn"
    assert "Your listing has been withdrawn" in group.get(f"/listings/{listing_id}/manage").text()
    Browser(app.test_client()).get(link, status=403)


def test_forged_and_borrowed_keys_open_nothing(app: Flask) -> None:
    send_listing(app)
    listing = sent_listing(app)
    other = edit_key(app.extensions["mvpkit"].settings.secret_key, listing.id + 1, 1)
    forged = edit_key("some-other-secret-key-that-is-long-enough", listing.id, 1)
    visitor = Browser(app.test_client())
    for key in (other, forged, "nonsense"):
        visitor.get(f"/listings/{listing.id}/manage?key={key}", status=403)
    visitor.get(f"/listings/{listing.id}/manage", status=403)  # no link opened here
    visitor.get(f"/listings/{listing.id}/change/times", status=403)
    assert visitor.client.post(f"/listings/{listing.id}/withdraw").status_code in (400, 403)


def write_definition(tmp_path: Path, pages: str) -> Path:
    return write_service(tmp_path / "listing", f"name: List a group\ndirectory: {{}}\n{pages}")


def test_a_listing_journey_missing_what_a_listing_needs_is_reported(tmp_path: Path) -> None:
    pages = (
        "pages:\n"
        "  - {id: organisation, title: Organisation name}\n"
        "  - id: category\n"
        "    title: Category\n"
        "    type: radios\n"
        "    options: [{value: knitting, label: Knitting}]\n"
    )
    _service, problems = check_definition(write_definition(tmp_path, pages) / "service.yaml")
    messages = [str(problem) for problem in problems]
    assert any(
        ":2: " in text and "no page asks 'kind', 'title'" in text and "'start-time'" in text
        for text in messages
    ), messages
    assert any(":2: " in text and "'contact-email' or 'contact-phone'" in text for text in messages)
    assert any(
        ":8: " in text and "'knitting' is not a directory category" in text for text in messages
    )


def test_pages_that_ask_nothing_of_a_listing_send_no_listing(tmp_path: Path) -> None:
    pages = "pages: [{id: a, title: A}]\n"
    _service, problems = check_definition(write_definition(tmp_path, pages) / "service.yaml")
    assert problems == []
