"""Which calendar a service books against: the one staff saved, else `service.yaml`'s."""

from __future__ import annotations

from sqlalchemy import select

from mvpkit import clock
from mvpkit.patterns.booking.calendar import Calendar
from mvpkit.patterns.booking.models import BookingCalendar
from mvpkit.store.database import Database


def calendar_for(db: Database, service: str, default: Calendar) -> Calendar:
    """The calendar staff saved for this service, or `default` when they have saved none."""
    with db.reads() as session:
        saved = session.scalar(
            select(BookingCalendar.calendar).where(BookingCalendar.service == service)
        )
    return default if saved is None else Calendar.model_validate(saved)


def save_calendar(db: Database, service: str, calendar: Calendar, by: str) -> None:
    """Keep this calendar for the service, replacing any saved before; `by` is who saved it."""
    data = calendar.model_dump(mode="json", by_alias=True)
    with db.writes() as session:
        row = session.get(BookingCalendar, service)
        if row is None:
            session.add(BookingCalendar(service=service, calendar=data, updated_by=by))
        else:
            row.calendar = data
            row.updated_by = by
            row.updated_at = clock.now()
        session.commit()
