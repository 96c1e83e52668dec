"""Monthly counts of what happens in a directory: searches, feed subscriptions, publications.

A count goes up by one in a single UPDATE (`count = count + 1`), after an INSERT that does
nothing when the row is there (ON CONFLICT DO NOTHING, on SQLite and PostgreSQL alike). On
PostgreSQL a racing INSERT waits for the other transaction's, and each UPDATE waits for the
row's lock and adds to the committed count, so no increment is lost.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mvpkit import clock
from mvpkit.patterns.directory.models import DirectoryCount
from mvpkit.store.database import Database
from mvpkit.store.upserts import insert_or_on_conflict

SEARCHES = "searches"
FEED_SUBSCRIPTIONS = "feed_subscriptions"
LISTINGS_PUBLISHED = "listings_published"
NOT_A_MONTH = "0000-00"  # rows that mark something done once (see `sample_data`), not counts


def month_of(day: date) -> str:
    """ "2026-05" for a day in May 2026."""
    return f"{day.year:04d}-{day.month:02d}"


def increment_in(session: Session, service: str, name: str, month: str | None = None) -> None:
    """Add one to this month's count in the caller's transaction (not committed here)."""
    key = {"service": service, "month": month or month_of(clock.today()), "name": name}
    new_row = insert_or_on_conflict(session, DirectoryCount).values(**key, count=0)
    session.execute(new_row.on_conflict_do_nothing())
    session.execute(
        update(DirectoryCount)
        .where(
            DirectoryCount.service == key["service"],
            DirectoryCount.month == key["month"],
            DirectoryCount.name == key["name"],
        )
        .values(count=DirectoryCount.count + 1)
    )


def increment(db: Database, service: str, name: str) -> None:
    """Add one to this month's count, in a transaction of its own."""
    with db.writes() as session:
        increment_in(session, service, name)
        session.commit()


def monthly(db: Database, service: str) -> dict[str, dict[str, int]]:
    """Every count of the service: {"2026-05": {"searches": 120, ...}, ...}, latest first."""
    with db.reads() as session:
        rows = session.execute(
            select(DirectoryCount.month, DirectoryCount.name, DirectoryCount.count)
            .where(DirectoryCount.service == service, DirectoryCount.month != NOT_A_MONTH)
            .order_by(DirectoryCount.month.desc(), DirectoryCount.name)
        ).all()
    counts: dict[str, dict[str, int]] = {}
    for month, name, count in rows:
        counts.setdefault(month, {})[name] = count
    return counts
