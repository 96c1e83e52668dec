"""The register office staff's side of booking: the day's appointments and the calendar.

Staff see one day's appointments, record who came, cancel an appointment with a reason (the
resident is emailed), and change the calendar residents book against. A calendar change
never touches appointments already booked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from mvpkit import clock
from mvpkit.backoffice.access import signed_in_email, staff_required
from mvpkit.backoffice.navigation import StaffLink
from mvpkit.clock import LONDON
from mvpkit.email.links import EmailLinks
from mvpkit.frontend.errors import error_page
from mvpkit.frontend.forms import FixedForm
from mvpkit.kit import current_kit
from mvpkit.patterns.booking.availability import day_label, time_label
from mvpkit.patterns.booking.calendar import WEEKDAYS, Calendar, local, slots_on
from mvpkit.patterns.booking.calendar_form import (
    calendar_from,
    calendar_questions,
    read_calendar,
    shown_values,
)
from mvpkit.patterns.booking.calendars import calendar_for, save_calendar
from mvpkit.patterns.booking.emails import queue_cancelled, resident_email, when
from mvpkit.patterns.booking.models import Booking, BookingCalendar
from mvpkit.patterns.booking.settings import Booking as BookingSection
from mvpkit.patterns.booking.settings import booking_of
from mvpkit.patterns.booking.staff_dates import FIRST_YEAR, LAST_YEAR, date_answer, within_years
from mvpkit.patterns.booking.store import (
    ATTENDED,
    BOOKED,
    CANCELLED,
    NO_SHOW,
    bookings_between,
    cancel,
    find_booking,
    mark,
    places_taken,
)
from mvpkit.questions.answers import FieldError, PageResult, clean_text
from mvpkit.questions.date import DATE_PARTS
from mvpkit.questions.validation import answer_text
from mvpkit.store.references import normalise_reference

booking_staff = Blueprint("booking_staff", __name__, url_prefix="/staff")
STAFF_LINKS = (
    StaffLink(
        "Appointments",
        "booking_staff.appointments",
        ("booking_staff.cancel_form", "booking_staff.cancel_appointment"),
    ),
    StaffLink("Calendar", "booking_staff.calendar_form", ("booking_staff.calendar_save",)),
)
REASON_MAX = 500
CANCEL = FixedForm(
    {
        "id": "cancel",
        "title": "Cancel this appointment",
        "fields": [
            {
                "id": "reason",
                "label": "Why is the appointment cancelled?",
                "summary": "Reason",
                "type": "textarea",
                "max_length": REASON_MAX,
                "hint": "The resident sees this in the email.",
                "errors": {"required": "Enter why the appointment is cancelled"},
            }
        ],
    }
)
# What staff may record from each status: a wrong mark can be put right.
MARKS = {BOOKED: (ATTENDED, NO_SHOW), ATTENDED: (NO_SHOW,), NO_SHOW: (ATTENDED,)}


# The day's appointments


@dataclass(frozen=True)
class Appointment:
    """One row of the day view."""

    reference: str
    time: str
    name: str
    purpose: str
    status: str
    marks: tuple[str, ...]  # the statuses staff may record now


@booking_staff.get("/appointments")
@staff_required
def appointments() -> str | Response | tuple[str, int]:
    """One day's appointments in time order, with the places still free that day."""
    day = _day_from_address(request.args.get("day"))
    if day is None:
        return error_page(
            404,
            "Page not found",
            f"Days in the web address look like 2026-03-27, between {FIRST_YEAR} and "
            f"{LAST_YEAR}. Go back, or use 'Go to day' on the appointments page.",
        )
    typed = {part: clean_text(request.args.get(f"date-{part}"))[:20] for part in DATE_PARTS}
    errors: list[FieldError] = []
    if any(f"date-{part}" in request.args for part in DATE_PARTS):
        chosen = date_answer("date", "Date", typed, "Enter a date")
        if isinstance(chosen, date):
            return redirect(url_for(".appointments", day=chosen.isoformat()))
        errors.append(chosen)
    return _render_day(day, typed, errors)


