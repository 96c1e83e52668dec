"""Research mode through the WSGI app `mvpkit research` serves: two services, one password."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from sqlalchemy import select

from mvpkit.frontend.devices import device_class
from mvpkit.patterns.research import passwords
from mvpkit.patterns.research.models import ResearchEvent, ResearchNote
from mvpkit.store.database import Database
from mvpkit.store.models import Draft, Submission
from tests.conftest import EXEMPLAR
from tests.research_support import (
    FAULT,
    browser,
    dispose,
    new_participant,
    serve_prototype,
    signed_in,
)
from tests.support import Page

SECOND = EXEMPLAR.parent / "register-a-birth-or-death"
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1"


@pytest.fixture
def prototype(database_url: str) -> Iterator[tuple[Any, Database]]:
    """Two services served as a prototype, on each database, with two passwords."""
    app, db = serve_prototype(database_url, [EXEMPLAR, SECOND])
    yield app, db
    dispose(app, db)


def test_nothing_is_reachable_without_a_password(prototype: tuple[Any, Database]) -> None:
    app, _ = prototype
    visitor = browser(app)
    for path in (
        "/",
        f"{FAULT}/",
        f"{FAULT}/problem-type",
        f"{FAULT}/outbox",
        f"{FAULT}/research/",
    ):
        response = visitor.client.get(path)
        assert response.status_code == 302, path
        assert "/research/sign-in" in response.location, path
    page = visitor.get(f"{FAULT}/research/sign-in")
    assert "This is a prototype. Do not enter real personal details." in page.html


def test_a_wrong_password_is_refused_and_a_right_one_opens_every_service(
    prototype: tuple[Any, Database],
) -> None:
    app, _ = prototype
    visitor = browser(app)
    visitor.get(f"{FAULT}/research/sign-in?next={FAULT}/problem-type")
    response = visitor.submit(data={"password": "not-the-password"})
    assert Page(response).error_summary == [("The password is not right", "#password")]
    response = visitor.submit(data={"password": "participant-password-1"})
    assert response.status_code == 302
    assert response.location == f"{FAULT}/problem-type"
    assert "Do not enter real personal details" in visitor.get(f"{FAULT}/problem-type").html
    visitor.get(f"/{SECOND.name}/")  # the other service, with the same sign-in
    assert visitor.client.get("/").status_code == 200


def test_participants_never_see_the_research_pages_or_the_outbox(
    prototype: tuple[Any, Database],
) -> None:
    app, _ = prototype
    participant = signed_in(app, "participant-password-1")
    for path in (f"{FAULT}/outbox", f"{FAULT}/research/participants/P01"):
        assert participant.client.get(path).status_code == 404, path
    assert participant.client.get(f"{FAULT}/research/").location == f"{FAULT}/"


def test_revoking_a_password_signs_its_holders_out(prototype: tuple[Any, Database]) -> None:
    app, db = prototype
    participant = signed_in(app, "participant-password-1")
    participant.get(f"{FAULT}/")
    passwords.revoke(db, "session")
    response = participant.client.get(f"{FAULT}/")
    assert response.status_code == 302
    assert "/research/sign-in" in response.location


def test_two_participants_in_one_browser_with_their_own_timelines(
    prototype: tuple[Any, Database],
) -> None:
    app, db = prototype
    researcher = signed_in(app, "researcher-password-lab")
    first_code, first_link = new_participant(researcher)
    second_code, second_link = new_participant(researcher)
    assert (first_code, second_code) == ("P01", "P02")

    device = signed_in(app, "participant-password-1", PHONE)
    moment = datetime(2026, 5, 11, 9, 0, tzinfo=UTC)
    with time_machine.travel(moment, tick=False) as traveller:
        assert device.client.get(first_link).location == f"{FAULT}/"
        device.get(f"{FAULT}/problem-type")
        traveller.shift(timedelta(seconds=40))
        response = device.submit(data={})  # nothing chosen: an error
        assert Page(response).error_summary
        response = device.submit(data={"problem-type": "street-light"})
        assert response.status_code == 302
        device.get(response.location)

        researcher.get(f"{FAULT}/research/participants/{first_code}")
        response = researcher.submit(
            f"{FAULT}/research/participants/{first_code}/notes",
            {"note": "Hesitated over the options"},
        )
        assert response.status_code == 302

        # The next participant, same browser: nothing of the first is there.
        assert device.client.get(second_link).location == f"{FAULT}/"
        page = device.get(f"{FAULT}/problem-type")
        assert 'value="street-light" checked' not in page.html
        assert "checked" not in page.html

    timeline = researcher.get(f"{FAULT}/research/participants/{first_code}").html
    assert "Was shown an error" in timeline
    assert "problem-type" in timeline
    assert "40 s" in timeline  # time on the first question page
    assert "Hesitated over the options" in timeline
    with db.reads() as session:
        events = list(session.scalars(select(ResearchEvent)))
        note = session.scalars(select(ResearchNote)).one()
    assert {event.device for event in events if event.device} == {"phone"}
    assert note.page == "light-problem"  # the page the participant was on
    assert all("street-light" not in event.detail for event in events)  # no answers kept
    second = researcher.get(f"{FAULT}/research/participants/{second_code}").html
    assert "Hesitated" not in second


def test_a_start_link_works_only_on_its_own_service(prototype: tuple[Any, Database]) -> None:
    app, _ = prototype
    researcher = signed_in(app, "researcher-password-lab")
    _, link = new_participant(researcher)
    other = link.replace(FAULT, f"/{SECOND.name}")
    assert researcher.client.get(other).status_code == 404
    assert researcher.client.get(f"{FAULT}/research/start/made-up").status_code == 404


def test_reset_forgets_answers_and_events_and_delete_forgets_everything(
    prototype: tuple[Any, Database],
) -> None:
    app, db = prototype
    researcher = signed_in(app, "researcher-password-lab")
    code, link = new_participant(researcher)
    other_code, other_link = new_participant(researcher)
    for start in (link, other_link):
        device = signed_in(app, "participant-password-1")
        device.client.get(start)
        device.get(f"{FAULT}/problem-type")
        assert device.submit(data={"problem-type": "street-light"}).status_code == 302
    researcher.get(f"{FAULT}/research/participants/{code}")
    researcher.submit(f"{FAULT}/research/participants/{code}/notes", {"note": "A note"})

    researcher.get(f"{FAULT}/research/participants/{code}")
    assert researcher.submit(f"{FAULT}/research/participants/{code}/reset").status_code == 302
    with db.reads() as session:
        assert session.scalar(select(Draft).where(Draft.service == EXEMPLAR.name)) is not None
        assert len(list(session.scalars(select(Draft)))) == 1  # only the other participant's
        assert len(list(session.scalars(select(ResearchNote)))) == 1  # notes are kept

    researcher.get(f"{FAULT}/research/participants/{code}/delete")
    assert researcher.submit(f"{FAULT}/research/participants/{code}/delete").status_code == 302
    assert researcher.client.get(f"{FAULT}/research/participants/{code}").status_code == 404
    with db.reads() as session:
        assert list(session.scalars(select(ResearchNote))) == []
        assert len(list(session.scalars(select(Draft)))) == 1
        assert list(session.scalars(select(Submission))) == []
    assert "Saw" in researcher.get(f"{FAULT}/research/participants/{other_code}").html


def test_devices_are_classed_without_keeping_the_browser_string() -> None:
    assert device_class(PHONE) == "phone"
    assert device_class("Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)") == "tablet"
    assert device_class("Mozilla/5.0 (Linux; Android 14; SM-X200) Safari/537.36") == "tablet"
    assert device_class("Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari/537.36") == "phone"
    assert device_class("Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0") == "desktop"


def test_outside_research_mode_there_are_no_research_pages(make_app: Any) -> None:
    app = make_app()
    client = app.test_client()
    assert client.get("/research/sign-in").status_code == 404
    assert "Do not enter real personal details" not in client.get("/").get_data(as_text=True)


def test_hostile_input_on_the_research_pages_gets_a_govuk_answer(
    prototype: tuple[Any, Database],
) -> None:
    from urllib.parse import quote

    from tests.test_hostile_input import NASTY

    app, _ = prototype
    researcher = signed_in(app, "researcher-password-lab")
    code, _ = new_participant(researcher)
    stranger = browser(app)
    stranger.get(f"{FAULT}/research/sign-in")
    for value in NASTY:
        for response in (
            stranger.submit(f"{FAULT}/research/sign-in", {"password": value}),
            researcher.submit(f"{FAULT}/research/participants/{code}/notes", {"note": value}),
            researcher.submit(f"{FAULT}/research/participants", {"scenario": value}),
            researcher.client.get(f"{FAULT}/research/participants/{quote(value[:200], safe='')}"),
            researcher.client.get(f"{FAULT}/research/start/{quote(value[:200], safe='')}"),
        ):
            assert response.status_code in (200, 302, 400, 404, 429), (value, response.status_code)
            if response.status_code != 302:
                assert "govuk-template" in response.get_data(as_text=True), value
    assert researcher.client.get(f"{FAULT}/research/participants/{code}").status_code == 200


def test_a_participants_link_opens_nothing_of_another_participants(
    prototype: tuple[Any, Database],
) -> None:
    app, _ = prototype
    researcher = signed_in(app, "researcher-password-lab")
    _, first_link = new_participant(researcher)
    _, second_link = new_participant(researcher)
    first = signed_in(app, "participant-password-1")
    first.client.get(first_link)
    first.get(f"{FAULT}/problem-type")
    first.submit(data={"problem-type": "street-light"})
    first.get(f"{FAULT}/light-problem")
    first.submit(data={"light-problem": "flickering"})

    second = signed_in(app, "participant-password-1")
    second.client.get(second_link)
    assert second.client.get(f"{FAULT}/light-problem").location == f"{FAULT}/problem-type"
    assert "checked" not in second.get(f"{FAULT}/problem-type").html
    assert second.client.get(f"{FAULT}/check-answers").status_code == 302
    for code in ("P01", "P02"):
        assert second.client.get(f"{FAULT}/research/participants/{code}").status_code == 404
    assert second.client.get(f"{FAULT}/research/round/events.csv").status_code == 404
    # The first participant's journey is still theirs alone.
    assert 'value="flickering" checked' in first.get(f"{FAULT}/light-problem").html
