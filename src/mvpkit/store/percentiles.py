"""Medians and 90th percentiles by month, worked out in the database.

The nearest-rank method: of n values in a month, ordered, the median is the value at rank
ceil(n / 2) and the 90th percentile the one at rank ceil(0.9 n). Window functions do the
ranking, so SQLite and PostgreSQL give the same answer and no row leaves the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import ColumnElement, Select, case, func, literal_column, select
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Spread:
    """How long something took in a month: how many, the median and the 90th percentile."""

    count: int
    median: float
    p90: float


def days_between(
    session: Session, start: ColumnElement[datetime], end: ColumnElement[datetime]
) -> ColumnElement[float]:
    """The days from `start` to `end`, as a fraction, in the session's database."""
    if session.get_bind().dialect.name == "postgresql":
        seconds = func.extract("epoch", end - start)
        return cast(ColumnElement[float], seconds / 86400.0)
    return func.julianday(end) - func.julianday(start)


def spreads(session: Session, values: Select[tuple[str, float]]) -> dict[str, Spread]:
    """For a query of (month, value) rows: each month's count, median and 90th percentile."""
    rows = values.subquery("rows")
    month, value = rows.c[0], rows.c[1]
    ranked = select(
        month.label("month"),
        value.label("value"),
        func.row_number().over(partition_by=month, order_by=value).label("rank"),
        func.count().over(partition_by=month).label("n"),
    ).subquery("ranked")
    n = ranked.c.n
    query = (
        select(
            ranked.c.month,
            n,
            func.min(case((ranked.c.rank >= n * literal_column("0.5"), ranked.c.value))),
            func.min(case((ranked.c.rank >= n * literal_column("0.9"), ranked.c.value))),
        )
        .where(ranked.c.month.is_not(None))
        .group_by(ranked.c.month, n)
    )
    return {
        found_month: Spread(int(count), float(median), float(p90))
        for found_month, count, median, p90 in session.execute(query)
    }
