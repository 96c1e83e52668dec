"""The register office staff's side of booking: the day's appointments, cancelling, the calendar."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from mvpkit import clock
from mvpkit.backoffice.accounts import add_staff
from mvpkit.email.models import OutboxEmail
from mvpkit.patterns.booking.calendar import Calendar, local, slots_on
from mvpkit.patterns.booking.calendars import calendar_for
from mvpkit.patterns.booking.models import Booking, BookingCalendar
from mvpkit.patterns.booking.store import book, find_booking, places_taken
from mvpkit.store.database import Database
from tests.conftest import ROOT, AppFactory
from tests.support import Browser, Page

EXEMPLAR = ROOT / "exemplars" / "register-a-birth-or-death"
SLUG = EXEMPLAR.name
EMAIL = "registrar@riverside.example.gov.uk"
PASSWORD = "correct horse battery staple"
RESIDENT = {"full-name": "Sam Jones", "email": "sam@example.com", "register-what": "birth"}


@pytest.fixture
def booking_app(make_app: AppFactory, database_url: str) -> Flask:
    """The register office exemplar with one staff account."""
    app = make_app(EXEMPLAR, database_url)
    add_staff(database(app), EMAIL, PASSWORD, app.extensions["mvpkit"].slug)
    return app


def database(app: Flask) -> Database:
    """The app's database."""
    db: Database = app.extensions["mvpkit"].db
    return db


def default_calendar(app: Flask) -> Calendar:
    """The calendar in service.yaml."""
    section = app.extensions["mvpkit"].service.booking
    assert section is not None
    calendar: Calendar = section.calendar
    return calendar


