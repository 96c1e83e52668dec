"""The emails a resident gets about their appointment: booked, changed and cancelled.

Each is queued in the caller's transaction (the booking, the change or the cancelling), so
there is never an email about something that was not stored. They go to the answer of the
question `booking.email` names; a booking without one gets no email.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from mvpkit.clock import LONDON, as_utc
from mvpkit.email.links import EmailLinks
from mvpkit.email.outbox import queue_email
from mvpkit.kit import Kit
from mvpkit.patterns.booking.availability import day_label, time_label
from mvpkit.patterns.booking.links import manage_key
from mvpkit.patterns.booking.models import Booking
from mvpkit.patterns.booking.settings import booking_of


def when(start: datetime) -> str:
    """'9:30am on Tuesday 1 December 2026'."""
    return f"{time_label(start)} on {day_label(start.astimezone(LONDON).date())}"


def resident_email(kit: Kit, details: Mapping[str, Any]) -> str:
    """The address the resident gave, or '' when the service asks for none."""
    section = booking_of(kit.service)
    question = section.email if section else None
    return str(details.get(question) or "") if question else ""


def manage_link(kit: Kit, links: EmailLinks, reference: str) -> str:
    """The signed link to change or cancel this appointment."""
    key = manage_key(kit.settings.secret_key, reference)
    return links.url("appointments.appointment", reference=reference, key=key)


def queue_booked(session: Session, kit: Kit, links: EmailLinks, booking: Booking) -> None:
    """The confirmation, with the link to change or cancel."""
    _queue(
        session,
        kit,
        booking,
        f"Appointment booked: {when(as_utc(booking.slot_start))}",
        "Your appointment is booked.",
        f"To change or cancel your appointment, use this link:\n"
        f"{manage_link(kit, links, booking.reference)}\n\n"
        "Do not share this link: anyone with it can change or cancel your appointment.",
    )


def queue_changed(session: Session, kit: Kit, links: EmailLinks, booking: Booking) -> None:
    """The email saying the appointment has moved, with a new link."""
    _queue(
        session,
        kit,
        booking,
        f"Appointment changed: {when(as_utc(booking.slot_start))}",
        "Your appointment has been changed.",
        "To change or cancel it again, use this link:\n"
        f"{manage_link(kit, links, booking.reference)}",
    )


def queue_cancelled(
    session: Session, kit: Kit, links: EmailLinks, booking: Booking, reason: str
) -> None:
    """The email saying the appointment is cancelled, why, and how to book again."""
    _queue(
        session,
        kit,
        booking,
        "Appointment cancelled",
        f"Your appointment has been cancelled.\n\nReason: {reason}",
        f"To book another appointment, go to {links.url('journey.start')}",
    )


def _queue(
    session: Session, kit: Kit, booking: Booking, subject: str, opening: str, closing: str
) -> None:
    to = resident_email(kit, booking.details)
    if not to:
        return
    council = kit.service.council
    section = booking_of(kit.service)
    place = section.place if section else ""
    contact = " or ".join(part for part in (council.phone, council.email) if part)
    ask = f"\n\nIf you have a question, contact us on {contact}." if contact else ""
    body = (
        f"{opening}\n\n"
        f"Reference: {booking.reference}\n"
        f"When: {when(as_utc(booking.slot_start))}\n"
        f"Where: {place}\n\n"
        f"{closing}{ask}\n\n{council.name}"
    )
    queue_email(session, kit.slug, to, subject, body)
