"""Booking an appointment in the register-a-birth-or-death exemplar, through the test client."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import select

from mvpkit.clock import LONDON
from mvpkit.email.models import OutboxEmail
from mvpkit.journeys.routing import today
from mvpkit.patterns.booking.availability import day_label, parse_slot_value
from mvpkit.patterns.booking.emails import when
from mvpkit.patterns.booking.models import Booking
from mvpkit.patterns.booking.store import CANCELLED, book, find_booking, places_taken
from mvpkit.store.models import Submission
from mvpkit.testing.clock import frozen_clock
from tests.conftest import ROOT, AppFactory
from tests.support import Browser

EXEMPLAR = ROOT / "exemplars" / "register-a-birth-or-death"
REFERENCE = re.compile(r"RB-[A-Z0-9]{4}-[A-Z0-9]{4}")
LINK = re.compile(r"http://localhost/appointments/(RB-[A-Z0-9-]+)\?key=(\S+)")


def choices(visitor: Browser, url: str) -> list[str]:
    """The values of the radios on a page."""
    page = visitor.get(url)
    return [radio.attrs["value"] for radio in page.find("input", type="radio")]


def up_to_details(visitor: Browser, born_days_ago: int = 3, day_index: int = 0) -> tuple[str, str]:
    """Answer a birth's questions up to the details page; return the day and time chosen."""
    visitor.answer("register-what", {"register-what": "birth"})
    born = today() - timedelta(days=born_days_ago)
    visitor.answer(
        "birth-date",
        {"birth-date-day": born.day, "birth-date-month": born.month, "birth-date-year": born.year},
    )
    day = choices(visitor, "/appointment-day")[day_index]
    visitor.answer("appointment-day", {"appointment-day": day})
    time = choices(visitor, "/appointment-time")[0]
    visitor.answer("appointment-time", {"appointment-time": time})
    return day, time


DETAILS = {"full-name": "Sam Jones", "email": "sam@example.com", "phone": ""}


def book_through_journey(visitor: Browser) -> tuple[str, str]:
    """Book the first free time; return the reference and the time chosen."""
    _day, time = up_to_details(visitor)
    assert visitor.answer("details", DETAILS) == "/check-answers"
    visitor.get("/check-answers")
    response = visitor.submit()
    assert response.location == "/confirmation", response.location
    page = visitor.get("/confirmation")
    match = REFERENCE.search(page.text())
    assert match
    return match.group(0), time


def outbox(app: Flask) -> list[OutboxEmail]:
    with app.extensions["mvpkit"].db.reads() as session:
        return list(session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))


def test_booking_stores_the_submission_the_booking_and_the_email(
    make_app: AppFactory, database_url: str
) -> None:
    app = make_app(EXEMPLAR, database_url)
    visitor = Browser(app.test_client())
    reference, time = book_through_journey(visitor)
    booking = find_booking(app.extensions["mvpkit"].db, reference)
    assert booking is not None
    assert booking.status == "booked"
    assert booking.slot_start == parse_slot_value(time)
    assert booking.details["full-name"] == "Sam Jones"
    with app.extensions["mvpkit"].db.reads() as session:
        assert session.scalar(select(Submission.reference)) == reference
    [email] = outbox(app)
    assert email.to == "sam@example.com"
    assert reference in email.body
    assert "Riverside Register Office" in email.body
    assert LINK.search(email.body)
    text = visitor.get("/confirmation").text()
    assert "Your appointment is at" in text


def test_days_offered_stop_at_the_deadline(make_app: AppFactory) -> None:
    app = make_app(EXEMPLAR)
    visitor = Browser(app.test_client())
    visitor.answer("register-what", {"register-what": "death"})
    died = today() - timedelta(days=2)
    visitor.answer(
        "death-date",
        {"death-date-day": died.day, "death-date-month": died.month, "death-date-year": died.year},
    )
    days = choices(visitor, "/appointment-day")
    assert days
    assert max(days) <= (died + timedelta(days=5)).isoformat()


def test_too_late_goes_to_the_exit_page(make_app: AppFactory) -> None:
    visitor = Browser(make_app(EXEMPLAR).test_client())
    visitor.answer("register-what", {"register-what": "birth"})
    born = today() - timedelta(days=43)
    location = visitor.answer(
        "birth-date",
        {"birth-date-day": born.day, "birth-date-month": born.month, "birth-date-year": born.year},
    )
    assert location == "/birth-too-late"
    assert visitor.get(location).h1 == "You need to call the register office"


