"""The emails a resident gets about their appointment: booked, changed and cancelled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from mvpkit.definition.model import Service
from mvpkit.email.outbox import queue_email
from mvpkit.patterns.booking.availability import day_label, time_label
from mvpkit.patterns.booking.calendar import LONDON


def when(start: datetime) -> str:
    """'9:30am on Tuesday 1 December 2026'."""
    return f"{time_label(start)} on {day_label(start.astimezone(LONDON).date())}"


def _footer(service: Service) -> str:
    council = service.council
    contact = " or ".join(part for part in (council.phone, council.email) if part)
    ask = f"\n\nIf you have a question, contact us on {contact}." if contact else ""
    return f"{ask}\n\n{council.name}"


def queue_booked(
    session: Session,
    slug: str,
    service: Service,
    to: str,
    reference: str,
    start: datetime,
    manage_url: str,
) -> None:
    """Queue the confirmation, with the link to change or cancel, in the caller's transaction."""
    place = service.booking.place if service.booking else ""
    body = (
        f"Your appointment is booked.\n\n"
        f"Reference: {reference}\n"
        f"When: {when(start)}\n"
        f"Where: {place}\n\n"
        f"To change or cancel your appointment, use this link:\n{manage_url}\n\n"
        f"Do not share this link: anyone with it can change or cancel your appointment."
        f"{_footer(service)}"
    )
    queue_email(session, slug, to, f"Appointment booked: {when(start)}", body)


def queue_changed(
    session: Session,
    slug: str,
    service: Service,
    to: str,
    reference: str,
    start: datetime,
    manage_url: str,
) -> None:
    """Queue the email saying the appointment has moved."""
    place = service.booking.place if service.booking else ""
    body = (
        f"Your appointment has been changed.\n\n"
        f"Reference: {reference}\n"
        f"New time: {when(start)}\n"
        f"Where: {place}\n\n"
        f"To change or cancel it again, use this link:\n{manage_url}"
        f"{_footer(service)}"
    )
    queue_email(session, slug, to, f"Appointment changed: {when(start)}", body)


def queue_cancelled(
    session: Session,
    slug: str,
    service: Service,
    to: str,
    reference: str,
    start: datetime,
    reason: str,
    book_again_url: str,
) -> None:
    """Queue the email saying the appointment is cancelled, why, and how to book again."""
    body = (
        f"Your appointment at {when(start)} has been cancelled.\n\n"
        f"Reference: {reference}\n"
        f"Reason: {reason}\n\n"
        f"To book another appointment, go to {book_again_url}"
        f"{_footer(service)}"
    )
    queue_email(session, slug, to, "Appointment cancelled", body)
