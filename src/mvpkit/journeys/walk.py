"""Every route through a journey, with valid sample answers that take each branch.

The release gate walks these in a browser, so a new service gets its accessibility and
journey checks from its definition alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from mvpkit import clock
from mvpkit.definition.model import APPOINTMENT_TYPES, DaysAgo, Page, Question, Service
from mvpkit.journeys.routing import CHECK_ANSWERS, next_page_id, rule_matches, today
from mvpkit.journeys.validation import ADDRESS_PARTS, DATE_PARTS, options_for

MAX_WALKS = 200
# An appointment's day and time are read from the page: whoever walks picks one it offers.
OFFERED = "one of those offered"


@dataclass(frozen=True)
class Step:
    """One page of a walk and the answers given on it (none on an exit page)."""

    page: Page
    answers: Mapping[str, Any]


@dataclass(frozen=True)
class Walk:
    """A route from the first page to check answers, or to an exit page."""

    steps: tuple[Step, ...]
    end: str  # CHECK_ANSWERS, or the id of the exit page it ends on

    @property
    def name(self) -> str:
        """The page ids in order, for naming a test."""
        return " > ".join(step.page.id for step in self.steps)


def walks(service: Service) -> list[Walk]:
    """Every distinct route, each branch of each `next` rule taken at least once."""
    found: list[Walk] = []
    if not service.pages:
        return found  # a My Account service asks no questions of its own
    for walk in _walk(service, service.pages[0], {}, ()):
        found.append(walk)
        if len(found) >= MAX_WALKS:
            break
    return found


def _walk(
    service: Service, page: Page, answers: dict[str, Any], steps: tuple[Step, ...]
) -> Iterator[Walk]:
    if page.is_exit:
        yield Walk((*steps, Step(page, {})), page.id)
        return
    if any(step.page.id == page.id for step in steps):
        return  # a loop: the definition check reports these
    seen_targets: set[str] = set()
    for choice in _choices(page, answers):
        merged = {**answers, **choice}
        target = next_page_id(service, page, merged)
        if target in seen_targets:
            continue
        seen_targets.add(target)
        here = (*steps, Step(page, choice))
        if target == CHECK_ANSWERS:
            yield Walk(here, CHECK_ANSWERS)
            continue
        following = service.page(target)
        if following is not None:
            yield from _walk(service, following, merged, here)


def _choices(page: Page, answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Answers for the page: plain samples first, then ones that make each rule hold."""
    plain = {question.id: sample_answer(question, page) for question in page.questions}
    choices = [plain]
    for rule in page.next:
        if not rule.when:
            continue
        choice = dict(plain)
        for question_id, wanted in rule.when.items():
            if question_id not in plain:
                continue  # decided on an earlier page
            question = next(q for q in page.questions if q.id == question_id)
            if isinstance(wanted, DaysAgo):
                late = today() - timedelta(days=wanted.more_than_days_ago + 1)
                choice[question_id] = late.isoformat()
                continue
            value = wanted[0] if isinstance(wanted, list) else wanted
            choice[question_id] = [value] if question.type == "checkboxes" else value
        if rule_matches(rule, {**answers, **choice}):
            choices.append(choice)
    return choices


def sample_answer(question: Question, page: Page | None = None) -> Any:
    """A valid answer to the question, avoiding values a `next` rule looks for."""
    if question.type in APPOINTMENT_TYPES:
        return OFFERED
    watched = _watched_values(question, page)
    if question.type in ("radios", "select", "yesno", "checkboxes"):
        values = [option.value for option in options_for(question)]
        value = next((v for v in values if v not in watched), values[0])
        return [value] if question.type == "checkboxes" else value
    samples = {
        "email": "name@example.com",
        "phone": "07700 900 982",
        "postcode": "SW1A 1AA",
    }
    if question.type in samples:
        return samples[question.type]
    if question.type == "number":
        return _sample_number(question)
    if question.type == "date":
        if _watched_by_days_ago(question, page):
            return today().isoformat()  # recent enough for any `more_than_days_ago` rule
        return _sample_date(question).isoformat()
    if question.type == "address":
        return {
            "line-1": "12 Acacia Avenue",
            "line-2": "",
            "town": "Riverside",
            "postcode": "SW1A 1AA",
        }
    text = "A sample answer for testing"
    if question.min_length:
        text = (text + " ") * (question.min_length // len(text) + 1)
    if question.max_length:
        text = text[: question.max_length]
    return text.strip() or "x"


def _watched_values(question: Question, page: Page | None) -> set[str]:
    watched: set[str] = set()
    for rule in page.next if page else ():
        wanted = (rule.when or {}).get(question.id)
        if isinstance(wanted, DaysAgo):
            continue  # dates: the plain sample is recent (see _sample_date)
        if wanted is not None:
            watched.update(wanted if isinstance(wanted, list) else [wanted])
    return watched


def _watched_by_days_ago(question: Question, page: Page | None) -> bool:
    return any(
        isinstance((rule.when or {}).get(question.id), DaysAgo)
        for rule in (page.next if page else ())
    )


def _sample_number(question: Question) -> str:
    if isinstance(question.min, int | float):
        return f"{question.min:g}"
    if isinstance(question.max, int | float):
        return f"{min(question.max, 1):g}"
    return "1"


def _sample_date(question: Question) -> date:
    today = clock.today()
    low = _bound(question.min, today)
    high = _bound(question.max, today)
    if low and high:
        return low + (high - low) / 2
    if low:
        return low + timedelta(days=30)
    if high:
        return high - timedelta(days=30)
    return date(2007, 3, 27)


def _bound(value: float | str | None, today: date) -> date | None:
    if value == "today":
        return today
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def form_fields(question: Question, answer: Any) -> dict[str, str | list[str]]:
    """The form fields a browser would post for this answer."""
    if question.type == "date":
        year, month, day = str(answer).split("-")
        parts = {"day": str(int(day)), "month": str(int(month)), "year": year}
        return {f"{question.id}-{part}": parts[part] for part in DATE_PARTS}
    if question.type == "address":
        return {f"{question.id}-{part}": answer.get(part, "") for part in ADDRESS_PARTS}
    if question.type == "checkboxes":
        return {question.id: list(answer)}
    return {question.id: str(answer)}