def test_a_time_taken_before_sending_is_offered_again_with_other_times(
    make_app: AppFactory, database_url: str
) -> None:
    app = make_app(EXEMPLAR, database_url)
    db = app.extensions["mvpkit"].db
    visitor = Browser(app.test_client())
    day, time = up_to_details(visitor, day_index=-1)  # a whole day ahead: other times are left
    visitor.answer("details", DETAILS)
    start = parse_slot_value(time)
    assert start is not None
    for _place in range(2):  # both registrars' places go to others
        book(db, "register-a-birth-or-death", start, 2, {})
    visitor.get("/check-answers")
    response = visitor.submit()
    assert response.location == "/appointment-time"
    page = visitor.get("/appointment-time")
    assert page.error_summary == [
        ("That time is no longer available. Choose another time", "#appointment-time")
    ]
    offered = [radio.attrs["value"] for radio in page.find("input", type="radio")]
    assert time not in offered
    assert offered
    with db.reads() as session:
        assert session.scalar(select(Submission)) is None
    assert outbox(app) == []
    assert visitor.answer("appointment-time", {"appointment-time": offered[0]}) == "/details"
    assert day  # the day is kept: only the time is asked again


def test_the_last_time_of_the_day_taken_before_sending_says_so_with_an_error(
    make_app: AppFactory, database_url: str
) -> None:
    # 13:45 on a Monday, with 2 hours' notice: 16:00 is the only time left today.
    with frozen_clock(datetime(2026, 12, 7, 13, 45, tzinfo=LONDON)):
        app = make_app(EXEMPLAR, database_url)
        visitor = Browser(app.test_client())
        day, time = up_to_details(visitor)
        assert day == "2026-12-07"
        assert choices(visitor, "/appointment-time") == [time]
        visitor.answer("details", DETAILS)
        start = parse_slot_value(time)
        assert start is not None
        for _place in range(2):
            book(app.extensions["mvpkit"].db, "register-a-birth-or-death", start, 2, {})
        visitor.get("/check-answers")
        assert visitor.submit().location == "/appointment-time"
        page = visitor.get("/appointment-time")
        assert page.title.startswith("Error: There are no times left on")
        message = "That time is no longer available and there are no other times on"
        assert len(page.error_summary) == 1
        assert page.error_summary[0][0].startswith(message)
        assert page.error_summary[0][1] == "#what-to-do"
        assert page.find("a", id="what-to-do")[0].attrs["href"] == "/appointment-day"


def test_changing_the_day_asks_for_a_time_again(make_app: AppFactory) -> None:
    visitor = Browser(make_app(EXEMPLAR).test_client())
    _day, _time = up_to_details(visitor)
    visitor.answer("details", DETAILS)
    days = choices(visitor, "/appointment-day?change=1")
    visitor.get("/appointment-day?change=1")
    response = visitor.submit(data={"appointment-day": days[1]})
    assert response.location == "/appointment-time?change=1"
    assert visitor.client.get("/check-answers").location == "/appointment-time"


def test_check_answers_shows_the_day_and_time_in_words(make_app: AppFactory) -> None:
    from datetime import date

    visitor = Browser(make_app(EXEMPLAR).test_client())
    day, _time = up_to_details(visitor)
    visitor.answer("details", DETAILS)
    rows = visitor.get("/check-answers").summary_rows()
    assert rows["Day"] == day_label(date.fromisoformat(day))
    assert re.fullmatch(r"(\d{1,2}(:\d\d)?(am|pm)|midday)", rows["Time"])


def test_the_emailed_link_opens_the_appointment_and_cancels_it(
    make_app: AppFactory, database_url: str
) -> None:
    app = make_app(EXEMPLAR, database_url)
    db = app.extensions["mvpkit"].db
    reference, time = book_through_journey(Browser(app.test_client()))
    match = LINK.search(outbox(app)[0].body)
    assert match
    stranger = Browser(app.test_client())
    stranger.get(f"/appointments/{reference}", status=403)
    stranger.get(f"/appointments/{reference}?key={match.group(2)}x", status=403)
    resident = Browser(app.test_client())
    response = resident.client.get(f"/appointments/{reference}?key={match.group(2)}")
    assert response.location == f"/appointments/{reference}"
    assert resident.get(f"/appointments/{reference}").h1 == "Your appointment"
    resident.get(f"/appointments/{reference}/cancel")
    assert resident.submit(data={"cancel": "yes"}).location == f"/appointments/{reference}"
    shown = resident.get(f"/appointments/{reference}").text()
    assert "Your appointment has been cancelled" in shown
    booking = find_booking(db, reference)
    assert booking is not None
    assert booking.status == CANCELLED
    start = parse_slot_value(time)
    assert start is not None
    assert places_taken(db, "register-a-birth-or-death", start, start + timedelta(minutes=1)) == {}
    assert outbox(app)[-1].subject == "Appointment cancelled"


