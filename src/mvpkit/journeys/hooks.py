"""The journey asks every installed pattern at each point where one may take part."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from mvpkit.definition.model import Page, Service
from mvpkit.kit import Kit
from mvpkit.pattern import ShownPage, Within
from mvpkit.registry import installed_patterns
from mvpkit.store.models import Submission


def resolve_page(kit: Kit, page: Page, answers: Mapping[str, Any]) -> Page:
    """The page as the patterns make it now: each is given the last one's page."""
    for pattern in installed_patterns():
        page = pattern.resolve_page(kit, page, answers)
    return page


def page_context(kit: Kit, shown: ShownPage) -> dict[str, Any]:
    """What the patterns add to a question page's template."""
    context: dict[str, Any] = {}
    for pattern in installed_patterns():
        context.update(pattern.page_context(kit, shown))
    return context


def replace_page(kit: Kit, shown: ShownPage) -> str | None:
    """The first pattern's page shown instead of the question page, if any gives one."""
    for pattern in installed_patterns():
        replaced = pattern.replace_page(kit, shown)
        if replaced is not None:
            return replaced
    return None


def answers_to_forget(
    service: Service, page: Page, saved: Mapping[str, Any], values: Mapping[str, Any]
) -> list[str]:
    """Every answer some pattern says new `values` make meaningless."""
    return [
        answer
        for pattern in installed_patterns()
        for answer in pattern.answers_to_forget(service, page, saved, values)
    ]


def first_status(service: Service) -> str | None:
    """The status a submission starts with: the first a pattern gives, if any does."""
    for pattern in installed_patterns():
        statuses = pattern.statuses(service)
        if statuses:
            return statuses[0]
    return None


def within_send(kit: Kit, answers: Mapping[str, Any]) -> Within | None:
    """Every pattern's work for the send transaction, in one; may raise SendRefused."""
    works = [
        work
        for pattern in installed_patterns()
        if (work := pattern.within_send(kit, answers)) is not None
    ]
    if not works:
        return None

    def within(session: Session, submission: Submission) -> None:
        for work in works:
            work(session, submission)

    return within


def sender_account(kit: Kit) -> int | None:
    """The account of whoever is sending, if a pattern knows them."""
    for pattern in installed_patterns():
        account_id = pattern.sender_account(kit)
        if account_id is not None:
            return account_id
    return None
