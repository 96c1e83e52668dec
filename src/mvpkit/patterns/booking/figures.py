"""The booking pattern's figures: appointments booked, and how far ahead they were.

Each booking's month and days ahead are stored on it (settled in the database just before
the figures are read, and again after its time moves), so `spreads` reads the median and
the 90th percentile off an index instead of ranking every booking of the year.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from mvpkit.pattern import MonthlyFigure
from mvpkit.patterns.booking.models import Booking
from mvpkit.store.counts import month_of
from mvpkit.store.database import Database
from mvpkit.store.months import bucket, months_between
from mvpkit.store.percentiles import days_between, spreads


def settle_bookings(db: Database, service: str) -> int:
    """Store the month and days ahead of the service's bookings that have none; how many.

    Reads first, so nothing is written (and no lock taken) when no booking is new or moved.
    """
    unsettled = (Booking.service == service, Booking.month.is_(None))
    with db.reads() as session:
        first, last = session.execute(
            select(func.min(Booking.created_at), func.max(Booking.created_at)).where(*unsettled)
        ).one()
    if first is None:
        return 0
    with db.writes() as session:
        settle = (
            update(Booking)
            .where(*unsettled)
            .values(
                month=bucket(Booking.created_at, months_between(month_of(first), month_of(last))),
                days_ahead=days_between(
                    session, Booking.created_at.expression, Booking.slot_start.expression
                ),
            )
            .execution_options(synchronize_session=False)
        )
        settled = int(session.execute(settle).rowcount)  # type: ignore[attr-defined]
        session.commit()
    return settled


def booking_figures(session: Session, service: str, months: Sequence[str]) -> list[MonthlyFigure]:
    """Time to an appointment, and appointments booked, for bookings made in each month.

    Reads what `settle_bookings` stored: settle first.
    """
    spread = {
        month: each
        for (month,), each in spreads(
            session,
            Booking.days_ahead,
            [Booking.month],
            [Booking.service == service, Booking.month.in_(months)],
        ).items()
    }
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
