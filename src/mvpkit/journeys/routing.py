"""Which page comes next: `next` rules in order, then the next question page in the list."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from mvpkit import clock
from mvpkit.definition.model import CHECK_ANSWERS, DaysAgo, NextRule, Page, Service


def rule_matches(rule: NextRule, answers: Mapping[str, Any]) -> bool:
    """A rule holds when every answer it names matches (for checkboxes: is among those chosen)."""
    if not rule.when:
        return True
    for question_id, wanted in rule.when.items():
        given = answers.get(question_id)
        if isinstance(wanted, DaysAgo):
            if not _more_than_days_ago(given, wanted.more_than_days_ago):
                return False
            continue
        wanted_values = wanted if isinstance(wanted, list) else [wanted]
        given_values = given if isinstance(given, list) else [given]
        if not any(value in given_values for value in wanted_values):
            return False
    return True


def _more_than_days_ago(answer: Any, days: int) -> bool:
    try:
        answered = date.fromisoformat(str(answer))
    except ValueError:
        return False
    return answered < today() - timedelta(days=days)


def today() -> date:
    """Today's date in the UK, where the council's services run."""
    return clock.today()


def next_page_id(service: Service, page: Page, answers: Mapping[str, Any]) -> str:
    """The id of the page after this one, or CHECK_ANSWERS after the last question page."""
    for rule in page.next:
        if rule_matches(rule, answers):
            return rule.goto
    pages = service.pages
    index = next(i for i, candidate in enumerate(pages) if candidate.id == page.id)
    for candidate in pages[index + 1 :]:
        if not candidate.is_exit:
            return candidate.id
    return CHECK_ANSWERS


def page_answered(page: Page, answers: Mapping[str, Any]) -> bool:
    """True when every question on the page has a stored answer."""
    return all(question.id in answers for question in page.questions)


@dataclass(frozen=True)
class Route:
    """The pages a user's answers lead through, and where that leaves them."""

    pages: tuple[Page, ...]
    current: str  # the first unanswered page, an exit page, or CHECK_ANSWERS

    @property
    def complete(self) -> bool:
        """True when every page on the route is answered and check answers comes next."""
        return self.current == CHECK_ANSWERS

    def ids(self) -> list[str]:
        """The page ids on the route, in order."""
        return [page.id for page in self.pages]

    def previous(self, page_id: str) -> str | None:
        """The id of the page before this one on the route, or None for the first."""
        ids = self.ids()
        if page_id == CHECK_ANSWERS and ids:
            return ids[-1]
        if page_id not in ids:
            return None
        index = ids.index(page_id)
        return ids[index - 1] if index else None


def route(service: Service, answers: Mapping[str, Any]) -> Route:
    """Follow the answers from the first page to the first gap, an exit page or the end."""
    pages: list[Page] = []
    seen: set[str] = set()
    page: Page | None = service.pages[0]
    while page is not None and page.id not in seen:
        seen.add(page.id)
        pages.append(page)
        if page.is_exit or not page_answered(page, answers):
            return Route(tuple(pages), page.id)
        following = next_page_id(service, page, answers)
        if following == CHECK_ANSWERS:
            return Route(tuple(pages), CHECK_ANSWERS)
        page = service.page(following)
    return Route(tuple(pages), CHECK_ANSWERS)


def answers_on_route(service: Service, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Only the answers to questions on the route: a changed branch drops the other's answers."""
    kept: dict[str, Any] = {}
    for page in route(service, answers).pages:
        for question in page.questions:
            if question.id in answers:
                kept[question.id] = answers[question.id]
    return kept
