"""The staff calendar form: one fixed form of questions, read back into a calendar.

The question kinds check each answer on its own (numbers and their bounds, yes or no, real
dates, lengths); what they cannot see is added with `FixedForm.refuse`: opening periods that
do not parse or overlap, and a closure that ends before it starts.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import ValidationError
from werkzeug.datastructures import MultiDict

from mvpkit.frontend.forms import FixedForm
from mvpkit.patterns.booking.calendar import (
    RANGE,
    WEEKDAYS,
    Calendar,
    Closure,
    Opening,
    OpeningHours,
)
from mvpkit.patterns.booking.staff_dates import FIRST_DAY, LAST_DAY, YEARS_MESSAGE
from mvpkit.questions.answers import FormData, PageResult, clean_text

CLOSURE_REASON_MAX = 200
# "9:30-12:30", "09.00 - 12.30" and "9:00 to 12:30" are read as "09:00-12:30".
PERIOD = re.compile(r"(\d{1,2})[:.](\d{2})\s*(?:-|–|to)\s*(\d{1,2})[:.](\d{2})")
FORMAT_MESSAGE = "Enter opening hours like 09:00-12:30"
BANK_HOLIDAYS_MESSAGE = "Select yes if the office is closed on bank holidays"
WHOLE_NUMBER = r"[+-]?[0-9]+"
CLOSURE_FIELDS = ("closure-from", "closure-to", "closure-reason")
# The whole-number settings: the Calendar field, its label, how errors name it, the words
# when it is missing, and the form's own cap where the calendar sets none.
NUMBERS: tuple[tuple[str, str, str, str, int | None], ...] = (
    (
        "slot_minutes",
        "Length of each appointment, in minutes",
        "Appointment length",
        "Enter the length of each appointment in minutes",
        None,
    ),
    (
        "places",
        "Appointments at the same time",
        "Appointments at the same time",
        "Enter how many appointments can be at the same time",
        None,
    ),
    (
        "min_notice_hours",
        "Minimum notice, in hours",
        "Minimum notice",
        "Enter the minimum notice in hours",
        24 * 366,
    ),
    (
        "max_days_ahead",
        "How many days ahead residents can book",
        "Days ahead",
        "Enter how many days ahead residents can book",
        2 * 366,
    ),
)


def field_id(key: str) -> str:
    """A Calendar field's question id: `slot_minutes` -> `slot-minutes`."""
    return key.replace("_", "-")


def _bounds(key: str, cap: int | None = None) -> tuple[int, int | None]:
    """The smallest and largest values the calendar (or else the form) accepts."""
    low, high = 0, cap
    for rule in Calendar.model_fields[key].metadata:
        low = getattr(rule, "ge", low)
        high = getattr(rule, "le", high)
    return low, high


def _number(key: str, label: str, name: str, required: str, cap: int | None) -> dict[str, Any]:
    """A whole-number setting, within the bounds the calendar and the form set."""
    low, high = _bounds(key, cap)
    return {
        "id": field_id(key),
        "label": label,
        "summary": name,
        "type": "number",
        "min": low,
        "max": high,
        "pattern": WHOLE_NUMBER,
        "pattern_message": f"{name} must be a whole number",
        "errors": {"required": required},
    }


def _closure_date(question_id: str, label: str, hint: str, required: str) -> dict[str, Any]:
    """A closure's first or last day: a real day within the years staff pages accept."""
    return {
        "id": question_id,
        "label": label,
        "type": "date",
        "hint": hint,
        "required": bool(required),
        "min": FIRST_DAY.isoformat(),
        "max": LAST_DAY.isoformat(),
        "errors": dict.fromkeys(("min", "max"), YEARS_MESSAGE)
        | ({"required": required} if required else {}),
    }


CALENDAR_FORM = FixedForm(
    {
        "id": "calendar",
        "title": "Appointment calendar",
        "fields": [
            *(
                {"id": f"hours-{weekday}", "label": weekday.capitalize(), "required": False}
                for weekday in WEEKDAYS
            ),
            *(_number(*number) for number in NUMBERS),
            {
                "id": "bank-holidays",
                "label": "Is the office closed on bank holidays?",
                "type": "yesno",
                "hint": "Bank holidays in England and Wales.",
                "errors": dict.fromkeys(("required", "choice"), BANK_HOLIDAYS_MESSAGE),
            },
            {
                "id": "remove-closure",
                "label": "Remove a closure",
                "type": "checkboxes",
                "required": False,
                "hint": "Select any closure to remove when you save.",
                "options": [],
            },
            # Required only when a closure is being added: see `_forgive_no_closure`.
            _closure_date(
                "closure-from",
                "First day of the closure",
                "For example, 24 12 2026",
                "Enter the first day of the closure",
            ),
            _closure_date(
                "closure-to",
                "Last day of the closure",
                "Leave this empty when the office is closed for one day",
                "",
            ),
            {
                "id": "closure-reason",
                "label": "Reason for the closure",
                "hint": "Staff see this on the day's appointments.",
                "max_length": CLOSURE_REASON_MAX,
                "errors": {"required": "Enter the reason for the closure"},
            },
        ],
    }
)