def _render_day(day: date, typed: Mapping[str, str], errors: list[FieldError]) -> str:
    kit = current_kit()
    calendar = calendar_for(kit.db, kit.slug, _section().calendar)
    start, end = local(day, time(0)), local(day + timedelta(days=1), time(0))
    taken = places_taken(kit.db, kit.slug, start, end)
    free = sum(
        max(0, calendar.places - taken.get(slot.key, 0))
        for slot in slots_on(calendar, day, clock.now())
    )
    rows = [_appointment(booking) for booking in bookings_between(kit.db, kit.slug, start, end)]
    return render_template(
        "mvpkit/staff/appointments.html",
        title=f"Appointments on {day_label(day)}",
        day=day,
        day_text=day_label(day),
        rows=rows,
        free=free,
        closed=calendar.closed(day),
        opens=bool(calendar.opening_hours.on(day)),
        previous_day=within_years(day - timedelta(days=1)),
        next_day=within_years(day + timedelta(days=1)),
        today=clock.today(),
        typed=typed,
        errors=errors,
        field_errors={error.question_id: error for error in errors},
    )


def _appointment(booking: Booking) -> Appointment:
    return Appointment(
        reference=booking.reference,
        time=time_label(booking.slot_start),
        name=_resident_name(booking),
        purpose=_purpose(booking),
        status=booking.status,
        marks=MARKS.get(booking.status, ()),
    )


def _named_question(key: str) -> str | None:
    """The id of the question `booking.name` or `booking.purpose` names, if the service does."""
    section = booking_of(current_kit().service)
    return getattr(section, key) if section else None


def _resident_name(booking: Booking) -> str:
    """The answer to the question `booking.name` names, or "" when the service names none."""
    question_id = _named_question("name")
    return str(booking.details.get(question_id) or "") if question_id else ""


def _purpose(booking: Booking) -> str:
    """The answer to the question `booking.purpose` names, as the resident saw it chosen."""
    question_id = _named_question("purpose")
    value = booking.details.get(question_id) if question_id else None
    if value in (None, ""):
        return ""
    for page in current_kit().service.question_pages:
        for question in page.questions:
            if question.id == question_id:
                return answer_text(question, value)
    return str(value)


def _day_from_address(text: str | None) -> date | None:
    """The day `?day=` names (today when it is missing), or None when it is not a day."""
    if not text:
        return clock.today()
    if len(text) != 10:
        return None
    try:
        return within_years(date.fromisoformat(text))
    except ValueError:
        return None


# Recording who came, and cancelling


@booking_staff.post("/appointments/<reference>/status")
@staff_required
def mark_appointment(reference: str) -> Response | tuple[str, int]:
    """Record that the resident attended or did not come, then show the day again."""
    booking = _booking(reference)
    if booking is None:
        return _not_found(reference)
    status = request.form.get("status", "")
    if status not in (ATTENDED, NO_SHOW):
        return error_page(400)
    try:
        mark(current_kit().db, booking.reference, status)
    except ValueError:  # cancelled meanwhile
        return _already_cancelled(booking)
    return redirect(url_for(".appointments", day=_day_of(booking).isoformat()))


@booking_staff.get("/appointments/<reference>/cancel")
@staff_required
def cancel_form(reference: str) -> str | tuple[str, int]:
    """Ask why the appointment is cancelled."""
    booking = _booking(reference)
    if booking is None:
        return _not_found(reference)
    if booking.status != BOOKED:
        return _already_cancelled(booking)
    return _render_cancel(booking)


