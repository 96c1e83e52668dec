"""The date kind: day, month and year inputs, with `min` and `max` bounds."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import Any

from mvpkit import clock
from mvpkit.definition.model import Page, Question
from mvpkit.definition.wording import shown
from mvpkit.questions.answers import FormData, PageResult, clean_text
from mvpkit.questions.kind import QuestionKind, watched_by_days_ago
from mvpkit.questions.wording import lower_first

DATE_PARTS = ("day", "month", "year")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


class DateKind(QuestionKind):
    """A real date, kept as ISO text (2007-03-27)."""

    name = "date"

    def field_names(self, question: Question) -> tuple[str, ...]:
        """Day, month and year."""
        return tuple(f"{question.id}-{part}" for part in DATE_PARTS)

    def validate(self, question: Question, form: FormData, result: PageResult) -> None:
        """Every part given, a real date, within the bounds."""
        raw = {part: clean_text(form.get(f"{question.id}-{part}")) for part in DATE_PARTS}
        result.entered[question.id] = raw
        name = question.short_label
        anchor = f"{question.id}-day"
        if not any(raw.values()):
            if question.required:
                default = (
                    "Enter a date"
                    if question.label.endswith("?") and not question.summary
                    else f"Enter {lower_first(name)}"
                )
                result.error(question, "required", default, anchor)
            else:
                result.values[question.id] = ""
            return
        missing = [part for part in DATE_PARTS if not raw[part]]
        if missing:
            words = " and a ".join(missing)
            first = f"{question.id}-{missing[0]}"
            message = f"{name} must include a {words}"
            result.error(question, "incomplete", message, first, tuple(missing))
            return
        when = parse_date_parts(raw)
        if when is None:
            result.error(question, "real", f"{name} must be a real date", anchor, DATE_PARTS)
            return
        for bound, key in ((question.min, "min"), (question.max, "max")):
            limit = date_bound(bound)
            if limit is None:
                continue
            if (key == "min" and when < limit) or (key == "max" and when > limit):
                message = _bound_message(name, key, limit)
                result.error(question, key, message, anchor, DATE_PARTS)
                return
        result.values[question.id] = when.isoformat()

    def answer_text(self, question: Question, value: Any) -> str:
        """'27 March 2007'."""
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return f"{day.day} {day:%B %Y}"

    def form_fields(self, question: Question, answer: Any) -> dict[str, str | list[str]]:
        """Day and month without leading zeros, as people type them."""
        year, month, day = str(answer).split("-")
        parts = {"day": str(int(day)), "month": str(int(month)), "year": year}
        return {f"{question.id}-{part}": parts[part] for part in DATE_PARTS}

    def candidates(self, question: Question, page: Page | None) -> Iterator[Any]:
        """Today when a rule counts days ago, then dates within the bounds."""
        today = clock.today()
        if watched_by_days_ago(question, page):
            yield today.isoformat()  # recent enough for any `more_than_days_ago` rule
        low, high = date_bound(question.min), date_bound(question.max)
        if low and high:
            yield (low + (high - low) / 2).isoformat()
        if low:
            yield (low + timedelta(days=30)).isoformat()
        if high:
            yield (high - timedelta(days=30)).isoformat()
        yield from (day.isoformat() for day in (date(2007, 3, 27), low, high, today) if day)

    def sample_shape_problem(self, sample: Any) -> str | None:
        """Text written like 2024-01-31."""
        if not isinstance(sample, str):
            return "should be text"
        try:
            date.fromisoformat(sample)
        except ValueError:
            return f"'{shown(sample)}' is not a date written like 2024-01-31"
        return None


def parse_date_parts(raw: Mapping[str, str]) -> date | None:
    """A real date from day, month and year as typed, or None."""
    try:
        day = int(raw["day"])
        month = _month_number(raw["month"])
        year = int(raw["year"])
    except ValueError:
        return None
    if year < 1000 or year > 9999:
        return None
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):  # a day of 99999999999999999999 overflows
        return None


def _month_number(text: str) -> int:
    """'3', 'Mar', 'march' or 'Sept' -> 3 or 9; a word that only starts like a month is not one."""
    word = text.lower().removesuffix(".")
    for number, month in enumerate(MONTHS, 1):
        if len(word) >= 3 and month.startswith(word):
            return number
    return int(text)


def date_bound(bound: float | str | None) -> date | None:
    """A `min` or `max` as a date: `today` is the kit clock's today."""
    if bound is None:
        return None
    if bound == "today":
        return clock.today()
    try:
        return date.fromisoformat(str(bound))
    except ValueError:
        return None


def _bound_message(name: str, key: str, limit: date) -> str:
    if limit == clock.today():
        if key == "max":
            return f"{name} must be today or in the past"
        return f"{name} must be today or in the future"
    when = f"{limit.day} {limit:%B %Y}"
    if key == "min":
        return f"{name} must be the same as or after {when}"
    return f"{name} must be the same as or before {when}"
