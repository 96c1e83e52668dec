"""The kit's one clock: the time now in UTC, and today's date in London, where councils are.

Everything that asks "what time is it?" or "what day is it?" asks here, so tests can freeze
the clock (time-machine) and get the same answer in every module.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def now() -> datetime:
    """The current time, timezone-aware, in UTC: how times are stored and compared."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in London."""
    return now().astimezone(LONDON).date()


def as_utc(moment: datetime) -> datetime:
    """This moment in UTC; a naive one (as SQLite gives them back) is taken to be UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def in_london(moment: datetime) -> datetime:
    """This moment on London's clocks (a naive one is taken to be UTC)."""
    return as_utc(moment).astimezone(LONDON)
