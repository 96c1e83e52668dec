"""Every route through a journey, with valid sample answers that take each branch.

The release gate walks these in a browser, so a new service gets its accessibility and
journey checks from its definition alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from mvpkit.definition.model import CHECK_ANSWERS, DaysAgo, Page, Service
from mvpkit.journeys.routing import next_page_id, rule_matches, today
from mvpkit.questions.samples import sample_answer

MAX_WALKS = 200


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
