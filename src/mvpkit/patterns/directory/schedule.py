"""When a listing happens: its dates in London time, whether it has finished, and its wording.

A listing's first occurrence is stored as two UTC times. Repeats keep the first occurrence's
London wall-clock times, so a group that meets at 10am meets at 10am on both sides of the
October and March clock changes.

Weekly listings repeat every 7 days. Monthly listings repeat on the same nth weekday of each
month ("first Tuesday", "last Friday"), not on the same date, since that is how community
groups meet; a date in the 5th week of its month counts as the last one.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from mvpkit import clock
from mvpkit.clock import LONDON

if TYPE_CHECKING:
    from mvpkit.patterns.directory.models import DirectoryListing

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ORDINALS = {1: "First", 2: "Second", 3: "Third", 4: "Fourth", -1: "Last"}
LAST = -1


@dataclass(frozen=True)
class Occurrence:
    """One time a listing happens, in London time."""

    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Schedule:
    """A listing's first occurrence (timezone-aware) and how it repeats."""

    starts_at: datetime
    ends_at: datetime
    repeat: str = "none"  # "none", "weekly" or "monthly"
    repeat_until: date | None = None  # the last date it may happen on; None: open-ended
    week_of_month: int | None = None  # monthly: 1 to 4, or -1 for the last

    @classmethod
    def of(cls, listing: DirectoryListing) -> Schedule:
        """The schedule of a stored listing."""
        return cls(
            starts_at=clock.as_utc(listing.starts_at),
            ends_at=clock.as_utc(listing.ends_at),
            repeat=listing.repeat,
            repeat_until=listing.repeat_until,
            week_of_month=listing.week_of_month,
        )

    @property
    def start(self) -> datetime:
        """The first occurrence's start on London's clocks."""
        return clock.in_london(self.starts_at)

    @property
    def end(self) -> datetime:
        """The first occurrence's end on London's clocks."""
        return clock.in_london(self.ends_at)

    @property
    def week(self) -> int:
        """The week of the month a monthly listing meets in: 1 to 4, or -1 for the last."""
        return self.week_of_month or week_of_month(self.start.date())


def week_of_month(day: date) -> int:
    """Which of its month's weekdays of that name this date is: 1 to 4, or -1 for a 5th."""
    week = (day.day - 1) // 7 + 1
    return LAST if week == 5 else week


def is_last_of_month(day: date) -> bool:
    """Whether no later day of this month has the same weekday."""
    return (day + timedelta(days=7)).month != day.month


def nth_weekday(year: int, month: int, weekday: int, week: int) -> date | None:
    """The `week`th `weekday` (0 is Monday) of the month, -1 for the last; None if none."""
    length = calendar.monthrange(year, month)[1]
    if week == LAST:
        last = date(year, month, length)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    day = 1 + (weekday - date(year, month, 1).weekday()) % 7 + 7 * (week - 1)
    return date(year, month, day) if day <= length else None


def dates(schedule: Schedule, since: date | None = None) -> Iterator[date]:
    """The London dates it starts on, in order, from `since` (default: its first date)."""
    first = schedule.start.date()
    since = max(first, since) if since else first
    until = schedule.repeat_until
    if schedule.repeat == "weekly":
        day = first + timedelta(weeks=-(-(since - first).days // 7))
        while until is None or day <= until:
            yield day
            day += timedelta(weeks=1)
    elif schedule.repeat == "monthly":
        year, month = since.year, since.month
        while until is None or date(year, month, 1) <= until:
            day_found = nth_weekday(year, month, first.weekday(), schedule.week)
            if day_found is not None and day_found >= since:
                if until is not None and day_found > until:
                    return
                yield day_found
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    elif since == first:
        yield first


def occurrence_on(schedule: Schedule, day: date) -> Occurrence:
    """The occurrence starting on this London date, at the first occurrence's clock times."""
    start, end = schedule.start, schedule.end
    end_day = day + (end.date() - start.date())
    return Occurrence(
        starts_at=datetime.combine(day, start.time(), tzinfo=LONDON),
        ends_at=datetime.combine(end_day, end.time(), tzinfo=LONDON),
    )


def upcoming(schedule: Schedule, count: int = 5, after: datetime | None = None) -> list[Occurrence]:
    """The next `count` occurrences that have not ended by `after` (default: now)."""
    moment = after or clock.now()
    span = schedule.ends_at - schedule.starts_at
    since = clock.in_london(moment - span).date() - timedelta(days=1)
    found: list[Occurrence] = []
    for day in dates(schedule, since):
        if len(found) >= count:
            break
        occurrence = occurrence_on(schedule, day)
        if occurrence.ends_at > moment:
            found.append(occurrence)
    return found


def last_occurrence(schedule: Schedule) -> Occurrence | None:
    """Its last occurrence; None when it repeats without end."""
    if schedule.repeat == "none":
        return occurrence_on(schedule, schedule.start.date())
    if schedule.repeat_until is None:
        return None
    last = None
    for day in dates(schedule, schedule.repeat_until - timedelta(days=62)):
        last = day
    return occurrence_on(schedule, last or schedule.start.date())


def ends_on(schedule: Schedule) -> date | None:
    """The London date its last occurrence ends on; None when it repeats without end."""
    last = last_occurrence(schedule)
    return last.ends_at.date() if last else None


def finished(schedule: Schedule, at: datetime | None = None) -> bool:
    """Whether its last occurrence has ended by `at` (default: now)."""
    last = last_occurrence(schedule)
    return last is not None and last.ends_at <= (at or clock.now())


def byday(schedule: Schedule) -> str:
    """Its day in iCalendar's words: "TU" weekly (or once), "1TU" or "-1FR" monthly."""
    weekday = BYDAY[schedule.start.weekday()]
    return f"{schedule.week}{weekday}" if schedule.repeat == "monthly" else weekday


def clock_time(moment: time) -> str:
    """A time in GOV.UK style: 10am, 11:30am, midday, midnight, 5:45pm."""
    if moment.minute == 0 and moment.hour in (0, 12):
        return "midnight" if moment.hour == 0 else "midday"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def long_date(day: date) -> str:
    """A date in GOV.UK style: Saturday 5 December 2026."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {day:%B} {day.year}"


def wording(schedule: Schedule) -> str:
    """When it happens, in words: "Every Tuesday, 10am to 11:30am"."""
    start, end = schedule.start, schedule.end
    times = f"{clock_time(start.time())} to {clock_time(end.time())}"
    weekday = WEEKDAYS[start.weekday()]
    if schedule.repeat == "weekly":
        words = f"Every {weekday}, {times}"
    elif schedule.repeat == "monthly":
        words = f"{ORDINALS[schedule.week]} {weekday} of every month, {times}"
    elif start.date() == end.date():
        return f"{long_date(start.date())}, {times}"
    else:
        return (
            f"{long_date(start.date())}, {clock_time(start.time())} to "
            f"{long_date(end.date())}, {clock_time(end.time())}"
        )
    last = last_occurrence(schedule)
    return f"{words}, until {long_date(last.starts_at.date())}" if last else words