def calendar_questions(calendar: Calendar) -> FixedForm:
    """The calendar form, offering to remove each of this calendar's closures."""
    closures = [(closure_key(closure), closure_label(closure)) for closure in calendar.closures]
    return CALENDAR_FORM.with_options("remove-closure", closures)


def shown_values(calendar: Calendar) -> dict[str, Any]:
    """What the form shows for this calendar, by question id."""
    values: dict[str, Any] = {
        f"hours-{weekday}": ", ".join(getattr(calendar.opening_hours, weekday))
        for weekday in WEEKDAYS
    }
    for key, *_ in NUMBERS:
        values[field_id(key)] = str(getattr(calendar, key))
    values["bank-holidays"] = "yes" if calendar.bank_holidays else "no"
    values["remove-closure"] = []
    return values


def read_calendar(form: FixedForm, posted: FormData, current: Calendar) -> PageResult:
    """The form read by its question kinds, then the checks the kinds cannot make."""
    known = {closure_key(closure) for closure in current.closures}
    # A closure no longer in the calendar (removed meanwhile) is already gone: not a problem.
    chosen = [value for value in posted.getlist("remove-closure") if clean_text(value) in known]
    fields = MultiDict(posted)
    fields.setlist("remove-closure", chosen)
    result = form.read(fields)
    _forgive_no_closure(result)
    for weekday in WEEKDAYS:
        question_id = f"hours-{weekday}"
        if question_id in result.values:
            periods = _periods(weekday, result.values[question_id])
            if isinstance(periods, str):
                form.refuse(result, question_id, periods)
    first, last = result.values.get("closure-from"), result.values.get("closure-to")
    if first and last and last < first:
        message = "Last day of the closure must be the same as or after the first day"
        form.refuse(result, "closure-to", message)
    order = {question.id: place for place, question in enumerate(form.page.questions)}
    result.errors.sort(key=lambda error: order[error.question_id])
    return result


def calendar_from(result: PageResult, current: Calendar) -> Calendar:
    """The calendar a valid form describes, the closures not removed and any new one."""
    values = result.values
    hours: dict[str, list[str]] = {}
    for weekday in WEEKDAYS:
        periods = _periods(weekday, values[f"hours-{weekday}"])
        assert not isinstance(periods, str), "read_calendar refused these hours"
        hours[weekday] = periods
    removed = set(values["remove-closure"])
    closures = [closure for closure in current.closures if closure_key(closure) not in removed]
    if values["closure-from"]:
        first = date.fromisoformat(values["closure-from"])
        last = date.fromisoformat(values["closure-to"]) if values["closure-to"] else first
        reason = values["closure-reason"]
        closures.append(Closure.model_validate({"from": first, "to": last, "reason": reason}))
    return Calendar.model_validate(
        {
            "opening_hours": hours,
            **{key: int(values[field_id(key)]) for key, *_ in NUMBERS},
            "bank_holidays": values["bank-holidays"] == "yes",
            "closures": sorted(closures, key=lambda closure: (closure.start, closure.end)),
        }
    )


def _forgive_no_closure(result: PageResult) -> None:
    """With nothing typed for a new closure, its first day and reason are not missing."""
    for question_id in CLOSURE_FIELDS:
        typed = result.entered.get(question_id)
        if any(typed.values()) if isinstance(typed, dict) else typed:
            return
    result.errors = [error for error in result.errors if error.question_id not in CLOSURE_FIELDS]
    result.values.update(dict.fromkeys(CLOSURE_FIELDS, ""))


def _periods(weekday: str, text: str) -> list[str] | str:
    """A weekday's opening periods as typed ("09:00-12:30, 13:30-16:30"), or the problem."""
    day = weekday.capitalize()
    periods: list[str] = []
    for part in (part.strip() for part in text.split(",")):
        if not part:
            continue
        match = PERIOD.fullmatch(part)
        if match is None:
            return FORMAT_MESSAGE
        hour, minute, end_hour, end_minute = match.groups()
        period = f"{int(hour):02d}:{minute}-{int(end_hour):02d}:{end_minute}"
        if not RANGE.fullmatch(period):
            return FORMAT_MESSAGE
        try:
            Opening.parse(period)
        except ValueError:
            ending = "by 24:00" if int(end_hour) == 24 else "after they start"
            return f"Opening hours on {day} must end {ending}"
        periods.append(period)
    try:
        OpeningHours.model_validate({weekday: periods})
    except ValidationError:
        return f"Opening periods on {day} must not overlap"
    return periods


def closure_key(closure: Closure) -> str:
    """What names a closure in the form's "remove" boxes."""
    return f"{closure.start.isoformat()}/{closure.end.isoformat()}/{closure.reason}"


def closure_label(closure: Closure) -> str:
    """'29 December 2026 to 31 December 2026: Register office closed'."""
    start, end = (f"{day.day} {day:%B %Y}" for day in (closure.start, closure.end))
    return f"{start if start == end else f'{start} to {end}'}: {closure.reason}"