def test_changing_the_time_moves_the_place_in_one_go(
    make_app: AppFactory, database_url: str
) -> None:
    app = make_app(EXEMPLAR, database_url)
    db = app.extensions["mvpkit"].db
    visitor = Browser(app.test_client())
    reference, time = book_through_journey(visitor)
    old = parse_slot_value(time)
    assert old is not None
    days = choices(visitor, f"/appointments/{reference}/change")
    visitor.get(f"/appointments/{reference}/change")
    location = visitor.submit(data={"new-day": days[-1]}).location
    assert location == f"/appointments/{reference}/change/{days[-1]}"
    times = choices(visitor, location)
    visitor.get(location)
    assert visitor.submit(data={"new-time": times[-1]}).location == f"/appointments/{reference}"
    new = parse_slot_value(times[-1])
    assert new is not None
    booking = find_booking(db, reference)
    assert booking is not None
    assert booking.slot_start == new
    window = places_taken(db, "register-a-birth-or-death", old, new + timedelta(minutes=1))
    assert window == {new: 1}
    assert outbox(app)[-1].subject.startswith("Appointment changed")
    with db.reads() as session:
        assert session.scalar(select(Booking.status)) == "booked"


def test_a_date_on_a_branch_left_behind_sets_no_deadline(make_app: AppFactory) -> None:
    visitor = Browser(make_app(EXEMPLAR).test_client())
    visitor.answer("register-what", {"register-what": "birth"})
    born = today() - timedelta(days=60)
    visitor.answer(
        "birth-date",
        {"birth-date-day": born.day, "birth-date-month": born.month, "birth-date-year": born.year},
    )
    visitor.answer("register-what", {"register-what": "death"})
    died = today() - timedelta(days=1)
    visitor.answer(
        "death-date",
        {"death-date-day": died.day, "death-date-month": died.month, "death-date-year": died.year},
    )
    assert choices(visitor, "/appointment-day")


def test_no_value_crashes_the_appointment_pages(make_app: AppFactory) -> None:
    from tests.test_hostile_input import NASTY

    app = make_app(EXEMPLAR)
    visitor = Browser(app.test_client())
    reference, _time = book_through_journey(visitor)
    token = visitor.get(f"/appointments/{reference}/cancel").csrf_token()
    day = choices(visitor, f"/appointments/{reference}/change")[0]
    for nasty in NASTY:
        for path, field in (
            (f"/appointments/{reference}/change", "new-day"),
            (f"/appointments/{reference}/change/{day}", "new-time"),
            (f"/appointments/{reference}/cancel", "cancel"),
        ):
            response = visitor.client.post(path, data={"csrf_token": token, field: nasty})
            assert response.status_code == 200, (path, nasty)
            assert "There is a problem" in response.get_data(as_text=True)
        for path in (f"/appointments/{nasty}", f"/appointments/{reference}/change/{nasty}"):
            assert visitor.client.get(path).status_code in (400, 404, 308), (path, nasty)
    assert visitor.client.get(f"/appointments/{reference}?key={NASTY[8]}").status_code == 403
    booking = find_booking(app.extensions["mvpkit"].db, reference)
    assert booking is not None
    assert booking.status == "booked"


def test_the_back_office_shows_the_appointment_as_it_is_now(make_app: AppFactory) -> None:
    from mvpkit.backoffice.accounts import add_staff
    from tests.test_booking_staff import EMAIL, PASSWORD, signed_in

    app = make_app(EXEMPLAR)
    kit = app.extensions["mvpkit"]
    add_staff(kit.db, EMAIL, PASSWORD, kit.slug)
    resident = Browser(app.test_client())
    reference, _time = book_through_journey(resident)
    resident.get(f"/appointments/{reference}/cancel")
    resident.submit(data={"cancel": "yes"})
    rows = signed_in(app).get(f"/staff/submissions/{reference}").summary_rows()
    assert rows["Status"] == "Cancelled"
    assert rows["Why it was cancelled"] == "Cancelled by the resident"
    booking = find_booking(app.extensions["mvpkit"].db, reference)
    assert booking is not None
    assert rows["When"].startswith(when(booking.slot_start))
