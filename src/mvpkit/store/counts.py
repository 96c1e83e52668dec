"""Counts kept by month (London time): one row a service, month, name and dimension.

`count` adds one in a single statement that the database makes atomic (an insert that,
on conflict, adds to the row), so concurrent requests on PostgreSQL never lose a count.
`count_soon` is for pages that otherwise only read (a start page visit): it adds up in
memory and writes every few seconds, at exit, and before this process reads the figures,
so such a page takes no write lock of its own.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from datetime import datetime

from sqlalchemy.orm import Session

from mvpkit import clock
from mvpkit.store.database import Database
from mvpkit.store.models import MonthlyCount
from mvpkit.store.upserts import insert_or_on_conflict


def month_of(moment: datetime) -> str:
    """The month a moment falls in on London's clocks, like 2026-11."""
    return clock.in_london(moment).strftime("%Y-%m")


def count(db: Database, service: str, name: str, dimension: str = "", by: int = 1) -> None:
    """Add `by` to this month's count, in a transaction of its own."""
    with db.writes() as session:
        count_in(session, service, name, dimension, by)
        session.commit()


def count_in(
    session: Session,
    service: str,
    name: str,
    dimension: str = "",
    by: int = 1,
    month: str | None = None,
) -> None:
    """Add `by` to this month's count (or `month`'s), in the caller's transaction."""
    values = {
        "service": service,
        "month": month or month_of(clock.now()),
        "name": name,
        "dimension": dimension,
        "value": by,
    }
    insert = insert_or_on_conflict(session, MonthlyCount).values(values)
    statement = insert.on_conflict_do_update(
        index_elements=["service", "month", "name", "dimension"],
        set_={"value": MonthlyCount.value + insert.excluded.value},
    )
    session.execute(statement)


FLUSH_SECONDS = 5.0
log = logging.getLogger(__name__)
Key = tuple[str, str, str, str]  # service, month, name, dimension


class _Soon:
    """Counts added up in memory, by database, until they are written together."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: dict[int, tuple[Database, dict[Key, int]]] = {}
        self.written = time.monotonic()

    def add(self, db: Database, key: Key) -> bool:
        """Add one; True when it is time to write."""
        with self.lock:
            counts = self.pending.setdefault(id(db), (db, {}))[1]
            counts[key] = counts.get(key, 0) + 1
            return time.monotonic() - self.written >= FLUSH_SECONDS

    def take(self, only: Database | None = None) -> list[tuple[Database, dict[Key, int]]]:
        """Everything added so far (or only for one database), now no longer pending."""
        with self.lock:
            if only is not None:
                one = self.pending.pop(id(only), None)
                return [one] if one else []
            taken, self.pending = list(self.pending.values()), {}
            self.written = time.monotonic()
            return taken


_SOON = _Soon()


def count_soon(db: Database, service: str, name: str, dimension: str = "") -> None:
    """Add one to this month's count, written within a few seconds with others."""
    if _SOON.add(db, (service, month_of(clock.now()), name, dimension)):
        write_counts()


def write_counts(only: Database | None = None) -> None:
    """Write every count `count_soon` holds (or only `only`'s), one transaction a database.

    Call it with the database before disposing of one that will not outlive the process.
    """
    for db, counts in _SOON.take(only):
        try:
            with db.writes() as session:
                for (service, month, name, dimension), by in counts.items():
                    count_in(session, service, name, dimension, by, month=month)
                session.commit()
        except Exception:  # a count must never break the page that counted it
            log.exception("Counts could not be written; keeping them for the next try")
            with _SOON.lock:
                kept = _SOON.pending.setdefault(id(db), (db, {}))[1]
                for key, by in counts.items():
                    kept[key] = kept.get(key, 0) + by


def drop_unwritten() -> None:
    """Forget the counts not yet written: for tests, whose databases go with each test."""
    _SOON.take()


atexit.register(write_counts)
