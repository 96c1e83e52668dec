"""The register office staff's side of booking: the day's appointments and the calendar.

Staff see one day's appointments, record who came, cancel an appointment with a reason (the
resident is emailed), and change the calendar residents book against. A calendar change
never touches appointments already booked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from mvpkit import clock
from mvpkit.backoffice.access import signed_in_email, staff_required
from mvpkit.clock import LONDON
from mvpkit.definition.model import Booking as BookingSection
from mvpkit.frontend.errors import error_page
from mvpkit.journeys.presentation import answer_text
from mvpkit.journeys.validation import DATE_PARTS, FieldError, clean_text, parse_date_parts
from mvpkit.kit import current_kit
from mvpkit.patterns.booking.availability import day_label, time_label
from mvpkit.patterns.booking.calendar import (
    RANGE,
    WEEKDAYS,
    Calendar,
    Closure,
    Opening,
    OpeningHours,
    local,
    slots_on,
)
from mvpkit.patterns.booking.calendars import calendar_for, save_calendar
from mvpkit.patterns.booking.emails import queue_cancelled, resident_email, when
from mvpkit.patterns.booking.models import Booking, BookingCalendar
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
from mvpkit.store.references import normalise_reference

booking_staff = Blueprint("booking_staff", __name__, url_prefix="/staff")
FIRST_YEAR, LAST_YEAR = 2000, 2099  # the days the day view and closures accept
REASON_MAX = 500
CLOSURE_REASON_MAX = 200
NAME_ANSWER, PURPOSE_ANSWER = "full-name", "register-what"
# "9:30-12:30", "09.00 - 12.30" and "9:00 to 12:30" are read as "09:00-12:30".
PERIOD = re.compile(r"(\d{1,2})[:.](\d{2})\s*(?:-|–|to)\s*(\d{1,2})[:.](\d{2})")
FORMAT_MESSAGE = "Enter opening hours like 09:00-12:30"
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
        chosen = _date_answer("date", "Date", typed, "Enter a date")
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
        max(0, calendar.registrars - taken.get(slot.key, 0))
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
        previous_day=_within_years(day - timedelta(days=1)),
        next_day=_within_years(day + timedelta(days=1)),
        today=clock.today(),
        typed=typed,
        errors=errors,
        field_errors={error.question_id: error for error in errors},
    )


def _appointment(booking: Booking) -> Appointment:
    details = booking.details
    return Appointment(
        reference=booking.reference,
        time=time_label(booking.slot_start),
        name=str(details.get(NAME_ANSWER) or ""),
        purpose=_purpose(details.get(PURPOSE_ANSWER)),
        status=booking.status,
        marks=MARKS.get(booking.status, ()),
    )


def _purpose(value: Any) -> str:
    if value in (None, ""):
        return ""
    for page in current_kit().service.question_pages:
        for question in page.questions:
            if question.id == PURPOSE_ANSWER:
                return answer_text(question, value)
    return str(value)


def _day_from_address(text: str | None) -> date | None:
    """The day `?day=` names (today when it is missing), or None when it is not a day."""
    if not text:
        return clock.today()
    if len(text) != 10:
        return None
    try:
        return _within_years(date.fromisoformat(text))
    except ValueError:
        return None


def _within_years(day: date) -> date | None:
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def _date_answer(
    field_id: str, name: str, typed: Mapping[str, str], required: str
) -> date | FieldError:
    """A date typed as day, month and year, or the GOV.UK error for what is wrong with it."""
    if not any(typed.values()):
        return FieldError(field_id, f"{field_id}-day", required, DATE_PARTS)
    missing = tuple(part for part in DATE_PARTS if not typed.get(part))
    if missing:
        words = " and a ".join(missing)
        return FieldError(
            field_id, f"{field_id}-{missing[0]}", f"{name} must include a {words}", missing
        )
    day = parse_date_parts(typed)
    if day is None:
        return FieldError(field_id, f"{field_id}-day", f"{name} must be a real date", DATE_PARTS)
    if _within_years(day) is None:
        message = f"Year must be between {FIRST_YEAR} and {LAST_YEAR}"
        return FieldError(field_id, f"{field_id}-year", message, ("year",))
    return day


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
    return _render_cancel(booking, "", [])


@booking_staff.post("/appointments/<reference>/cancel")
@staff_required
def cancel_appointment(reference: str) -> str | Response | tuple[str, int]:
    """Cancel with a reason: the place is freed and the resident is emailed."""
    booking = _booking(reference)
    if booking is None:
        return _not_found(reference)
    if booking.status != BOOKED:
        return _already_cancelled(booking)
    reason = clean_text(request.form.get("reason"))
    if not reason:
        error = FieldError("reason", "reason", "Enter why the appointment is cancelled")
        return _render_cancel(booking, reason, [error])
    if len(reason) > REASON_MAX:
        message = f"Reason must be {REASON_MAX:,} characters or fewer"
        return _render_cancel(booking, reason, [FieldError("reason", "reason", message)])
    kit = current_kit()
    to = resident_email(kit, booking.details)
    done: list[Booking] = []  # stays empty when someone else cancelled it first

    def email_resident(db_session: Session, cancelled: Booking) -> None:
        done.append(cancelled)
        queue_cancelled(db_session, kit, cancelled, reason)

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


def _render_cancel(booking: Booking, reason: str, errors: list[FieldError]) -> str:
    details = booking.details
    return render_template(
        "mvpkit/staff/appointment_cancel.html",
        title=f"Cancel appointment {booking.reference}",
        booking=booking,
        when=when(booking.slot_start),
        name=str(details.get(NAME_ANSWER) or ""),
        has_email=bool(resident_email(current_kit(), details)),
        reason=reason,
        reason_max=REASON_MAX,
        errors=errors,
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


@dataclass(frozen=True)
class Number:
    """A whole-number setting of the calendar, as the form asks for it."""

    key: str  # the Calendar field
    label: str
    name: str  # how error messages name it
    required: str
    cap: int | None = None  # the form's own limit, where the calendar sets none

    @property
    def field_id(self) -> str:
        """The form field's name and id."""
        return self.key.replace("_", "-")

    def bounds(self) -> tuple[int, int | None]:
        """The smallest and largest values the calendar (or else the form) accepts."""
        low, high = 0, self.cap
        for rule in Calendar.model_fields[self.key].metadata:
            low = getattr(rule, "ge", low)
            high = getattr(rule, "le", high)
        return low, high

    def read(self, text: str) -> int | FieldError:
        """The number typed, or the error for it."""
        if not text:
            return FieldError(self.field_id, self.field_id, self.required)
        if not re.fullmatch(r"-?\d{1,12}", text):
            whole = re.fullmatch(r"-?\d*\.\d+", text) is not None
            message = f"{self.name} must be a {'whole ' if whole else ''}number"
            return FieldError(self.field_id, self.field_id, message)
        value = int(text)
        low, high = self.bounds()
        if value < low:
            return FieldError(self.field_id, self.field_id, f"{self.name} must be {low:,} or more")
        if high is not None and value > high:
            return FieldError(self.field_id, self.field_id, f"{self.name} must be {high:,} or less")
        return value


