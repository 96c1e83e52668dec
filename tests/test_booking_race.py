"""No double booking, ever: many requests race for a slot's last place; exactly one wins."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from mvpkit.migrate import upgrade
from mvpkit.patterns.booking.models import Booking, BookingPlace
from mvpkit.patterns.booking.store import SlotFullError, book
from mvpkit.store.database import Database, connect

RACERS = int(os.environ.get("MVPKIT_BOOKING_RACERS", "50"))
# Racers share this many Databases, as a process's threads share one. Each Database pools up
# to 10 connections, so PostgreSQL's default of 100 is never exceeded, however many race.
DATABASES = 8
SLOT = datetime(2026, 1, 12, 9, 30, tzinfo=UTC)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = connect(database_url)
    upgrade(database.engine)
    yield database
    database.dispose()


def race(database_url: str, capacity: int) -> tuple[list[str], list[BaseException]]:
    """RACERS threads, each in its own session, book the slot at the same moment."""
    databases = [connect(database_url) for _ in range(min(RACERS, DATABASES))]
    barrier = threading.Barrier(RACERS)
    lock = threading.Lock()
    winners: list[str] = []
    failures: list[BaseException] = []

    def racer(number: int) -> None:
        database = databases[number % len(databases)]
        try:
            barrier.wait(timeout=60)
            booking = book(database, "register", SLOT, capacity, {"name": f"Racer {number}"})
            with lock:
                winners.append(booking.reference)
        except BaseException as error:  # every outcome is counted
            with lock:
                failures.append(error)

    threads = [threading.Thread(target=racer, args=(number,)) for number in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    for database in databases:
        database.dispose()
    return winners, failures


def counts(db: Database) -> tuple[int, int]:
    with db.reads() as session:
        places = session.scalar(select(func.count()).select_from(BookingPlace))
        bookings = session.scalar(select(func.count()).select_from(Booking))
    return int(places or 0), int(bookings or 0)


@pytest.mark.parametrize("capacity", [1, 2])
def test_racers_for_the_last_place_one_wins_and_the_rest_are_told(
    db: Database, database_url: str, capacity: int
) -> None:
    for earlier in range(capacity - 1):  # every place but the last is already taken
        book(db, "register", SLOT, capacity, {"name": f"Earlier {earlier}"})
    winners, failures = race(database_url, capacity)
    assert len(winners) == 1
    assert len(failures) == RACERS - 1
    assert all(isinstance(error, SlotFullError) for error in failures), failures[:3]
    assert {str(error) for error in failures} == {"That time is no longer available"}
    assert counts(db) == (capacity, capacity)  # a refused booking leaves no row behind
    with db.reads() as session:
        places = sorted(session.scalars(select(BookingPlace.place)))
    assert places == list(range(1, capacity + 1))


def test_racers_for_an_empty_slot_fill_exactly_its_places(db: Database, database_url: str) -> None:
    capacity = 3
    winners, failures = race(database_url, capacity)
    assert len(winners) == capacity
    assert len(failures) == RACERS - capacity
    assert all(isinstance(error, SlotFullError) for error in failures), failures[:3]
    assert counts(db) == (capacity, capacity)
