"""Booking and cancelling appointments, with each slot's capacity enforced by the database.

A slot with capacity N has places 1..N. Booking inserts the appointment, then claims the
lowest free place by inserting a `booking_places` row, each attempt inside a SAVEPOINT: the
UNIQUE constraint on (service, slot_start, place) makes the database refuse a place someone
else holds, committed or not (PostgreSQL makes the second insert wait for the first
transaction, then fails it if that committed). Whatever runs in parallel, no slot ever has
more holders than places, and a slot is never booked twice over by a check that read stale
data. On SQLite, writers also take turns (`Database.writes`), so the race is settled before
it starts; the constraint is the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mvpkit import clock
from mvpkit.patterns.booking.models import Booking, BookingPlace
from mvpkit.store.database import Database
from mvpkit.store.references import new_reference

REFERENCE_ATTEMPTS = 5
BOOKED, CANCELLED, ATTENDED, NO_SHOW = "booked", "cancelled", "attended", "no-show"
STATUSES = (BOOKED, CANCELLED, ATTENDED, NO_SHOW)


class SlotFullError(Exception):
    """Every place at this slot is taken."""

    message = "That time is no longer available"

    def __init__(self, slot_start: datetime) -> None:
        super().__init__(self.message)
        self.slot_start = slot_start


class BookingNotFoundError(LookupError):
    """No booking has this reference."""


def in_utc(moment: datetime) -> datetime:
    """A timezone-aware time in UTC: how slots are stored and compared."""
    if moment.tzinfo is None:
        raise ValueError("slot times must be timezone-aware")
    return clock.as_utc(moment)


def book(
    db: Database,
    service: str,
    slot_start: datetime,
    capacity: int,
    details: Mapping[str, Any],
    prefix: str = "BK",
) -> Booking:
    """Book a place at this slot, or raise SlotFullError when all `capacity` are taken."""
    for _attempt in range(REFERENCE_ATTEMPTS):
        with db.writes() as session:
            try:
                booking = book_in(
                    session, service, new_reference(prefix), slot_start, capacity, details
                )
            except IntegrityError:  # the reference collided: try another
                session.rollback()
                continue
            session.commit()
            return booking
    raise RuntimeError("could not store the booking")  # pragma: no cover


def book_in(
    session: Session,
    service: str,
    reference: str,
    slot_start: datetime,
    capacity: int,
    details: Mapping[str, Any],
    account_id: int | None = None,
) -> Booking:
    """Add a booking and claim its place in the caller's transaction (not committed here).

    `account_id` links it to the signed-in resident's account.

    Raises SlotFullError when every place is taken; IntegrityError when the reference is
    taken. Either way the caller rolls back.
    """
    booking = Booking(
        service=service,
        reference=reference,
        slot_start=in_utc(slot_start),
        status=BOOKED,
        details=dict(details),
        account_id=account_id,
    )
    session.add(booking)
    session.flush()
    claim_place(session, booking, slot_start, capacity)
    return booking


def claim_place(session: Session, booking: Booking, slot_start: datetime, capacity: int) -> None:
    """Claim the lowest free place at this slot for the booking, or raise SlotFullError."""
    start = in_utc(slot_start)
    for place in range(1, capacity + 1):
        try:
            with session.begin_nested():
                session.add(
                    BookingPlace(
                        service=booking.service,
                        slot_start=start,
                        place=place,
                        booking_id=booking.id,
                    )
                )
        except IntegrityError:  # someone holds this place: try the next
            continue
        return
    raise SlotFullError(slot_start)


def reschedule(
    db: Database,
    reference: str,
    slot_start: datetime,
    capacity: int,
    *,
    within: Callable[[Session, Booking], None] | None = None,
) -> Booking:
    """Move a booking to another slot: the new place is claimed and the old freed at once.

    Raises SlotFullError (and keeps the old time) when the new slot is full. `within` adds
    what goes with the change (an email) to the same transaction.
    """
    with db.writes() as session:
        booking = session.scalar(select(Booking).where(Booking.reference == reference))
        if booking is None:
            raise BookingNotFoundError(reference)
        if booking.status != BOOKED:
            raise ValueError(f"a {booking.status} booking cannot be moved")
        session.execute(delete(BookingPlace).where(BookingPlace.booking_id == booking.id))
        try:
            claim_place(session, booking, slot_start, capacity)
        except SlotFullError:
            session.rollback()
            raise
        booking.slot_start = in_utc(slot_start)
        booking.updated_at = clock.now()
        booking.month = booking.days_ahead = None  # the figures settle it again
        if within is not None:
            within(session, booking)
        session.commit()
        booking.slot_start = clock.as_utc(booking.slot_start)
        return booking


def cancel(
    db: Database,
    reference: str,
    reason: str,
    *,
    within: Callable[[Session, Booking], None] | None = None,
) -> Booking:
    """Cancel a booking and free its place; the booking row stays, marked cancelled.

    `within` adds what goes with it (an email) to the same transaction, if it was booked.
    """
    with db.writes() as session:
        booking = session.scalar(select(Booking).where(Booking.reference == reference))
        if booking is None:
            raise BookingNotFoundError(reference)
        if booking.status != CANCELLED:
            booking.status = CANCELLED
            booking.cancel_reason = reason
            booking.updated_at = clock.now()
            if within is not None:
                within(session, booking)
        session.execute(delete(BookingPlace).where(BookingPlace.booking_id == booking.id))
        session.commit()
        booking.slot_start = clock.as_utc(booking.slot_start)
        return booking


def mark(db: Database, reference: str, status: str) -> Booking:
    """Record that the resident attended or did not come (not for cancelling)."""
    if status not in (BOOKED, ATTENDED, NO_SHOW):
        raise ValueError(f"unknown status {status!r}")
    with db.writes() as session:
        booking = session.scalar(select(Booking).where(Booking.reference == reference))
        if booking is None:
            raise BookingNotFoundError(reference)
        if booking.status == CANCELLED:
            raise ValueError("a cancelled booking cannot be marked")
        booking.status = status
        session.commit()
        booking.slot_start = clock.as_utc(booking.slot_start)
        return booking


def find_booking(db: Database, reference: str) -> Booking | None:
    """The booking with this reference, if there is one."""
    with db.reads() as session:
        booking = session.scalar(select(Booking).where(Booking.reference == reference))
        if booking is not None:
            booking.slot_start = clock.as_utc(booking.slot_start)
            session.expunge(booking)
        return booking


def statuses_of(db: Database, service: str, references: Iterable[str]) -> dict[str, str]:
    """The status of the service's bookings with these references, by reference."""
    wanted = list(references)
    if not wanted:
        return {}
    with db.reads() as session:
        rows = session.execute(
            select(Booking.reference, Booking.status).where(
                Booking.service == service, Booking.reference.in_(wanted)
            )
        )
        return {row.reference: row.status for row in rows}