NUMBERS = (
    Number(
        "slot_minutes",
        "Length of each appointment, in minutes",
        "Appointment length",
        "Enter the length of each appointment in minutes",
    ),
    Number(
        "registrars",
        "Registrars seeing residents at the same time",
        "Number of registrars",
        "Enter the number of registrars",
    ),
    Number(
        "min_notice_hours",
        "Minimum notice, in hours",
        "Minimum notice",
        "Enter the minimum notice in hours",
        cap=24 * 366,
    ),
    Number(
        "max_days_ahead",
        "How many days ahead residents can book",
        "Days ahead",
        "Enter how many days ahead residents can book",
        cap=2 * 366,
    ),
)


@booking_staff.get("/calendar")
@staff_required
def calendar_form() -> str:
    """The calendar in use, as a form."""
    calendar = _calendar_in_use()
    return _render_calendar(calendar, _entered_from(calendar), [])


@booking_staff.post("/calendar")
@staff_required
def calendar_save() -> str | Response:
    """Check the calendar as typed; save it, or show each problem at its field."""
    kit = current_kit()
    current = _calendar_in_use()
    entered = _entered_from_form(request.form)
    result = _calendar_from(entered, current)
    if isinstance(result, list):
        return _render_calendar(current, entered, result)
    save_calendar(kit.db, kit.slug, result, by=_signed_in_email())
    flash("Calendar saved. New bookings use it from now on.")
    return redirect(url_for(".calendar_form"))


def _calendar_in_use() -> Calendar:
    kit = current_kit()
    return calendar_for(kit.db, kit.slug, _section().calendar)


def _render_calendar(
    calendar: Calendar, entered: Mapping[str, Any], errors: list[FieldError]
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
        weekdays=WEEKDAYS,
        numbers=NUMBERS,
        closures=[(_closure_key(closure), closure) for closure in calendar.closures],
        last_saved=last_saved,
        entered=entered,
        errors=errors,
        field_errors={error.question_id: error for error in errors},
    )


def _entered_from(calendar: Calendar) -> dict[str, Any]:
    """The form's fields showing this calendar."""
    entered: dict[str, Any] = {
        f"hours-{weekday}": ", ".join(getattr(calendar.opening_hours, weekday))
        for weekday in WEEKDAYS
    }
    for number in NUMBERS:
        entered[number.field_id] = str(getattr(calendar, number.key))
    entered["bank-holidays"] = "yes" if calendar.bank_holidays else "no"
    entered["remove-closure"] = []
    entered["closure-from"] = dict.fromkeys(DATE_PARTS, "")
    entered["closure-to"] = dict.fromkeys(DATE_PARTS, "")
    entered["closure-reason"] = ""
    return entered


