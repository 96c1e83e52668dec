"""The booking pattern's part of My Account: a resident's appointments, with their links."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask import render_template
from markupsafe import Markup
from sqlalchemy import ColumnElement, exists, select, update
from sqlalchemy.orm import Session

from mvpkit import clock
from mvpkit.frontend.mounts import service_href
from mvpkit.patterns.booking.models import Booking
from mvpkit.store.database import Database
from mvpkit.store.models import Submission

SHOWN = 50


def appointments(db: Database, account_id: int, services: Sequence[str]) -> list[Booking]:
    """The account's bookings with these services, soonest first."""
    with db.reads() as session:
        return list(
            session.scalars(
                select(Booking)
                .where(Booking.account_id == account_id, Booking.service.in_(services))
                .order_by(Booking.slot_start, Booking.id)
                .limit(SHOWN)
            )
        )


def panel(db: Database, account_id: int, services: Mapping[str, str]) -> Markup:
    """ "Your appointments": each with a link to it, and to change or cancel one to come."""
    return Markup(  # noqa: S704 - rendered by Jinja, which escapes what it is given
        render_template(
            "mvpkit/booking/account_panel.html",
            appointments=appointments(db, account_id, list(services)),
            service_name=lambda slug: services.get(slug, slug),
            manageable=manageable,
            appointment_href=appointment_href,
        )
    )


def appointment_href(booking: Booking, action: str = "") -> str:
    """The booking service's page for this appointment, or for changing or cancelling it."""
    return service_href(booking.service, f"/appointments/{booking.reference}{action}")


def manageable(booking: Booking) -> bool:
    """An appointment still to come can be changed or cancelled."""
    return booking.status == "booked" and clock.as_utc(booking.slot_start) > clock.now()


def booked_submissions() -> ColumnElement[bool]:
    """Submissions that booked an appointment: listed as appointments, not as reports."""
    return exists().where(
        Booking.service == Submission.service, Booking.reference == Submission.reference
    )


def link(session: Session, submission: Submission) -> None:
    """An appointment booked with a submission belongs to whoever added the submission."""
    session.execute(
        update(Booking)
        .where(Booking.service == submission.service, Booking.reference == submission.reference)
        .values(account_id=submission.account_id)
    )


def unlink(session: Session, account_id: int) -> None:
    """The appointments stay, as the council's records, but no longer point at the account."""
    session.execute(update(Booking).where(Booking.account_id == account_id).values(account_id=None))
