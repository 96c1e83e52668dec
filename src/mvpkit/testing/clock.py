"""The clock in tests: frozen at a known moment so no test depends on the hour it runs.

By default tests start at 10:00 London time on the next weekday after today (near the
real date, so cookies a browser keeps have not expired) and the clock ticks on from there.
`MVPKIT_TEST_NOW` chooses another moment: a time of day (`13:45`) on that weekday, or a
whole ISO date and time (`2026-12-02T13:45`, London time unless it names a zone).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from mvpkit.clock import LONDON

NOW_VARIABLE = "MVPKIT_TEST_NOW"
DEFAULT_TIME = time(10, 0)


class TestClockError(ValueError):
    """MVPKIT_TEST_NOW cannot be read."""


def next_weekday(after: date) -> date:
    """The first Monday to Friday after this date."""
    day = after + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def test_moment(setting: str | None, real_today: date) -> datetime:
    """The moment tests start at, from the setting (or the default) and the real date."""
    text = (setting or "").strip()
    if not text:
        return datetime.combine(next_weekday(real_today), DEFAULT_TIME, LONDON)
    try:
        if "T" in text or " " in text:
            moment = datetime.fromisoformat(text)
            return moment if moment.tzinfo else moment.replace(tzinfo=LONDON)
        return datetime.combine(next_weekday(real_today), time.fromisoformat(text), LONDON)
    except ValueError as exc:
        raise TestClockError(
            f"{NOW_VARIABLE}={text!r} is neither a time like 13:45 nor a date and time "
            "like 2026-12-02T13:45."
        ) from exc


@contextmanager
def frozen_clock(moment: datetime | None = None) -> Iterator[datetime]:
    """Run the block with the clock set to `moment` (default: `test_moment`), ticking on."""
    import time_machine

    start = moment or test_moment(os.environ.get(NOW_VARIABLE), datetime.now(LONDON).date())
    with time_machine.travel(start, tick=True):
        yield start
