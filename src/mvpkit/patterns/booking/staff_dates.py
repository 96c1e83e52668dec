"""Days typed by staff: day, month and year boxes, within the years the staff pages accept."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from mvpkit.questions.answers import FieldError
from mvpkit.questions.date import DATE_PARTS, parse_date_parts

FIRST_YEAR, LAST_YEAR = 2000, 2099  # the days the day view and closures accept
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
YEARS_MESSAGE = f"Year must be between {FIRST_YEAR} and {LAST_YEAR}"


def within_years(day: date) -> date | None:
    """The day, or None when its year is outside the years staff pages accept."""
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def date_answer(
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
    if within_years(day) is None:
        return FieldError(field_id, f"{field_id}-year", YEARS_MESSAGE, ("year",))
    return day
