"""The kit's one clock: the time now in UTC, and today's date in London, where councils are.

Everything that asks "what time is it?" or "what day is it?" asks here, so tests can freeze
the clock (time-machine) and get the same answer in every module. A server started for a
prototype or a test can run its clock from another moment (`start_at`, from `MVPKIT_CLOCK`),
ticking on from there, so a process outside the test sees the same day and hour as the test.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
CLOCK_VARIABLE = "MVPKIT_CLOCK"
_ahead = timedelta()  # how far this process's clock runs from the real one


def now() -> datetime:
    """The current time, timezone-aware, in UTC: how times are stored and compared."""
    return datetime.now(UTC) + _ahead


def start_at(moment: datetime) -> None:
    """Run this process's clock from `moment` on, ticking (prototypes and tests, never live)."""
    global _ahead
    _ahead = as_utc(moment) - datetime.now(UTC)


def run_real() -> None:
    """Run this process's clock at the real time again."""
    global _ahead
    _ahead = timedelta()


class ClockError(ValueError):
    """MVPKIT_CLOCK cannot be used."""


def start_from_environment() -> datetime | None:
    """Start the clock at `MVPKIT_CLOCK`, when set; the moment, or None.

    For prototypes and tests that must see one day and hour whenever they run (a booking
    calendar on a weekday morning). Production refuses it: its clock is the real one.
    """
    text = os.environ.get(CLOCK_VARIABLE, "").strip()
    if not text:
        return None
    if os.environ.get("MVPKIT_ENV", "development") == "production":
        raise ClockError(
            f"{CLOCK_VARIABLE} sets the clock for prototypes and tests: unset it in production."
        )
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ClockError(
            f"{CLOCK_VARIABLE} is {text!r}: give a date and time like 2026-12-07T10:00 "
            "(London time unless it names a zone)."
        ) from exc
    moment = moment if moment.tzinfo else moment.replace(tzinfo=LONDON)
    start_at(moment)
    return moment


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
