"""`Pattern`: what a pattern (tracking, booking, My Account, a directory...) adds to a service.

The core never names a pattern: it asks every installed pattern (see `mvpkit.registry`) at
each point where one may take part, and each answers for the services whose `service.yaml`
has its section. Every method has a default that takes no part, so a pattern overrides only
what it needs. `docs/patterns.md` shows how one is written.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel

if TYPE_CHECKING:  # only for the signatures: a pattern module imports these itself
    from flask import Flask
    from markupsafe import Markup
    from sqlalchemy import ColumnElement
    from sqlalchemy.orm import Session

    from mvpkit.definition.asked import Asked
    from mvpkit.definition.model import Page, Service
    from mvpkit.definition.source import Source
    from mvpkit.kit import Kit
    from mvpkit.questions.kind import QuestionKind
    from mvpkit.store.models import Submission

Within = Callable[["Session", "Submission"], None]
"""Work done inside the transaction that stores a submission."""


class SendRefused(Exception):  # noqa: N818 - it is an outcome, worded as one
    """Raised by `Pattern.within_send`: nothing is stored, and the resident answers again.

    The journey forgets the answers in `forget` and shows again the page asking
    `question_id`, with that question's error message for `error_key`.
    """

    def __init__(self, question_id: str, error_key: str, forget: Sequence[str] = ()) -> None:
        super().__init__(f"sending refused the answer to {question_id}")
        self.question_id, self.error_key, self.forget = question_id, error_key, tuple(forget)


@dataclass(frozen=True)
class ShownPage:
    """A question page the journey is about to show, for a pattern to add to or replace."""

    page: Page
    answers: Mapping[str, Any]
    back_href: str
    change: bool
    has_errors: bool
    """Shown with errors: its answers were refused, when posted or when sending."""
    step_href: Callable[[str, bool], str]
    """The address of a page of the journey (its id, and whether it is a change)."""


@dataclass(frozen=True)
class StaffColumn:
    """A column of the back office's list of submissions: its heading, and a cell a reference."""

    heading: str
    cells: Mapping[str, Markup]


@dataclass(frozen=True)
class MonthlyFigure:
    """A figure a pattern adds to its service's figures, month by month.

    A count (`kind` "count") has its value in `values`; a time (`kind` "days") has its
    median there, with its 90th percentile in `p90` and how many it is worked out from in
    `counts`. A month with nothing to show is left out.
    """

    key: str
    label: str
    kind: str
    values: Mapping[str, float]
    p90: Mapping[str, float] = field(default_factory=dict)
    counts: Mapping[str, int] = field(default_factory=dict)
    how: str = ""
    """How it is worked out, in a sentence, for the dashboard and `docs/figures.md`."""


def load_modules(*names: str) -> None:
    """Import the modules an active pattern's methods import when called.

    `install` calls it, so they load once in the process that builds the app, before
    gunicorn forks the workers that share its memory, not in each worker at its first
    request.
    """
    for name in names:
        importlib.import_module(name)


