"""Months on London's clocks, and the SQL that puts a moment into its month.

A moment is stored in UTC; a month runs from midnight on its first day in London. The
bucket is a CASE over the months' UTC bounds, so SQLite and PostgreSQL agree to the
second, summer time included.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, literal

from mvpkit.clock import LONDON

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class MonthError(ValueError):
    """Not a month like 2026-11."""


def parse_month(text: str) -> date:
    """The first day of a month written like 2026-11."""
    found = MONTH.match(text.strip())
    if found is None:
        raise MonthError(f"{text!r} is not a month: write it like 2026-11.")
    return date(int(found.group(1)), int(found.group(2)), 1)


def month_name(first: date) -> str:
    """2026-11."""
    return f"{first.year:04d}-{first.month:02d}"


def next_month(first: date) -> date:
    """The first day of the month after."""
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def months_until(last: str, count: int = 12) -> list[str]:
    """The `count` months ending with `last`, oldest first."""
    month = parse_month(last)
    found = [month]
    for _ in range(count - 1):
        month = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
        found.append(month)
    return [month_name(each) for each in reversed(found)]


def bounds(month: str) -> tuple[datetime, datetime]:
    """The month's first and last-but-one moments, as UTC: [start, end)."""
    first = parse_month(month)
    start = datetime(first.year, first.month, 1, tzinfo=LONDON)
    after = next_month(first)
    end = datetime(after.year, after.month, 1, tzinfo=LONDON)
    return start.astimezone(UTC), end.astimezone(UTC)


def bucket(column: ColumnElement[datetime] | Any, months: Sequence[str]) -> ColumnElement[str]:
    """The month (like 2026-11) a stored moment falls in, or NULL outside `months`."""
    whens = []
    for month in months:
        start, end = bounds(month)
        whens.append((and_(column >= start, column < end), literal(month)))
    return case(*whens, else_=None)


def span(months: Sequence[str]) -> tuple[datetime, datetime]:
    """From the first month's start to the last month's end, in UTC."""
    return bounds(months[0])[0], bounds(months[-1])[1]
