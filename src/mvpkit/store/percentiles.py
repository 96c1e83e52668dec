"""Medians and 90th percentiles by group, read off an index in the database.

The nearest-rank method: of n values in a group, ordered, the median is the value at rank
ceil(n / 2) and the 90th percentile the one at rank ceil(9n / 10). One grouped query counts
each group; then one query reads every rank, each a subquery that steps along an index in
the values' order from its nearer end (`ORDER BY value LIMIT 1 OFFSET rank - 1`, or
descending for a 90th percentile), so nothing is sorted and no row leaves the database.
The values are stored, not worked out as they are read (`store/waits.py`): an index
cannot order what is computed row by row, and ranking a year of them that way took
seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session


@dataclass(frozen=True)
class Spread:
    """How long something took in a group: how many, the median and the 90th percentile."""

    count: int
    median: float
    p90: float


def median_rank(n: int) -> int:
    """The rank of the median of n ordered values, counting from 1: ceil(n / 2)."""
    return (n + 1) // 2


def p90_rank(n: int) -> int:
    """The rank of the 90th percentile of n ordered values: ceil(9n / 10), in whole numbers."""
    return (9 * n + 9) // 10


def spreads(
    session: Session,
    value: InstrumentedAttribute[Any],
    groups: Sequence[InstrumentedAttribute[Any]],
    where: Sequence[ColumnElement[bool]],
) -> dict[tuple[Any, ...], Spread]:
    """Each group's count, median and 90th percentile of `value`, over the rows `where` picks.

    Two queries: one counts the groups, one reads every group's two ranks at once. For
    speed, an index should lead with the columns `where` fixes, then `groups`, then `value`;
    rows whose value is NULL are left out.
    """
    present = (*where, value.is_not(None))
    counted = select(*groups, func.count()).where(*present).group_by(*groups)
    sizes = {tuple(key): int(n) for *key, n in session.execute(counted).all()}
    if not sizes:
        return {}
    ranks = []
    for key, n in sizes.items():
        same = [column == each for column, each in zip(groups, key, strict=True)]
        picked = select(value).where(*present, *same).limit(1)
        for rank in (median_rank(n), p90_rank(n)):
            ranks.append(_at_rank(picked, value, rank, n).scalar_subquery())
    values = iter(session.execute(select(*ranks)).one())
    return {key: Spread(n, float(next(values)), float(next(values))) for key, n in sizes.items()}


def _at_rank(
    picked: Select[Any], value: InstrumentedAttribute[Any], rank: int, n: int
) -> Select[Any]:
    """The value at this rank of n, stepped to from whichever end of the index is nearer."""
    if rank <= n - rank:
        return picked.order_by(value).offset(rank - 1)
    return picked.order_by(value.desc()).offset(n - rank)


def days_between(
    session: Session, start: ColumnElement[datetime], end: ColumnElement[datetime]
) -> ColumnElement[float]:
    """The days from `start` to `end`, as a fraction, in the session's database."""
    if session.get_bind().dialect.name == "postgresql":
        seconds = func.extract("epoch", end - start)
        return cast(ColumnElement[float], seconds / 86400.0)
    return func.julianday(end) - func.julianday(start)
