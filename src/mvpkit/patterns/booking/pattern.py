"""The booking pattern, as the kit sees it: appointments booked in a journey, managed after.

Only its settings and question kinds load with the pattern; its pages, emails and figures
load when a service that uses it is built, or when a method needs them, so a process
serving other services does not hold them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from mvpkit.pattern import Pattern, load_modules
from mvpkit.patterns.booking.kinds import AppointmentDay, AppointmentTime
from mvpkit.patterns.booking.settings import Booking

if TYPE_CHECKING:
    from flask import Flask
    from markupsafe import Markup
    from sqlalchemy import ColumnElement
    from sqlalchemy.orm import Session

    from mvpkit.definition.asked import Asked
    from mvpkit.definition.model import Page, Question, Service
    from mvpkit.definition.source import Source
    from mvpkit.kit import Kit
    from mvpkit.pattern import MonthlyFigure, ShownPage, StaffColumn, Within
    from mvpkit.patterns.booking.weeks import Week
    from mvpkit.questions.kind import QuestionKind
    from mvpkit.store.models import Submission

USED_WHEN_ACTIVE = ("account_panel", "figures", "fragments", "journey", "store")
APPOINTMENT_PAGES = frozenset({AppointmentDay.name, AppointmentTime.name})


class BookingPattern(Pattern):
    """`booking:` in service.yaml, with an appointment-day and an appointment-time page."""

    name = "booking"
    tables = ("mvpkit.patterns.booking.models",)
    section = "booking"
    settings = Booking
    description = "An appointment booked as part of the journey."

    def question_kinds(self) -> Sequence[QuestionKind]:
        """A day, then a time."""
        return (AppointmentDay(), AppointmentTime())

    def reserved_paths(self, service: Service) -> frozenset[str]:
        """Residents manage their appointments below /appointments."""
        return frozenset({"appointments"})

    def check(self, source: Source, service: Service, asked: Sequence[Asked]) -> None:
        """One appointment page of each kind, the day first, and the questions it names."""
        if not (self.active(service) or any(i.question.type in APPOINTMENT_PAGES for i in asked)):
            return
        from mvpkit.patterns.booking.checks import check_booking

        check_booking(source, service, asked)

    def install(self, app: Flask, service: Service) -> None:
        """Residents' appointment pages, the staff's day list and calendar."""
        from mvpkit.backoffice.navigation import add_staff_links
        from mvpkit.patterns.booking.manage import appointments
        from mvpkit.patterns.booking.staff import STAFF_LINKS, booking_staff

        load_modules(*(f"mvpkit.patterns.booking.{name}" for name in USED_WHEN_ACTIVE))
        app.register_blueprint(appointments)
        app.register_blueprint(booking_staff)
        add_staff_links(app, STAFF_LINKS)
        app.add_template_global(day_weeks)

    def resolve_page(self, kit: Kit, page: Page, answers: Mapping[str, Any]) -> Page:
        """An appointment page with the days or times free now."""
        if page.type not in APPOINTMENT_PAGES:
            return page
        from mvpkit.patterns.booking import journey

        return journey.resolve_page(kit, page, answers)

    def page_context(self, kit: Kit, shown: ShownPage) -> dict[str, Any]:
        """The chosen day above the time page's question."""
        if shown.page.type not in APPOINTMENT_PAGES:
            return {}
        from mvpkit.patterns.booking import journey

        return journey.page_context(kit, shown)

    def replace_page(self, kit: Kit, shown: ShownPage) -> str | None:
        """The page saying no days or times are left."""
        if shown.page.type not in APPOINTMENT_PAGES:
            return None
        from mvpkit.patterns.booking import journey

        return journey.none_free(kit, shown)

    def answers_to_forget(
        self, service: Service, page: Page, saved: Mapping[str, Any], values: Mapping[str, Any]
    ) -> list[str]:
        """A new day forgets the time chosen on the old one."""
        if page.type not in APPOINTMENT_PAGES:
            return []
        from mvpkit.patterns.booking import journey

        return journey.answers_to_forget(service, page, saved, values)

    def within_send(self, kit: Kit, answers: Mapping[str, Any]) -> Within | None:
        """Book the chosen time with the submission, or refuse when it has gone."""
        if not self.active(kit.service):
            return None
        from mvpkit.patterns.booking import journey

        return journey.booking_within(kit, answers)

    def fragment(self, kit: Kit, place: str, context: Mapping[str, Any]) -> Markup | None:
        """The appointment on the confirmation and in the back office."""
        if not self.active(kit.service):
            return None
        from mvpkit.patterns.booking import fragments

        return fragments.fragment(kit, place, context)

    def staff_list_columns(self, kit: Kit, references: Sequence[str]) -> Sequence[StaffColumn]:
        """Each submission's appointment status."""
        if not self.active(kit.service):
            return ()
        from mvpkit.patterns.booking import fragments

        return (fragments.status_column(kit, references),)

    def account_panel(self, kit: Kit, account_id: int, services: Mapping[str, str]) -> Markup:
        """ "Your appointments"."""
        from mvpkit.patterns.booking import account_panel

        return account_panel.panel(kit.db, account_id, services)

    def listed_in_own_panel(self) -> ColumnElement[bool]:
        """Submissions that booked are listed as appointments."""
        from mvpkit.patterns.booking import account_panel

        return account_panel.booked_submissions()

    def account_linked(self, session: Session, submission: Submission) -> None:
        """The appointment booked with the submission is the resident's too."""
        from mvpkit.patterns.booking import account_panel

        account_panel.link(session, submission)

    def account_deleted(self, session: Session, account_id: int) -> None:
        """The account's appointments are kept, unlinked."""
        from mvpkit.patterns.booking import account_panel

        account_panel.unlink(session, account_id)

    def submissions_deleted(
        self, session: Session, service: str, references: Sequence[str]
    ) -> None:
        """Their appointments go, and the places they held are free again."""
        from mvpkit.patterns.booking.store import forget_bookings

        forget_bookings(session, service, references)

    def settle_figures(self, kit: Kit) -> None:
        """How far ahead each new or moved booking is, for the time to an appointment."""
        if self.active(kit.service):
            from mvpkit.patterns.booking.figures import settle_bookings

            settle_bookings(kit.db, kit.slug)

    def monthly_figures(
        self, kit: Kit, session: Session, months: Sequence[str]
    ) -> Sequence[MonthlyFigure]:
        """Time to an appointment, and appointments booked."""
        if not (self.active(kit.service) and months):
            return ()
        from mvpkit.patterns.booking.figures import booking_figures

        return booking_figures(session, kit.slug, months)


def day_weeks(question: Question, value: Any) -> list[Week]:
    """An appointment-day question's days as radio items, grouped by week."""
    from mvpkit.journeys.presentation import choice_items
    from mvpkit.patterns.booking.weeks import by_week

    return by_week(choice_items(question, [value]), question.id)
