"""The calendar form: the calendar shown as fields, and the fields read back into a calendar."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError
from werkzeug.datastructures import MultiDict

from mvpkit.patterns.booking.calendar import (
    RANGE,
    WEEKDAYS,
    Calendar,
    Closure,
    Opening,
    OpeningHours,
)
from mvpkit.patterns.booking.staff_dates import date_answer
from mvpkit.questions.answers import FieldError, clean_text
from mvpkit.questions.date import DATE_PARTS

CLOSURE_REASON_MAX = 200
# "9:30-12:30", "09.00 - 12.30" and "9:00 to 12:30" are read as "09:00-12:30".
PERIOD = re.compile(r"(\d{1,2})[:.](\d{2})\s*(?:-|–|to)\s*(\d{1,2})[:.](\d{2})")
FORMAT_MESSAGE = "Enter opening hours like 09:00-12:30"


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
        "places",
        "Appointments at the same time",
        "Appointments at the same time",
        "Enter how many appointments can be at the same time",
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


def entered_from(calendar: Calendar) -> dict[str, Any]:
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


def entered_from_form(form: MultiDict[str, str]) -> dict[str, Any]:
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


def calendar_from(entered: Mapping[str, Any], current: Calendar) -> Calendar | list[FieldError]:
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
    closures = [closure for closure in current.closures if closure_key(closure) not in removed]
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
    first = date_answer(
        "closure-from",
        "First day of the closure",
        first_typed,
        "Enter the first day of the closure",
    )
    last: date | FieldError | None = None
    if any(last_typed.values()):
        last = date_answer("closure-to", "Last day of the closure", last_typed, "")
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


def closure_key(closure: Closure) -> str:
    """What names a closure in the form's "remove" boxes."""
    return f"{closure.start.isoformat()}/{closure.end.isoformat()}/{closure.reason}"
