"""Sample answers that pass every rule a question has, made in one place for every tool.

The walker, the browser checks and the load users all answer with `sample_answer`. An
answer is the question's own `sample:` when it gives one; otherwise candidates are made
from its type and rules (`pattern`, lengths, bounds) and the first one the journey's own
validation accepts is used, so a sample can never show an error page.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from werkzeug.datastructures import MultiDict

from mvpkit import clock
from mvpkit.definition.model import APPOINTMENT_TYPES, CHOICE_TYPES, DaysAgo, Page, Question
from mvpkit.journeys.regex_sample import matching_strings
from mvpkit.journeys.validation import (
    ADDRESS_PARTS,
    DATE_PARTS,
    DEFAULT_MAX_LENGTH,
    FormData,
    options_for,
    validate_question,
)

# An appointment's day and time are read from the page: whoever walks picks one it offers.
OFFERED = "one of those offered"
ADDRESS = {"line-1": "12 Acacia Avenue", "line-2": "", "town": "Riverside", "postcode": "SW1A 1AA"}
_FIXED = {
    "email": ("name@example.com", "sam.jones@example.gov.uk"),
    "phone": ("07700 900 982", "01632 960 001", "+44 808 157 0192"),
    "postcode": ("SW1A 1AA", "B1 1AA", "M1 1AE"),
}
_TEXT = "A sample answer for testing"
_PATTERN_TRIES = 60  # matching strings tried before giving up on a pattern


class NoSampleError(ValueError):
    """No answer could be made that passes the question's rules."""


def sample_answer(question: Question, page: Page | None = None) -> Any:
    """A valid answer to the question, avoiding values a `next` rule on `page` looks for.

    Raises NoSampleError when none can be made; `mvpkit validate` reports such a question.
    """
    if question.type in APPOINTMENT_TYPES:
        return OFFERED
    if question.sample is not None:
        return given_sample(question)
    for candidate in _candidates(question, page):
        if accepts(question, candidate):
            return candidate
    raise NoSampleError(f"no sample answer passes the rules of question '{question.id}'")


def given_sample(question: Question) -> Any:
    """The question's own `sample:` in the shape its answers take (a list for checkboxes)."""
    sample = question.sample
    if question.type == "checkboxes" and isinstance(sample, str):
        return [sample]
    return sample


def accepts(question: Question, answer: Any) -> bool:
    """True when the journey's validation takes `answer` to the question without an error."""
    return validate_question(question, answer_form(question, answer)).valid


def answer_form(question: Question, answer: Any) -> FormData:
    """The posted form for one answer, as the journey's validation reads it."""
    form: FormData = MultiDict()
    for name, value in form_fields(question, answer).items():
        for item in value if isinstance(value, list) else [value]:
            form.add(name, item)
    return form


def form_fields(question: Question, answer: Any) -> dict[str, str | list[str]]:
    """The form fields a browser would post for this answer."""
    if question.type == "date":
        year, month, day = str(answer).split("-")
        parts = {"day": str(int(day)), "month": str(int(month)), "year": year}
        return {f"{question.id}-{part}": parts[part] for part in DATE_PARTS}
    if question.type == "address":
        return {f"{question.id}-{part}": str(answer.get(part, "")) for part in ADDRESS_PARTS}
    if question.type == "checkboxes":
        return {question.id: [str(value) for value in answer]}
    return {question.id: str(answer)}


def _candidates(question: Question, page: Page | None) -> Iterator[Any]:
    """Possible answers, the most useful first; `sample_answer` keeps the first that passes."""
    kind = question.type
    if kind in CHOICE_TYPES or kind == "yesno":
        watched = _watched_values(question, page)
        values = [option.value for option in options_for(question)]
        for value in sorted(values, key=lambda value: value in watched):
            yield [value] if kind == "checkboxes" else value
    elif kind == "date":
        yield from _dates(question, page)
    elif kind == "address":
        yield ADDRESS
    else:
        if question.pattern:
            yield from _fitting(question, matching_strings(question.pattern))
        if kind == "number":
            yield from _numbers(question)
        yield from _FIXED.get(kind, ())
        if kind in ("text", "textarea"):
            yield _sized_text(question)


def _fitting(question: Question, strings: Iterator[str]) -> Iterator[str]:
    """Matching strings within the question's lengths (they get longer as they go)."""
    low = question.min_length or 0
    high = question.max_length or DEFAULT_MAX_LENGTH.get(question.type) or 10_000
    for tried, text in enumerate(strings):
        if tried >= _PATTERN_TRIES or len(text.strip()) > high:
            return
        if len(text.strip()) >= low:
            yield text


def _sized_text(question: Question) -> str:
    text = _TEXT
    if question.min_length:
        text = (text + " ") * (question.min_length // len(text) + 1)
    if question.max_length:
        text = text[: question.max_length]
    return text.strip() or "x"


def _numbers(question: Question) -> Iterator[str]:
    low = question.min if isinstance(question.min, int | float) else None
    high = question.max if isinstance(question.max, int | float) else None
    if low is not None:
        yield f"{low:g}"
    if high is not None:
        yield f"{min(high, 1):g}" if low is None else f"{high:g}"
    if low is not None and high is not None:
        yield f"{(low + high) / 2:g}"
    yield "1"
    if question.min_length:
        yield "1" + "0" * (question.min_length - 1)


def _dates(question: Question, page: Page | None) -> Iterator[str]:
    today = clock.today()
    if _watched_by_days_ago(question, page):
        yield today.isoformat()  # recent enough for any `more_than_days_ago` rule
    low, high = _bound(question.min, today), _bound(question.max, today)
    if low and high:
        yield (low + (high - low) / 2).isoformat()
    if low:
        yield (low + timedelta(days=30)).isoformat()
    if high:
        yield (high - timedelta(days=30)).isoformat()
    yield from (day.isoformat() for day in (date(2007, 3, 27), low, high, today) if day)


def _bound(value: float | str | None, today: date) -> date | None:
    if value == "today":
        return today
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _watched_values(question: Question, page: Page | None) -> set[str]:
    watched: set[str] = set()
    for rule in page.next if page else ():
        wanted = (rule.when or {}).get(question.id)
        if isinstance(wanted, DaysAgo):
            continue  # dates: the plain sample is recent (see _dates)
        if wanted is not None:
            watched.update(wanted if isinstance(wanted, list) else [wanted])
    return watched


def _watched_by_days_ago(question: Question, page: Page | None) -> bool:
    return any(
        isinstance((rule.when or {}).get(question.id), DaysAgo)
        for rule in (page.next if page else ())
    )
