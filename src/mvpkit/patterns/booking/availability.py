"""What a resident may choose: days with free times before their deadline, and those times."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from mvpkit import clock
from mvpkit.clock import LONDON
from mvpkit.definition.model import Option
from mvpkit.patterns.booking.calendar import (
    Calendar,
    Slot,
    bookable_window,
    days_with_free_slots,
    free_slots_on,
    slots_on,
)
from mvpkit.patterns.booking.calendars import calendar_for
from mvpkit.patterns.booking.settings import Booking as BookingSection
from mvpkit.patterns.booking.store import places_taken
from mvpkit.store.database import Database


def deadline(section: BookingSection, answers: Mapping[str, Any]) -> date | None:
    """The last day an appointment may be on, from the dates answered (None: no deadline)."""
    last: date | None = None
    for rule in section.deadlines:
        try:
            answered = date.fromisoformat(str(answers.get(rule.after)))
        except ValueError:
            continue
        day = answered + timedelta(days=rule.days)
        last = day if last is None else min(last, day)
    return last


def day_label(day: date) -> str:
    """'Tuesday 1 December 2026', as GOV.UK writes a day."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def time_label(moment: datetime) -> str:
    """'9am', '9:30am', 'midday' or '1:30pm' in London time, as GOV.UK writes times."""
    local = moment.astimezone(LONDON)
    if (local.hour, local.minute) == (12, 0):
        return "midday"
    if (local.hour, local.minute) == (0, 0):
        return "midnight"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def appointment_text(kind: str, value: Any) -> str:
    """A chosen day or time as check answers shows it."""
    if kind == "appointment-day":
        try:
            return day_label(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    moment = parse_slot_value(value)
    return time_label(moment) if moment else str(value)


def slot_value(slot: Slot) -> str:
    """How a chosen time is kept in the answers: its start in UTC, as ISO text."""
    return slot.key.isoformat()


def parse_slot_value(value: Any) -> datetime | None:
    """The UTC start a stored time answer stands for, or None when it is not one."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else None


@dataclass(frozen=True)
class Availability:
    """A service's calendar and the places taken in it, read once for a page."""

    calendar: Calendar
    taken: Mapping[datetime, int]
    now: datetime
    last_day: date | None

    @classmethod
    def read(
        cls,
        db: Database,
        service: str,
        section: BookingSection,
        answers: Mapping[str, Any],
        now: datetime | None = None,
    ) -> Availability:
        """The calendar in use and every place taken from now to the last bookable day."""
        moment = now or clock.now()
        calendar = calendar_for(db, service, section.calendar)
        _earliest, window_end = bookable_window(calendar, moment)
        end = datetime.combine(window_end + timedelta(days=1), datetime.min.time(), LONDON)
        taken = places_taken(db, service, moment - timedelta(days=1), end)
        return cls(calendar, taken, moment, deadline(section, answers))

    def days(self) -> list[date]:
        """Days with at least one free time, up to the deadline."""
        days = days_with_free_slots(self.calendar, self.now, self.taken)
        return [day for day in days if self.last_day is None or day <= self.last_day]

    def times(self, day: date) -> list[Slot]:
        """The free times on this day (none after the deadline)."""
        if self.last_day is not None and day > self.last_day:
            return []
        return free_slots_on(self.calendar, day, self.now, self.taken)

    def bookable(self, start: datetime) -> Slot | None:
        """The slot starting then, if it may still be booked (free or not) by this resident."""
        day = start.astimezone(LONDON).date()
        if self.last_day is not None and day > self.last_day:
            return None
        return next(
            (slot for slot in slots_on(self.calendar, day, self.now) if slot.key == start), None
        )

    def day_options(self) -> list[Option]:
        """The days, as radio options."""
        return [Option(value=day.isoformat(), label=day_label(day)) for day in self.days()]

    def time_options(self, day: date) -> list[Option]:
        """The free times on a day, as radio options."""
        return [
            Option(value=slot_value(slot), label=time_label(slot.start)) for slot in self.times(day)
        ]