def _entered_from_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """What was typed into the calendar form, trimmed."""
    entered: dict[str, Any] = {
        f"hours-{weekday}": clean_text(form.get(f"hours-{weekday}"))[:500] for weekday in WEEKDAYS
    }
    for number in NUMBERS:
        entered[number.field_id] = clean_text(form.get(number.field_id))[:20]
    entered["bank-holidays"] = clean_text(form.get("bank-holidays"))[:3]
    entered["remove-closure"] = form.getlist("remove-closure")
    for field_id in ("closure-from", "closure-to"):
        entered[field_id] = {
            part: clean_text(form.get(f"{field_id}-{part}"))[:20] for part in DATE_PARTS
        }
    entered["closure-reason"] = clean_text(form.get("closure-reason"))
    return entered


def _calendar_from(entered: Mapping[str, Any], current: Calendar) -> Calendar | list[FieldError]:
    """The calendar the form describes, or every problem with it."""
    errors: list[FieldError] = []
    data: dict[str, Any] = {"opening_hours": {}}
    for weekday in WEEKDAYS:
        periods = _periods(weekday, entered[f"hours-{weekday}"])
        if isinstance(periods, FieldError):
            errors.append(periods)
        else:
            data["opening_hours"][weekday] = periods
    for number in NUMBERS:
        value = number.read(entered[number.field_id])
        if isinstance(value, FieldError):
            errors.append(value)
        else:
            data[number.key] = value
    if entered["bank-holidays"] not in ("yes", "no"):
        message = "Select yes if the office is closed on bank holidays"
        errors.append(FieldError("bank-holidays", "bank-holidays", message))
    data["bank_holidays"] = entered["bank-holidays"] == "yes"
    removed = set(entered["remove-closure"])
    closures = [closure for closure in current.closures if _closure_key(closure) not in removed]
    added = _new_closure(entered)
    if isinstance(added, list):
        errors.extend(added)
    elif added is not None:
        closures.append(added)
    if errors:
        return errors
    data["closures"] = sorted(closures, key=lambda closure: (closure.start, closure.end))
    return Calendar.model_validate(data)


def _periods(weekday: str, text: str) -> list[str] | FieldError:
    """A weekday's opening periods as typed, like "09:00-12:30, 13:30-16:30"."""
    field_id = f"hours-{weekday}"
    day = weekday.capitalize()
    periods: list[str] = []
    for part in (part.strip() for part in text.split(",")):
        if not part:
            continue
        match = PERIOD.fullmatch(part)
        if match is None:
            return FieldError(field_id, field_id, FORMAT_MESSAGE)
        hour, minute, end_hour, end_minute = match.groups()
        period = f"{int(hour):02d}:{minute}-{int(end_hour):02d}:{end_minute}"
        if not RANGE.fullmatch(period):
            return FieldError(field_id, field_id, FORMAT_MESSAGE)
        try:
            Opening.parse(period)
        except ValueError:
            ending = "by 24:00" if int(end_hour) == 24 else "after they start"
            return FieldError(field_id, field_id, f"Opening hours on {day} must end {ending}")
        periods.append(period)
    try:
        OpeningHours.model_validate({weekday: periods})
    except ValidationError:
        return FieldError(field_id, field_id, f"Opening periods on {day} must not overlap")
    return periods


def _new_closure(entered: Mapping[str, Any]) -> Closure | list[FieldError] | None:
    """The closure to add, None when none was typed, or the problems with it."""
    first_typed, last_typed = entered["closure-from"], entered["closure-to"]
    reason = entered["closure-reason"]
    if not any(first_typed.values()) and not any(last_typed.values()) and not reason:
        return None
    errors: list[FieldError] = []
    first = _date_answer(
        "closure-from",
        "First day of the closure",
        first_typed,
        "Enter the first day of the closure",
    )
    last: date | FieldError | None = None
    if any(last_typed.values()):
        last = _date_answer("closure-to", "Last day of the closure", last_typed, "")
    for answer in (first, last):
        if isinstance(answer, FieldError):
            errors.append(answer)
    if isinstance(first, date) and isinstance(last, date) and last < first:
        message = "Last day of the closure must be the same as or after the first day"
        errors.append(FieldError("closure-to", "closure-to-day", message, DATE_PARTS))
    if not reason:
        message = "Enter the reason for the closure"
        errors.append(FieldError("closure-reason", "closure-reason", message))
    elif len(reason) > CLOSURE_REASON_MAX:
        message = f"Reason for the closure must be {CLOSURE_REASON_MAX:,} characters or fewer"
        errors.append(FieldError("closure-reason", "closure-reason", message))
    if errors or not isinstance(first, date):
        return errors
    return Closure.model_validate(
        {"from": first, "to": last if isinstance(last, date) else first, "reason": reason}
    )


def _closure_key(closure: Closure) -> str:
    """What names a closure in the form's "remove" boxes."""
    return f"{closure.start.isoformat()}/{closure.end.isoformat()}/{closure.reason}"


def _signed_in_email() -> str:
    return signed_in_email() or "unknown"


def _section() -> BookingSection:
    section = current_kit().service.booking
    assert section is not None, "the blueprint is registered only for services that book"
    return section
