"""Counts kept by month (London time): one row a service, month, name and dimension.

`count` adds one in a single statement that the database makes atomic (an insert that,
on conflict, adds to the row), so concurrent requests on PostgreSQL never lose a count.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from mvpkit import clock
from mvpkit.store.database import Database
from mvpkit.store.models import MonthlyCount


def month_of(moment: datetime) -> str:
    """The month a moment falls in on London's clocks, like 2026-11."""
    return clock.in_london(moment).strftime("%Y-%m")


def count(db: Database, service: str, name: str, dimension: str = "", by: int = 1) -> None:
    """Add `by` to this month's count, in a transaction of its own."""
    with db.writes() as session:
        count_in(session, service, name, dimension, by)
        session.commit()


def count_in(session: Session, service: str, name: str, dimension: str = "", by: int = 1) -> None:
    """Add `by` to this month's count, in the caller's transaction."""
    values = {
        "service": service,
        "month": month_of(clock.now()),
        "name": name,
        "dimension": dimension,
        "value": by,
    }
    dialect = session.get_bind().dialect.name
    statement: Insert
    if dialect == "postgresql":
        pg = postgresql.insert(MonthlyCount).values(values)
        statement = pg.on_conflict_do_update(
            index_elements=["service", "month", "name", "dimension"],
            set_={"value": MonthlyCount.value + pg.excluded.value},
        )
    else:
        lite = sqlite.insert(MonthlyCount).values(values)
        statement = lite.on_conflict_do_update(
            index_elements=["service", "month", "name", "dimension"],
            set_={"value": MonthlyCount.value + lite.excluded.value},
        )
    session.execute(statement)
