"""The groups and events directory, as the kit sees it: its tables, pages and open data.

Only its settings and question kind load with the pattern; its pages, stores and figures
load when a service that uses it is built, or when a method needs them, so a process
serving other services does not hold them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mvpkit.pattern import Pattern, SendRefused, load_modules
from mvpkit.patterns.directory.kinds import TimeKind
from mvpkit.patterns.directory.settings import DirectorySettings

if TYPE_CHECKING:
    from flask import Flask
    from markupsafe import Markup
    from sqlalchemy import ColumnElement
    from sqlalchemy.orm import Session

    from mvpkit.definition.asked import Asked
    from mvpkit.definition.model import Page, Service
    from mvpkit.definition.source import Source
    from mvpkit.kit import Kit
    from mvpkit.pattern import MonthlyFigure, Within
    from mvpkit.questions.kind import QuestionKind
    from mvpkit.store.models import Submission

USED_WHEN_ACTIVE = ("account_panel", "answers", "emails", "figures", "journey", "listings")
SEARCH_PATH = "find"  # a service with pages of its own serves the search below /find


class DirectoryPattern(Pattern):
    """`directory:` in service.yaml: groups send listings, staff check them, residents search."""

    name = "directory"
    tables = ("mvpkit.patterns.directory.models",)
    section = "directory"
    settings = DirectorySettings
    description = "A directory of community groups and events, with its open data."
    serves_without_pages = True
    migrations = Path(__file__).parent / "migrations"

    def question_kinds(self) -> Sequence[QuestionKind]:
        """A time of day, for when a group meets."""
        return (TimeKind(),)

    def reserved_paths(self, service: Service) -> frozenset[str]:
        """The search, the listings, the whole directory's calendar and the open data."""
        if not self.active(service):
            return frozenset()
        return frozenset({SEARCH_PATH, "listings", "calendar.ics", "open-data"})

    def check(self, source: Source, service: Service, asked: Sequence[Asked]) -> None:
        """A directory with pages asks everything a listing needs."""
        if not self.active(service):
            return
        from mvpkit.patterns.directory import journey

        journey.check_journey(source, service, asked)

    def install(self, app: Flask, service: Service) -> None:
        """The search at the service's root when it has no pages, else at /find; the rest."""
        from mvpkit.backoffice.navigation import add_staff_links
        from mvpkit.patterns.directory import models, sample_data  # noqa: F401  (its tables)
        from mvpkit.patterns.directory.manage import directory_manage
        from mvpkit.patterns.directory.open_data_views import open_data
        from mvpkit.patterns.directory.reports import directory_reports
        from mvpkit.patterns.directory.staff import STAFF_LINKS, directory_staff
        from mvpkit.patterns.directory.views import directory, finder

        load_modules(*(f"mvpkit.patterns.directory.{name}" for name in USED_WHEN_ACTIVE))
        app.register_blueprint(finder, url_prefix=f"/{SEARCH_PATH}" if service.pages else "/")
        app.register_blueprint(directory)
        app.register_blueprint(directory_reports)
        app.register_blueprint(directory_manage)
        app.register_blueprint(open_data)
        app.register_blueprint(directory_staff)
        add_staff_links(app, STAFF_LINKS)
        sample_data.import_on_start(app)

    def resolve_page(self, kit: Kit, page: Page, answers: Mapping[str, Any]) -> Page:
        """A listing page carries the words for a listing answer sending refused."""
        if not self.active(kit.service):
            return page
        from mvpkit.patterns.directory import journey

        if not journey.is_listing_journey(kit.service):
            return page
        if not {q.id for q in page.questions} & journey.LISTING_IDS:
            return page
        return journey.with_problems(page, journey.problems(kit.service, answers))

    def within_send(self, kit: Kit, answers: Mapping[str, Any]) -> Within | None:
        """Store the listing, pending, with the submission; email its organisers the link."""
        if not self.active(kit.service):
            return None
        from mvpkit.patterns.directory import journey
        from mvpkit.patterns.directory.answers import InvalidListingError, check
        from mvpkit.patterns.directory.emails import ListingMail
        from mvpkit.patterns.directory.listings import create_in

        if not journey.is_listing_journey(kit.service):
            return None
        try:
            checked = check(journey.to_listing(kit.service, answers))
        except InvalidListingError as invalid:
            found = journey.by_question(kit.service, invalid.errors)
            raise SendRefused(next(iter(found)), journey.REFUSED) from None
        mail = ListingMail.for_request(kit)  # its link is built inside the transaction

        def within(session: Session, submission: Submission) -> None:
            listing = create_in(
                session,
                kit.slug,
                checked,
                account_id=submission.account_id,
                reference=submission.reference,
            )
            mail.received(session, listing)

        return within

    def fragment(self, kit: Kit, place: str, context: Mapping[str, Any]) -> Markup | None:
        """On a listing's confirmation: it is checked before it is published."""
        if place != "confirmation" or not self.active(kit.service):
            return None
        from flask import render_template
        from markupsafe import Markup

        from mvpkit.patterns.directory import journey

        if not journey.is_listing_journey(kit.service):
            return None
        return Markup(render_template("mvpkit/directory/confirmation.html"))  # noqa: S704 - Jinja escaped it

    def account_panel(
        self, kit: Kit, account_id: int, services: Mapping[str, str]
    ) -> Markup | None:
        """ "Your listings" on My Account, when the account has sent any."""
        from mvpkit.patterns.directory import account_panel

        return account_panel.panel(kit.db, account_id, services)

    def listed_in_own_panel(self) -> ColumnElement[bool]:
        """Submissions that sent a listing are listed as listings, not as reports."""
        from mvpkit.patterns.directory import account_panel

        return account_panel.listed_submissions()

    def account_linked(self, session: Session, submission: Submission) -> None:
        """The listing sent with a claimed submission becomes the account's too."""
        from mvpkit.patterns.directory import account_panel

        account_panel.link(session, submission)

    def account_deleted(self, session: Session, account_id: int) -> None:
        """The account's listings are kept, published or not, unlinked."""
        from mvpkit.patterns.directory import account_panel

        account_panel.unlink(session, account_id)

    def submissions_deleted(
        self, session: Session, service: str, references: Sequence[str]
    ) -> None:
        """The listings they sent go, with their decisions and reports."""
        from mvpkit.patterns.directory import listings

        listings.forget_sent(session, service, references)

    def monthly_figures(
        self, kit: Kit, session: Session, months: Sequence[str]
    ) -> Sequence[MonthlyFigure]:
        """Listings published, searches and feed subscriptions."""
        if not (self.active(kit.service) and months):
            return ()
        from mvpkit.patterns.directory.figures import directory_figures

        return directory_figures(session, kit.slug, months)