def bookings_between(db: Database, service: str, start: datetime, end: datetime) -> list[Booking]:
    """The service's bookings (any status) at slots from `start` up to `end`, earliest first."""
    with db.reads() as session:
        bookings = list(
            session.scalars(
                select(Booking)
                .where(
                    Booking.service == service,
                    Booking.slot_start >= in_utc(start),
                    Booking.slot_start < in_utc(end),
                )
                .order_by(Booking.slot_start, Booking.id)
            )
        )
        for booking in bookings:
            booking.slot_start = clock.as_utc(booking.slot_start)
            session.expunge(booking)
        return bookings


def places_taken(db: Database, service: str, start: datetime, end: datetime) -> dict[datetime, int]:
    """How many places are held at each slot from `start` up to `end`, keyed in UTC."""
    with db.reads() as session:
        rows = session.execute(
            select(BookingPlace.slot_start, func.count())
            .where(
                BookingPlace.service == service,
                BookingPlace.slot_start >= in_utc(start),
                BookingPlace.slot_start < in_utc(end),
            )
            .group_by(BookingPlace.slot_start)
        )
        return {clock.as_utc(slot_start): count for slot_start, count in rows}


def forget_bookings(session: Session, service: str, references: Sequence[str]) -> None:
    """Delete these bookings and free their places, in the caller's transaction."""
    if not references:
        return
    ids = list(
        session.scalars(
            select(Booking.id).where(Booking.service == service, Booking.reference.in_(references))
        )
    )
    if ids:
        session.execute(delete(BookingPlace).where(BookingPlace.booking_id.in_(ids)))
        session.execute(delete(Booking).where(Booking.id.in_(ids)))
