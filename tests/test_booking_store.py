"""Booking storage: places, cancelling, staff marks and counts, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from mvpkit.migrate import upgrade
from mvpkit.patterns.booking.calendar import (
    LONDON,
    Calendar,
    days_with_free_slots,
    free_slots_on,
    slots_on,
)
from mvpkit.patterns.booking.models import Booking, BookingPlace
from mvpkit.patterns.booking.store import (
    BookingNotFoundError,
    SlotFullError,
    book,
    bookings_between,
    cancel,
    find_booking,
    mark,
    places_taken,
)
from mvpkit.store.database import Database, connect
from mvpkit.store.references import is_reference

NINE = datetime(2026, 1, 12, 9, 0, tzinfo=LONDON)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = connect(database_url)
    upgrade(database.engine)
    yield database
    database.dispose()


def test_booking_takes_places_in_order_until_the_slot_is_full(db: Database) -> None:
    first = book(db, "register", NINE, 2, {"name": "Ada"}, prefix="RB")
    second = book(db, "register", NINE, 2, {"name": "Bo"}, prefix="RB")
    assert is_reference(first.reference)
    assert first.reference.startswith("RB-")
    assert first.status == "booked"
    with pytest.raises(SlotFullError, match="That time is no longer available"):
        book(db, "register", NINE, 2, {"name": "Cy"})
    with db.reads() as session:
        holders = dict(session.execute(select(BookingPlace.booking_id, BookingPlace.place)).all())
    assert holders == {first.id: 1, second.id: 2}
    # another service, or another time, has its own places
    book(db, "other", NINE, 2, {})
    book(db, "register", NINE + timedelta(minutes=30), 1, {})


def test_cancelling_frees_the_place_and_keeps_the_booking(db: Database) -> None:
    first = book(db, "register", NINE, 1, {"name": "Ada"})
    cancelled = cancel(db, first.reference, "Cannot come")
    assert cancelled.status == "cancelled"
    assert cancelled.cancel_reason == "Cannot come"
    again = book(db, "register", NINE, 1, {"name": "Bo"})
    found = find_booking(db, first.reference)
    assert found is not None
    assert found.status == "cancelled"
    assert found.slot_start == NINE
    assert places_taken(db, "register", NINE, NINE + timedelta(hours=1)) == {
        NINE.astimezone(UTC): 1
    }
    assert [b.reference for b in bookings_between(db, "register", NINE, NINE + timedelta(1))] == [
        first.reference,
        again.reference,
    ]
    cancel(db, first.reference, "twice")  # cancelling again changes nothing
    with pytest.raises(BookingNotFoundError):
        cancel(db, "RB-XXXX-XXXX", "no such booking")


def test_staff_mark_attended_or_no_show(db: Database) -> None:
    booking = book(db, "register", NINE, 1, {})
    assert mark(db, booking.reference, "attended").status == "attended"
    assert mark(db, booking.reference, "no-show").status == "no-show"
    with pytest.raises(ValueError, match="unknown status"):
        mark(db, booking.reference, "cancelled")
    cancel(db, booking.reference, "Staff error")
    with pytest.raises(ValueError, match="cancelled"):
        mark(db, booking.reference, "attended")


def insert_place(db: Database, values: dict[str, object]) -> None:
    """Write a place row directly, as a buggy caller that skipped `book` might."""
    with db.writes() as session:
        session.execute(insert(BookingPlace).values(values))
        session.commit()


def test_the_database_refuses_a_second_holder_of_a_place(db: Database) -> None:
    booking = book(db, "register", NINE, 1, {})
    other = book(db, "register", NINE + timedelta(hours=1), 1, {})
    row = {"service": "register", "slot_start": NINE.astimezone(UTC), "booking_id": other.id}
    with pytest.raises(IntegrityError):
        insert_place(db, {**row, "place": 1})  # booking's place
    with pytest.raises(IntegrityError):
        insert_place(db, {**row, "place": 0})  # places count from 1
    with db.reads() as session:
        assert session.scalar(select(func.count()).select_from(BookingPlace)) == 2
        assert session.get(Booking, booking.id) is not None


def test_slot_times_must_carry_their_timezone(db: Database) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        book(db, "register", datetime(2026, 1, 12, 9, 0), 1, {})


def test_the_two_one_oclocks_of_the_autumn_change_are_two_slots(db: Database) -> None:
    office = Calendar.model_validate(
        {"opening_hours": {"sunday": ["00:00-03:00"]}, "slot_minutes": 60, "max_days_ahead": 60}
    )
    day, now = date(2025, 10, 26), datetime(2025, 10, 1, tzinfo=LONDON)
    slots = slots_on(office, day, now)
    book(db, "register", slots[1].start, 1, {})  # 01:00 BST
    start = datetime.combine(day, datetime.min.time(), tzinfo=LONDON)
    taken = places_taken(db, "register", start, start + timedelta(days=1))
    assert taken == {slots[1].key: 1}
    free = free_slots_on(office, day, now, taken)
    assert [slot.start.utcoffset() for slot in free if slot.start.hour == 1] == [timedelta(0)]
    book(db, "register", slots[2].start, 1, {})  # 01:00 GMT is another slot
    with pytest.raises(SlotFullError):
        book(db, "register", slots[1].start, 1, {})


def test_full_days_drop_out_of_the_days_on_offer(db: Database) -> None:
    office = Calendar.model_validate(
        {"opening_hours": {"monday": ["09:00-10:00"]}, "places": 1, "max_days_ahead": 8}
    )
    now = datetime(2026, 1, 11, 12, 0, tzinfo=LONDON)  # a Sunday
    monday = date(2026, 1, 12)
    for slot in slots_on(office, monday, now):
        book(db, "register", slot.start, office.places, {})
    taken = places_taken(db, "register", now, now + timedelta(days=9))
    assert days_with_free_slots(office, now, taken) == [date(2026, 1, 19)]
