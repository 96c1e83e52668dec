"""A register office's calendar: opening hours, slots, closures and bank holidays.

Times are Europe/London wall-clock times. A slot's start and end are timezone-aware; slots
are laid out in elapsed time from each opening, so a day across a clock change still has
slots of the same length that never overlap.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Any

from pydantic import AliasChoices, Field, field_validator, model_validator

from mvpkit.clock import LONDON, as_utc
from mvpkit.definition.strict import Strict
from mvpkit.patterns.booking.holidays import bank_holidays

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RANGE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


@dataclass(frozen=True, order=True)
class Opening:
    """One opening period on a weekday, from `start` to `end` (wall-clock times)."""

    start: time
    end: time  # time.max stands for 24:00

    @classmethod
    def parse(cls, text: str) -> Opening:
        """ "09:00-12:30" as an Opening."""
        match = RANGE.fullmatch(text.strip())
        if not match:
            raise ValueError(f"Opening hours look like 09:00-12:30, not {text!r}")
        hour, minute, end_hour, end_minute = (int(part) for part in match.groups())
        if end_hour == 24 and end_minute:
            raise ValueError(f"{text!r} ends after midnight")
        end = time.max if end_hour == 24 else time(end_hour, end_minute)
        opening = cls(time(hour, minute), end)
        if opening.end <= opening.start:
            raise ValueError(f"{text!r} ends before it starts")
        return opening


class OpeningHours(Strict):
    """Opening periods for each weekday, like `monday: ["09:00-12:30", "13:30-16:30"]`."""

    monday: list[str] = Field(default_factory=list)
    tuesday: list[str] = Field(default_factory=list)
    wednesday: list[str] = Field(default_factory=list)
    thursday: list[str] = Field(default_factory=list)
    friday: list[str] = Field(default_factory=list)
    saturday: list[str] = Field(default_factory=list)
    sunday: list[str] = Field(default_factory=list)

    @field_validator(*WEEKDAYS)
    @classmethod
    def _periods_do_not_overlap(cls, periods: list[str]) -> list[str]:
        openings = sorted(Opening.parse(text) for text in periods)
        for before, after in pairwise(openings):
            if after.start < before.end:
                raise ValueError("Opening periods on one day must not overlap")
        return periods

    def on(self, day: date) -> list[Opening]:
        """The opening periods on this day's weekday, earliest first."""
        periods: list[str] = getattr(self, WEEKDAYS[day.weekday()])
        return sorted(Opening.parse(text) for text in periods)


class Closure(Strict):
    """A day or a run of days the office is closed: `{date: ...}` or `{from: ..., to: ...}`."""

    start: date = Field(alias="from")
    end: date = Field(alias="to")
    reason: str = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _one_day(cls, data: Any) -> Any:
        if isinstance(data, dict) and "date" in data:
            data = {**data}
            day = data.pop("date")
            data.setdefault("from", day)
            data.setdefault("to", day)
        return data

    @model_validator(mode="after")
    def _in_order(self) -> Closure:
        if self.end < self.start:
            raise ValueError("A closure must end on or after the day it starts")
        return self

    def covers(self, day: date) -> bool:
        """True when the office is closed on this day."""
        return self.start <= day <= self.end


class Calendar(Strict):
    """When appointments can be booked, and how many run at once."""

    opening_hours: OpeningHours
    slot_minutes: int = Field(default=30, ge=5, le=24 * 60)
    # How many residents can book the same time; `registrars` is its first name, still read.
    places: int = Field(
        default=1,
        ge=1,
        le=100,
        validation_alias=AliasChoices("places", "registrars"),
        json_schema_extra={"x-old-names": ["registrars"]},
    )
    closures: list[Closure] = Field(default_factory=list)
    bank_holidays: bool = True  # closed on bank holidays in England and Wales
    min_notice_hours: int = Field(default=0, ge=0, le=24 * 366)
    max_days_ahead: int = Field(default=60, ge=0, le=2 * 366)

    def closed(self, day: date) -> str | None:
        """Why the office is closed all day on this date, or None when it may be open."""
        for closure in self.closures:
            if closure.covers(day):
                return closure.reason
        if self.bank_holidays:
            return bank_holidays(day.year).get(day)
        return None


