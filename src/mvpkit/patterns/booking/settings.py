"""The booking pattern's section of `service.yaml`: the calendar, the place, the deadlines."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from mvpkit.definition.model import ID_PATTERN, Service
from mvpkit.definition.strict import Strict
from mvpkit.patterns.booking.calendar import Calendar


class Deadline(Strict):
    """Appointments must be on or before `days` after the date answered to `after`."""

    after: Annotated[str, Field(pattern=ID_PATTERN)]
    days: Annotated[int, Field(ge=0)]


class Booking(Strict):
    """An appointment booked as part of the journey, in the office's calendar."""

    calendar: Calendar
    place: str = Field(min_length=1)  # where the appointment is, as the resident is told
    email: Annotated[str, Field(pattern=ID_PATTERN)] | None = None  # the question to email
    # The questions whose answers the staff day list shows: who comes, and what for.
    name: Annotated[str, Field(pattern=ID_PATTERN)] | None = None
    purpose: Annotated[str, Field(pattern=ID_PATTERN)] | None = None
    deadlines: list[Deadline] = Field(default_factory=list)


def booking_of(service: Service) -> Booking | None:
    """The service's `booking:` section, if it has one."""
    section = getattr(service, "booking", None)
    return section if isinstance(section, Booking) else None