def signed_in(app: Flask) -> Browser:
    """A browser signed in as the registrar."""
    staff = Browser(app.test_client())
    staff.get("/staff/sign-in")
    response = staff.submit(data={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    return staff


def open_tuesday(app: Flask) -> date:
    """A Tuesday a week or more ahead on which the office opens as service.yaml says."""
    calendar = default_calendar(app)
    day = clock.today() + timedelta(days=7)
    while day.weekday() != 1 or calendar.closed(day):
        day += timedelta(days=1)
    return day


def book_at(app: Flask, day: date, hour: int, minute: int = 0, **details: str) -> str:
    """Book a place at this London time; return the reference."""
    booking = book(
        database(app), SLUG, local(day, time(hour, minute)), 2, {**RESIDENT, **details}, "RB"
    )
    return booking.reference


def table_rows(page: Page) -> list[list[str]]:
    """The text of each body row's cells."""
    rows = []
    for row in page.find("tr", class_="govuk-table__row"):
        cells = [cell for cell in row.children if cell.tag in ("td", "th")]
        if cells and cells[0].tag == "td":
            rows.append([" ".join(cell.text.split()) for cell in cells])
    return rows


def outbox(app: Flask) -> list[OutboxEmail]:
    """Every queued email."""
    with database(app).reads() as session:
        emails = list(session.scalars(select(OutboxEmail)))
        for email in emails:
            session.expunge(email)
        return emails


def day_places(app: Flask, day: date) -> int:
    """How many places are held on this day."""
    start, end = local(day, time(0)), local(day + timedelta(days=1), time(0))
    return sum(places_taken(database(app), SLUG, start, end).values())


def test_every_staff_booking_page_needs_a_signed_in_member_of_staff(booking_app: Flask) -> None:
    reference = book_at(booking_app, open_tuesday(booking_app), 9)
    resident = Browser(booking_app.test_client())
    token = resident.get("/register-what").csrf_token()
    rules = [
        rule for rule in booking_app.url_map.iter_rules() if rule.endpoint.startswith("booking_")
    ]
    assert {rule.endpoint for rule in rules} == {
        "booking_staff.appointments",
        "booking_staff.mark_appointment",
        "booking_staff.cancel_form",
        "booking_staff.cancel_appointment",
        "booking_staff.calendar_form",
        "booking_staff.calendar_save",
    }
    form = {
        "csrf_token": token,
        "status": "attended",
        "reason": "Registrar ill",
        "hours-monday": "",
    }
    for rule in rules:
        url = rule.rule.replace("<reference>", reference)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = resident.client.open(url, method=method, data=form)
            assert response.status_code == 302, (method, url)
            assert response.location.startswith("/staff/sign-in"), (method, url)
    stored = find_booking(database(booking_app), reference)
    assert stored is not None
    assert stored.status == "booked"
    assert outbox(booking_app) == []
    assert calendar_for(database(booking_app), SLUG, default_calendar(booking_app)) == (
        default_calendar(booking_app)
    )


def test_the_day_view_lists_that_days_appointments_in_time_order(booking_app: Flask) -> None:
    day = open_tuesday(booking_app)
    afternoon = book_at(booking_app, day, 14, **{"full-name": "Alex Smith"})
    first = book_at(booking_app, day, 9, 30)
    second = book_at(booking_app, day, 9, 30, **{"register-what": "death"})
    day_before = book_at(booking_app, day - timedelta(days=1), 9)
    day_after = book_at(booking_app, day + timedelta(days=1), 9)
    staff = signed_in(booking_app)
    page = staff.get(f"/staff/appointments?day={day.isoformat()}")
    assert page.h1 == f"{day:%A} {day.day} {day:%B %Y}"
    rows = table_rows(page)
    assert [row[:5] for row in rows] == [
        ["9:30am", first, "Sam Jones", "A birth", "Booked"],
        ["9:30am", second, "Sam Jones", "A death", "Booked"],
        ["2pm", afternoon, "Alex Smith", "A birth", "Booked"],
    ]
    assert day_before not in page.html
    assert day_after not in page.html
    # Tuesdays: 7 slots in the morning and 6 in the afternoon, two registrars each.
    assert "Places residents can still book on this day: 23" in page.text()
    before = day - timedelta(days=1)
    previous_link = page.link(f"Previous day: {before:%A} {before.day} {before:%B %Y}")
    assert previous_link.endswith(f"day={before.isoformat()}")
    assert day_before in staff.get(previous_link).html


def test_the_day_view_shows_the_answers_the_booking_section_names(
    make_app: AppFactory, tmp_path: Path
) -> None:
    text = (EXEMPLAR / "service.yaml").read_text()
    named = "  name: full-name\n  purpose: register-what\n"
    assert named in text
    folder = tmp_path / SLUG
    folder.mkdir()
    (folder / "service.yaml").write_text(text.replace(named, "  name: email\n"))
    app = make_app(folder)
    add_staff(database(app), EMAIL, PASSWORD, app.extensions["mvpkit"].slug)
    day = open_tuesday(app)
    reference = book_at(app, day, 9, 30)

    page = signed_in(app).get(f"/staff/appointments?day={day.isoformat()}")

    assert [row[:5] for row in table_rows(page)] == [
        ["9:30am", reference, "sam@example.com", "Not provided", "Booked"]
    ]


def test_the_day_view_says_why_the_office_is_closed(booking_app: Flask) -> None:
    staff = signed_in(booking_app)
    page = staff.get("/staff/appointments?day=2026-12-30")
    assert "The office is closed on this day: Register office closed between Christmas" in (
        page.text()
    )
    assert "Places residents can still book on this day: 0" in page.text()
    assert "No appointments are booked on this day." in page.text()
    sunday = staff.get("/staff/appointments?day=2026-12-06")
    assert "The office does not open on Sundays." in sunday.text()


def test_the_day_view_opens_on_today(booking_app: Flask) -> None:
    staff = signed_in(booking_app)
    today = clock.today()
    assert staff.get("/staff/appointments").h1 == f"{today:%A} {today.day} {today:%B %Y}"


def test_go_to_day_takes_a_date_and_explains_bad_ones(booking_app: Flask) -> None:
    staff = signed_in(booking_app)
    response = staff.client.get(
        "/staff/appointments?day=2026-12-01&date-day=27&date-month=3&date-year=2027"
    )
    assert response.status_code == 302
    assert response.location == "/staff/appointments?day=2027-03-27"
    for typed, message, anchor in (
        (("", "", ""), "Enter a date", "#date-day"),
        (("31", "2", "2027"), "Date must be a real date", "#date-day"),
        (("27", "", "2027"), "Date must include a month", "#date-month"),
        (("27", "3", "1999"), "Year must be between 2000 and 2099", "#date-year"),
        (("x", "y", "z"), "Date must be a real date", "#date-day"),
    ):
        day, month, year = typed
        page = staff.get(
            f"/staff/appointments?day=2026-12-01&date-day={day}&date-month={month}&date-year={year}"
        )
        assert page.error_summary == [(message, anchor)], typed
        assert page.title.startswith("Error: ")
        assert page.h1 == "Tuesday 1 December 2026"
        assert (page.value_of("date-day"), page.value_of("date-year")) == (day, year)


@pytest.mark.parametrize(
    "day",
    [
        "2026-13-45",
        "yesterday",
        "9999-12-31",
        "0001-01-01",
        "<b>hostile</b>",
        "2026-1-1",
        "x" * 999,
    ],
)
def test_a_day_that_is_not_a_day_is_not_found(booking_app: Flask, day: str) -> None:
    staff = signed_in(booking_app)
    page = staff.get(f"/staff/appointments?day={day}", status=404)
    assert page.h1 == "Page not found"
    assert "<b>hostile" not in page.html


def test_staff_record_who_attended_and_who_did_not(booking_app: Flask) -> None:
    day = open_tuesday(booking_app)
    came = book_at(booking_app, day, 9)
    stayed_away = book_at(booking_app, day, 10)
    staff = signed_in(booking_app)
    staff.get(f"/staff/appointments?day={day.isoformat()}")
    for reference, status in ((came, "attended"), (stayed_away, "no-show")):
        response = staff.submit(f"/staff/appointments/{reference}/status", {"status": status})
        assert response.status_code == 302
        assert response.location == f"/staff/appointments?day={day.isoformat()}"
        stored = find_booking(database(booking_app), reference)
        assert stored is not None
        assert stored.status == status
    rows = table_rows(staff.get(f"/staff/appointments?day={day.isoformat()}"))
    assert [row[4] for row in rows] == ["Attended", "Did not attend"]
    assert "Cancel" not in " ".join(row[5] for row in rows)
    # A mistake can be put right.
    staff.submit(f"/staff/appointments/{stayed_away}/status", {"status": "attended"})
    stored = find_booking(database(booking_app), stayed_away)
    assert stored is not None
    assert stored.status == "attended"


def test_marks_refuse_unknown_statuses_references_and_cancelled_bookings(
    booking_app: Flask,
) -> None:
    day = open_tuesday(booking_app)
    reference = book_at(booking_app, day, 9)
    staff = signed_in(booking_app)
    staff.get(f"/staff/appointments?day={day.isoformat()}")
    for status in ("cancelled", "booked", "", "<b>"):
        response = staff.submit(f"/staff/appointments/{reference}/status", {"status": status})
        assert response.status_code == 400, status
    response = staff.submit("/staff/appointments/RB-AAAA-AAAA/status", {"status": "attended"})
    assert response.status_code == 404
    assert "Appointment not found" in Page(response).text()
    from mvpkit.patterns.booking.store import cancel

    cancel(database(booking_app), reference, "Moved")
    response = staff.submit(f"/staff/appointments/{reference}/status", {"status": "attended"})
    assert response.status_code == 409
    assert f"Appointment {reference} is already cancelled" in Page(response).text()


def test_cancelling_needs_a_reason_frees_the_place_and_emails_the_resident_once(
    booking_app: Flask,
) -> None:
    day = open_tuesday(booking_app)
    reference = book_at(booking_app, day, 11, 30)
    assert day_places(booking_app, day) == 1
    staff = signed_in(booking_app)
    day_page = staff.get(f"/staff/appointments?day={day.isoformat()}")
    form = staff.get(day_page.link(f"Cancel appointment {reference}"))
    assert form.h1 == "Cancel this appointment"
    assert "11:30am on" in form.text()

    page = Page(staff.submit(data={"reason": "  "}))
    assert page.error_summary == [("Enter why the appointment is cancelled", "#reason")]
    assert page.field_errors == ["Enter why the appointment is cancelled"]
    assert page.title.startswith("Error: ")
    page = Page(staff.submit(data={"reason": "x" * 501}))
    assert page.error_summary == [("Reason must be 500 characters or fewer", "#reason")]
    assert page.value_of("reason") == "x" * 501
    assert day_places(booking_app, day) == 1
    assert outbox(booking_app) == []

    response = staff.submit(data={"reason": "The registrar is ill"})
    assert response.status_code == 302
    assert response.location == f"/staff/appointments?day={day.isoformat()}"
    assert day_places(booking_app, day) == 0
    stored = find_booking(database(booking_app), reference)
    assert stored is not None
    assert (stored.status, stored.cancel_reason) == ("cancelled", "The registrar is ill")
    emails = outbox(booking_app)
    assert len(emails) == 1
    assert emails[0].to == "sam@example.com"
    assert emails[0].service == SLUG
    assert "cancelled" in emails[0].subject.lower()
    assert reference in emails[0].body
    assert "The registrar is ill" in emails[0].body
    assert "http://localhost/" in emails[0].body  # how to book again

    page = staff.open(f"/staff/appointments?day={day.isoformat()}")
    banner = page.find("div", class_="govuk-notification-banner")
    assert banner
    assert f"Appointment {reference} cancelled. We have emailed sam@example.com." in " ".join(
        banner[0].text.split()
    )
    assert [row[4] for row in table_rows(page)] == ["Cancelled"]
    assert "Places residents can still book on this day: 26" in page.text()

    again = staff.client.get(f"/staff/appointments/{reference}/cancel")
    assert again.status_code == 409
    assert f"Appointment {reference} is already cancelled" in Page(again).text()
    response = staff.submit(f"/staff/appointments/{reference}/cancel", {"reason": "Twice"})
    assert response.status_code == 409
    assert len(outbox(booking_app)) == 1


def test_two_staff_cancelling_at_once_email_the_resident_once(
    booking_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = open_tuesday(booking_app)
    reference = book_at(booking_app, day, 9)
    staff = signed_in(booking_app)
    staff.get(f"/staff/appointments/{reference}/cancel")
    stale = find_booking(database(booking_app), reference)  # read before the other cancels
    assert staff.submit(data={"reason": "First"}).status_code == 302
    monkeypatch.setattr("mvpkit.patterns.booking.staff.find_booking", lambda _db, _ref: stale)
    response = staff.submit(f"/staff/appointments/{reference}/cancel", {"reason": "Second"})
    assert response.status_code == 409
    assert len(outbox(booking_app)) == 1
    stored = find_booking(database(booking_app), reference)
    assert stored is not None
    assert stored.cancel_reason == "First"


def test_cancelling_without_an_email_address_says_to_tell_the_resident(
    booking_app: Flask,
) -> None:
    day = open_tuesday(booking_app)
    reference = book_at(booking_app, day, 9, email="")
    staff = signed_in(booking_app)
    form = staff.get(f"/staff/appointments/{reference.lower()}/cancel")
    assert "There is no email address for this appointment" in form.text()
    response = staff.submit(data={"reason": "Office flooded"})
    assert response.status_code == 302
    assert outbox(booking_app) == []
    page = staff.open(response.location)
    assert "tell the resident another way" in page.text()


def test_unknown_references_are_not_found(booking_app: Flask) -> None:
    staff = signed_in(booking_app)
    for reference in ("RB-AAAA-AAAA", "nothing", "%3Cb%3Ehostile", "x" * 300):
        page = staff.get(f"/staff/appointments/{reference}/cancel", status=404)
        assert page.h1 == "Appointment not found"
        assert "<b>hostile" not in page.html
    staff.get("/staff/calendar")
    response = staff.submit("/staff/appointments/RB-AAAA-AAAA/cancel", {"reason": "Gone"})
    assert response.status_code == 404


def test_forged_or_missing_csrf_tokens_change_nothing(booking_app: Flask) -> None:
    day = open_tuesday(booking_app)
    reference = book_at(booking_app, day, 9)
    staff = signed_in(booking_app)
    posts: list[tuple[str, dict[str, Any]]] = [
        (f"/staff/appointments/{reference}/status", {"status": "attended"}),
        (f"/staff/appointments/{reference}/cancel", {"reason": "Forged"}),
        ("/staff/calendar", {"hours-monday": "10:00-11:00"}),
    ]
    for url, data in posts:
        for token in ("forged", None):
            form = dict(data) if token is None else {**data, "csrf_token": token}
            response = staff.client.post(url, data=form)
            assert response.status_code == 400, (url, token)
            assert "Sorry, we could not accept that form" in Page(response).text()
    stored = find_booking(database(booking_app), reference)
    assert stored is not None
    assert stored.status == "booked"
    assert outbox(booking_app) == []
    with database(booking_app).reads() as session:
        assert session.scalar(select(BookingCalendar)) is None


def calendar_fields(page: Page) -> dict[str, str]:
    """Every field of the calendar form, as the page shows it."""
    names = [f"hours-{weekday}" for weekday in ("monday", "tuesday", "wednesday")]
    names += ["hours-thursday", "hours-friday", "hours-saturday", "hours-sunday"]
    names += ["slot-minutes", "places", "min-notice-hours", "max-days-ahead", "bank-holidays"]
    return {name: page.value_of(name) for name in names}


def test_the_calendar_form_shows_the_calendar_in_use(booking_app: Flask) -> None:
    staff = signed_in(booking_app)
    page = staff.get("/staff/calendar")
    assert page.h1 == "Appointment calendar"
    assert calendar_fields(page) == {
        "hours-monday": "09:00-12:30, 13:30-16:30",
        "hours-tuesday": "09:00-12:30, 13:30-16:30",
        "hours-wednesday": "09:00-12:30, 13:30-16:30",
        "hours-thursday": "09:00-12:30, 13:30-19:00",
        "hours-friday": "09:00-12:30, 13:30-16:00",
        "hours-saturday": "09:00-12:00",
        "hours-sunday": "",
        "slot-minutes": "30",
        "places": "2",
        "min-notice-hours": "2",
        "max-days-ahead": "42",
        "bank-holidays": "yes",
    }
    assert "29 December 2026 to 31 December 2026: Register office closed" in page.text()
    assert "Appointments already booked stay as they are" in page.text()
    assert "Nobody has changed it here yet" in page.text()


def test_calendar_problems_are_shown_at_their_fields_keeping_what_was_typed(
    booking_app: Flask,
) -> None:
    staff = signed_in(booking_app)
    form = calendar_fields(staff.get("/staff/calendar"))
    typed = {
        **form,
        "hours-monday": "9 till 5",
        "hours-tuesday": "12:30-09:00",
        "hours-wednesday": "09:00-12:00, 11:00-13:00",
        "hours-thursday": "09:00-24:30",
        "hours-friday": "25:00-26:00",
        "slot-minutes": "thirty",
        "places": "0",
        "min-notice-hours": "1.5",
        "max-days-ahead": "99999999999",
        "bank-holidays": "maybe",
        "closure-from-day": "10",
        "closure-from-month": "1",
        "closure-from-year": "2027",
        "closure-to-day": "9",
        "closure-to-month": "1",
        "closure-to-year": "2027",
        "closure-reason": "",
    }
    response = staff.submit(data=typed)
    assert response.status_code == 200
    page = Page(response)
    assert page.title.startswith("Error: ")
    assert page.error_summary == [
        ("Enter opening hours like 09:00-12:30", "#hours-monday"),
        ("Opening hours on Tuesday must end after they start", "#hours-tuesday"),
        ("Opening periods on Wednesday must not overlap", "#hours-wednesday"),
        ("Opening hours on Thursday must end by 24:00", "#hours-thursday"),
        ("Enter opening hours like 09:00-12:30", "#hours-friday"),
        ("Appointment length must be a number", "#slot-minutes"),
        ("Appointments at the same time must be 1 or more", "#places"),
        ("Minimum notice must be a whole number", "#min-notice-hours"),
        ("Days ahead must be 732 or less", "#max-days-ahead"),
        ("Select yes if the office is closed on bank holidays", "#bank-holidays"),
        ("Last day of the closure must be the same as or after the first day", "#closure-to-day"),
        ("Enter the reason for the closure", "#closure-reason"),
    ]
    assert len(page.field_errors) == len(page.error_summary)
    for name, value in typed.items():
        if name != "bank-holidays":  # a radio shows only the answers it offers
            assert page.value_of(name) == value, name
    assert calendar_for(database(booking_app), SLUG, default_calendar(booking_app)) == (
        default_calendar(booking_app)
    )


def test_closure_dates_must_be_real(booking_app: Flask) -> None:
    staff = signed_in(booking_app)
    form = calendar_fields(staff.get("/staff/calendar"))
    for first, last, errors in (
        (("", "", ""), ("", "", ""), [("Enter the first day of the closure", "#closure-from-day")]),
        (
            ("30", "2", "2027"),
            ("1", "", "2027"),
            [
                ("First day of the closure must be a real date", "#closure-from-day"),
                ("Last day of the closure must include a month", "#closure-to-month"),
            ],
        ),
    ):
        parts = dict(zip(("day", "month", "year"), first, strict=True))
        ends = dict(zip(("day", "month", "year"), last, strict=True))
        data = {
            **form,
            **{f"closure-from-{part}": value for part, value in parts.items()},
            **{f"closure-to-{part}": value for part, value in ends.items()},
            "closure-reason": "Training",
        }
        page = Page(staff.submit(data=data))
        assert page.error_summary == errors
        assert page.value_of("closure-reason") == "Training"


def test_a_saved_calendar_changes_the_slots_and_leaves_bookings_alone(
    booking_app: Flask,
) -> None:
    day = open_tuesday(booking_app)
    reference = book_at(booking_app, day, 9, 30)
    staff = signed_in(booking_app)
    form = calendar_fields(staff.get("/staff/calendar"))
    page = staff.get("/staff/calendar")
    christmas = page.find("input", name="remove-closure")[0].attrs["value"]
    training = day + timedelta(days=7)
    response = staff.submit(
        data={
            **form,
            "hours-tuesday": "10:00-12:00",
            "hours-sunday": "9:00 - 10:00",
            "slot-minutes": "60",
            "places": "1",
            "min-notice-hours": "0",
            "bank-holidays": "no",
            "remove-closure": christmas,
            "closure-from-day": str(training.day),
            "closure-from-month": str(training.month),
            "closure-from-year": str(training.year),
            "closure-reason": "Staff training",
        }
    )
    assert response.status_code == 302
    assert response.location == "/staff/calendar"
    page = staff.open("/staff/calendar")
    assert "Calendar saved. New bookings use it from now on." in page.text()
    assert f"Last changed by {EMAIL}" in page.text()
    assert page.value_of("hours-sunday") == "09:00-10:00"

    calendar = calendar_for(database(booking_app), SLUG, default_calendar(booking_app))
    now = clock.now()
    assert [slot.start.time() for slot in slots_on(calendar, day, now)] == [time(10), time(11)]
    assert calendar.places == 1
    assert not calendar.bank_holidays
    assert calendar.closed(training) == "Staff training"
    assert calendar.closed(date(2026, 12, 30)) is None
    with database(booking_app).reads() as session:
        saved = session.scalars(select(BookingCalendar)).one()
        assert saved.updated_by == EMAIL
        bookings = list(session.scalars(select(Booking)))
    assert [(booking.reference, booking.status) for booking in bookings] == [(reference, "booked")]
    day_page = staff.get(f"/staff/appointments?day={day.isoformat()}")
    assert [row[:2] for row in table_rows(day_page)] == [["9:30am", reference]]
    assert "Places residents can still book on this day: 2" in day_page.text()


def test_a_calendar_form_with_nothing_in_it_gets_errors_not_a_crash(booking_app: Flask) -> None:
    staff = signed_in(booking_app)
    staff.get("/staff/calendar")
    page = Page(staff.submit(data={"remove-closure": "not/a/closure", "hours-monday": ",,,"}))
    assert page.error_summary == [
        ("Enter the length of each appointment in minutes", "#slot-minutes"),
        ("Enter how many appointments can be at the same time", "#places"),
        ("Enter the minimum notice in hours", "#min-notice-hours"),
        ("Enter how many days ahead residents can book", "#max-days-ahead"),
        ("Select yes if the office is closed on bank holidays", "#bank-holidays"),
    ]