@dataclass(frozen=True, eq=False)
class Slot:
    """One appointment time: start and end in Europe/London time.

    Python compares and subtracts two times in one zone by their wall-clock readings, so
    the two 01:00s of an autumn clock change would look equal: slots compare in UTC, and
    `length` is elapsed time.
    """

    start: datetime
    end: datetime

    @property
    def key(self) -> datetime:
        """The start in UTC: the form in which slots are stored and compared."""
        return self.start.astimezone(UTC)

    @property
    def length(self) -> timedelta:
        """How long the appointment lasts."""
        return self.end.astimezone(UTC) - self.key

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Slot):
            return NotImplemented
        return (self.key, self.length) == (other.key, other.length)

    def __hash__(self) -> int:
        return hash((self.key, self.length))


def local(day: date, at: time) -> datetime:
    """The instant this wall-clock time on this day happens in London (24:00 is next day).

    A time that the spring clock change skips is taken as the moment after the change; a
    time that the autumn change repeats is its first occurrence.
    """
    if at == time.max:
        return local(day + timedelta(days=1), time(0))
    wall = datetime.combine(day, at, tzinfo=LONDON)
    instant = wall.astimezone(UTC)
    if instant.astimezone(LONDON).replace(tzinfo=None) != wall.replace(tzinfo=None):
        # In the spring gap: zoneinfo read it with the offset from before the change.
        return instant.astimezone(LONDON)
    return wall


def all_slots_on(calendar: Calendar, day: date) -> list[Slot]:
    """Every slot on this day, ignoring notice and how far ahead one may book."""
    if calendar.closed(day):
        return []
    length = timedelta(minutes=calendar.slot_minutes)
    slots: list[Slot] = []
    for opening in calendar.opening_hours.on(day):
        start = local(day, opening.start).astimezone(UTC)
        end = local(day, opening.end).astimezone(UTC)
        while start + length <= end:
            slots.append(Slot(start.astimezone(LONDON), (start + length).astimezone(LONDON)))
            start += length
    return slots


def bookable_window(calendar: Calendar, now: datetime) -> tuple[datetime, date]:
    """The earliest start one may book now, and the last day one may book."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    earliest = now + timedelta(hours=calendar.min_notice_hours)
    last_day = now.astimezone(LONDON).date() + timedelta(days=calendar.max_days_ahead)
    return earliest, last_day


def slots_on(calendar: Calendar, day: date, now: datetime) -> list[Slot]:
    """The slots on this day that may be booked now (whether or not they are free)."""
    earliest, last_day = bookable_window(calendar, now)
    if day > last_day:
        return []
    return [slot for slot in all_slots_on(calendar, day) if slot.start >= earliest]


def free_slots_on(
    calendar: Calendar, day: date, now: datetime, taken: Mapping[datetime, int]
) -> list[Slot]:
    """The slots on this day that may be booked now and have a registrar free."""
    places = _in_utc(taken)
    return [
        slot for slot in slots_on(calendar, day, now) if places.get(slot.key, 0) < calendar.places
    ]


def days_with_free_slots(
    calendar: Calendar, now: datetime, taken: Mapping[datetime, int]
) -> list[date]:
    """The days, from today to the last one may book, with at least one free slot.

    `taken` counts the places taken at each slot's start (any timezone; see `places_taken`).
    """
    places = _in_utc(taken)
    _earliest, last_day = bookable_window(calendar, now)
    day = now.astimezone(LONDON).date()
    days: list[date] = []
    while day <= last_day:
        if free_slots_on(calendar, day, now, places):
            days.append(day)
        day += timedelta(days=1)
    return days


def _in_utc(taken: Mapping[datetime, int]) -> dict[datetime, int]:
    # Two London times an hour apart in the autumn repeat compare equal as wall-clock
    # times (Python ignores `fold` within one zone), so counts are keyed in UTC.
    places: dict[datetime, int] = {}
    for start, count in taken.items():
        key = as_utc(start)
        places[key] = places.get(key, 0) + count
    return places
