"""The booking pattern's figures: appointments booked, and how far ahead they were.

One query: `spreads` over the days from each booking to its appointment gives the median,
the 90th percentile and how many were booked, month by month, in the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from mvpkit.pattern import MonthlyFigure
from mvpkit.patterns.booking.models import Booking
from mvpkit.store.months import bucket, span
from mvpkit.store.percentiles import days_between, spreads


def booking_figures(session: Session, service: str, months: Sequence[str]) -> list[MonthlyFigure]:
    """Time to an appointment, and appointments booked, for bookings made in each month."""
    start, end = span(months)
    ahead = days_between(session, Booking.created_at.expression, Booking.slot_start.expression)
    made = (
        select(bucket(Booking.created_at, months), ahead)
        .where(Booking.service == service)
        .where(Booking.created_at >= start, Booking.created_at < end)
    )
    spread = spreads(session, cast("Select[tuple[str, float]]", made))  # (month, days)
    return [
        MonthlyFigure(
            key="time-to-appointment",
            label="Time to an appointment",
            kind="days",
            values={month: each.median for month, each in spread.items()},
            p90={month: each.p90 for month, each in spread.items()},
            counts={month: each.count for month, each in spread.items()},
            how=(
                "Days from an appointment being booked to the time it is for, for every "
                "booking made in the month, cancelled ones included (a moved one counts to "
                "its new time): the median and the 90th percentile (nearest rank)."
            ),
        ),
        MonthlyFigure(
            key="appointments-booked",
            label="Appointments booked",
            kind="count",
            values={month: each.count for month, each in spread.items()},
            how="Bookings made in the month, whatever became of them (cancelled ones included).",
        ),
    ]