class Pattern:
    """A pattern: its section of `service.yaml`, its pages, and its part in the journey."""

    name: ClassVar[str]
    """Its name, as its entry point is named."""
    section: ClassVar[str | None] = None
    """Its key in `service.yaml`; a service uses the pattern when it has this section."""
    settings: ClassVar[type[BaseModel] | None] = None
    """The section's model: checked, with file and line for every problem, when loading."""
    description: ClassVar[str] = ""
    """The section's description, in the JSON schema editors read."""
    serves_without_pages: ClassVar[bool] = False
    """A service with this section needs no journey pages of its own."""
    migrations: ClassVar[Path | None] = None
    """Its Alembic versions folder: a branch of its own, labelled with its name."""
    tables: ClassVar[tuple[str, ...]] = ()
    """The modules declaring its tables (`mvpkit.registry.load_tables` imports them).

    A pattern module should import its pages, stores and tables only where they are used,
    so that a process serving other services never loads them.
    """

    def active(self, service: Service) -> bool:
        """True when `service` uses this pattern."""
        return self.section is not None and getattr(service, self.section, None) is not None

    # The definition
    def question_kinds(self) -> Sequence[QuestionKind]:
        """The `type:`s of question it adds."""
        return ()

    def reserved_paths(self, service: Service) -> frozenset[str]:
        """Addresses it serves, which no page may take as its id."""
        return frozenset()

    def check(self, source: Source, service: Service, asked: Sequence[Asked]) -> None:
        """Record problems the section's model cannot find alone.

        Called for every service, whether it uses the pattern or not (a page of the
        pattern's kind without its section is a problem too).
        """

    # Serving
    def install(self, app: Flask, service: Service) -> None:
        """Register its blueprints, staff links and template helpers on an active service."""

    def install_index(self, index: Flask, kit: Kit) -> None:
        """Take part in the index of services served together (`kit`: the first one's)."""

    # The journey
    def resolve_page(self, kit: Kit, page: Page, answers: Mapping[str, Any]) -> Page:
        """The page as it is to be shown and checked now (live options, say)."""
        return page

    def page_context(self, kit: Kit, shown: ShownPage) -> dict[str, Any]:
        """More for the question page's template: a caption, a link."""
        return {}

    def replace_page(self, kit: Kit, shown: ShownPage) -> str | None:
        """A page of its own instead of the question page (nothing left to choose, say)."""
        return None

    def answers_to_forget(
        self, service: Service, page: Page, saved: Mapping[str, Any], values: Mapping[str, Any]
    ) -> list[str]:
        """Answers that new `values` on `page` make meaningless."""
        return []

    def statuses(self, service: Service) -> Sequence[str]:
        """The statuses staff may give a submission; the first is given when it is sent."""
        return ()

    def within_send(self, kit: Kit, answers: Mapping[str, Any]) -> Within | None:
        """Work for the send transaction; may raise SendRefused before anything is stored."""
        return None

    def sender_account(self, kit: Kit) -> int | None:
        """The account of whoever is sending, when this pattern knows them."""
        return None

    # The kit's pages
    def fragment(self, kit: Kit, place: str, context: Mapping[str, Any]) -> Markup | None:
        """Its HTML at a named place of one of the kit's pages, or None.

        The places: `banner` (above every page's content), `start` (below the start page's
        content), `confirmation` (below the confirmation's body; `reference` given),
        `confirmation_after` (below what happens next), `confirmation_again` (instead of
        "Start again"), and `staff_submission` (above a submission's answers in the back
        office; `item` given).
        """
        return None

    def staff_list_columns(self, kit: Kit, references: Sequence[str]) -> Sequence[StaffColumn]:
        """Columns it adds to the back office's list of submissions."""
        return ()

    # My Account: every service's records of a resident, on one page
    def account_panel(
        self, kit: Kit, account_id: int, services: Mapping[str, str]
    ) -> Markup | None:
        """Its records of the account, as a section of My Account's page.

        `services` names the services the account sees, by slug.
        """
        return None

    def listed_in_own_panel(self) -> ColumnElement[bool] | None:
        """A condition on `Submission`: those its panel lists, left out of "Your reports"."""
        return None

    def account_linked(self, session: Session, submission: Submission) -> None:
        """A resident added an earlier submission to their account: link its records too."""

    def account_deleted(self, session: Session, account_id: int) -> None:
        """The account is deleted: its records are the council's, so keep them, unlinked."""

    # The service's figures
    def settle_figures(self, kit: Kit) -> None:
        """Store what its figures rank, for rows new since last time, before they are read.

        Runs in transactions of its own, outside the read of the figures; it should only
        write when something is new, so an idle dashboard takes no write lock.
        """

    def monthly_figures(
        self, kit: Kit, session: Session, months: Sequence[str]
    ) -> Sequence[MonthlyFigure]:
        """Its figures for these months (like 2026-11), worked out in the database."""
        return ()

    # Research mode: a participant's data is deleted
    def submissions_deleted(
        self, session: Session, service: str, references: Sequence[str]
    ) -> None:
        """These submissions are being deleted (a prototype's participant): delete its records."""
