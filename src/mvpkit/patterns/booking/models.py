"""The booking pattern's tables: appointments, and the places they hold at each slot."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from mvpkit import clock
from mvpkit.store.models import Base


class Booking(Base):
    """An appointment: who booked which slot of which service, and where it has got to.

    A cancelled booking keeps its row, with its status and reason; only its place is freed.
    """

    __tablename__ = "bookings"
    __table_args__ = (
        Index("ix_bookings_service_slot", "service", "slot_start"),
        Index("ix_bookings_ahead", "service", "month", "days_ahead"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service: Mapped[str] = mapped_column(String(100))
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    slot_start: Mapped[datetime] = mapped_column()  # stored in UTC
    status: Mapped[str] = mapped_column(String(20), default="booked")
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    # the resident's account, when booked signed in (the account pattern)
    account_id: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)
    # Filled by the figures (`figures.py`), emptied when the time moves: the London month it
    # was booked in, and the days from booking to the appointment.
    month: Mapped[str | None] = mapped_column(String(7), default=None)
    days_ahead: Mapped[float | None] = mapped_column(Float, default=None)


class BookingPlace(Base):
    """One of a slot's places (a registrar's time), held by a booking.

    The database itself refuses a second holder of a place: (service, slot_start, place) is
    unique, and a place is numbered from 1 up to the slot's capacity by the code that claims
    it. A slot is full when every place from 1 to its capacity has a row.
    """

    __tablename__ = "booking_places"
    __table_args__ = (
        UniqueConstraint("service", "slot_start", "place", name="uq_booking_places_slot_place"),
        CheckConstraint("place >= 1", name="ck_booking_places_place_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service: Mapped[str] = mapped_column(String(100))
    slot_start: Mapped[datetime] = mapped_column()  # stored in UTC
    place: Mapped[int] = mapped_column(Integer)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), unique=True)


class BookingCalendar(Base):
    """The calendar staff set in the back office; it replaces `service.yaml`'s when present.

    `calendar` holds the same keys as the `booking.calendar` section of `service.yaml`.
    """

    __tablename__ = "booking_calendars"

    service: Mapped[str] = mapped_column(String(100), primary_key=True)
    calendar: Mapped[dict[str, Any]] = mapped_column()
    updated_by: Mapped[str] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)