@booking_staff.post("/appointments/<reference>/cancel")
@staff_required
def cancel_appointment(reference: str) -> str | Response | tuple[str, int]:
    """Cancel with a reason: the place is freed and the resident is emailed."""
    booking = _booking(reference)
    if booking is None:
        return _not_found(reference)
    if booking.status != BOOKED:
        return _already_cancelled(booking)
    result = CANCEL.read(request.form)
    if not result.valid:
        return _render_cancel(booking, result)
    reason = result.values["reason"]
    kit = current_kit()
    to = resident_email(kit, booking.details)
    done: list[Booking] = []  # stays empty when someone else cancelled it first
    links = EmailLinks.for_request()

    def email_resident(db_session: Session, cancelled: Booking) -> None:
        done.append(cancelled)
        queue_cancelled(db_session, kit, links, cancelled, reason)

    cancelled = cancel(kit.db, booking.reference, reason, within=email_resident)
    if not done:
        return _already_cancelled(cancelled)
    if to:
        flash(f"Appointment {cancelled.reference} cancelled. We have emailed {to}.")
    else:
        flash(
            f"Appointment {cancelled.reference} cancelled. There is no email address for this "
            "appointment: tell the resident another way."
        )
    return redirect(url_for(".appointments", day=_day_of(cancelled).isoformat()))


def _render_cancel(booking: Booking, result: PageResult | None = None) -> str:
    details = booking.details
    return render_template(
        "mvpkit/staff/appointment_cancel.html",
        title=f"Cancel appointment {booking.reference}",
        booking=booking,
        when=when(booking.slot_start),
        name=_resident_name(booking),
        has_email=bool(resident_email(current_kit(), details)),
        form=CANCEL,
        values=result.entered if result else {},
        errors=result.errors if result else [],
        back_href=url_for(".appointments", day=_day_of(booking).isoformat()),
    )


def _booking(reference: str) -> Booking | None:
    kit = current_kit()
    booking = find_booking(kit.db, normalise_reference(reference[:100]))
    return booking if booking is not None and booking.service == kit.slug else None


def _day_of(booking: Booking) -> date:
    return booking.slot_start.astimezone(LONDON).date()


def _not_found(reference: str) -> tuple[str, int]:
    return error_page(
        404,
        "Appointment not found",
        f"There is no appointment with the reference {reference[:100]}. Check the reference "
        "and try again.",
    )


def _already_cancelled(booking: Booking) -> tuple[str, int]:
    if booking.status == CANCELLED:
        heading = f"Appointment {booking.reference} is already cancelled"
    else:
        heading = f"Appointment {booking.reference} cannot be cancelled"
    return error_page(
        409, heading, "Go back to the day's appointments to see the status of each appointment."
    )


# The calendar


@booking_staff.get("/calendar")
@staff_required
def calendar_form() -> str:
    """The calendar in use, as a form."""
    calendar = _calendar_in_use()
    return _render_calendar(calendar_questions(calendar), shown_values(calendar))


@booking_staff.post("/calendar")
@staff_required
def calendar_save() -> str | Response:
    """Check the calendar as typed; save it, or show each problem at its field."""
    kit = current_kit()
    current = _calendar_in_use()
    form = calendar_questions(current)
    result = read_calendar(form, request.form, current)
    if not result.valid:
        return _render_calendar(form, result.entered, result)
    save_calendar(kit.db, kit.slug, calendar_from(result, current), by=_signed_in_email())
    flash("Calendar saved. New bookings use it from now on.")
    return redirect(url_for(".calendar_form"))


def _calendar_in_use() -> Calendar:
    kit = current_kit()
    return calendar_for(kit.db, kit.slug, _section().calendar)


def _render_calendar(
    form: FixedForm, values: Mapping[str, Any], result: PageResult | None = None
) -> str:
    kit = current_kit()
    with kit.db.reads() as db_session:
        saved = db_session.scalar(
            select(BookingCalendar).where(BookingCalendar.service == kit.slug)
        )
        last_saved = (saved.updated_by, saved.updated_at) if saved else None
    return render_template(
        "mvpkit/staff/calendar.html",
        title="Appointment calendar",
        form=form,
        weekdays=WEEKDAYS,
        last_saved=last_saved,
        values=values,
        errors=result.errors if result else [],
    )


def _signed_in_email() -> str:
    return signed_in_email() or "unknown"


def _section() -> BookingSection:
    section = booking_of(current_kit().service)
    assert section is not None, "the blueprint is registered only for services that book"
    return section
