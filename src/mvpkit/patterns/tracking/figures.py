"""The tracking pattern's figures: how long reports wait for each status, and look-ups.

Both are worked out in the database: the waits by `spreads` over each status event's
stored wait (`store/waits.py` settles them first), the look-ups from `monthly_counts`,
where the look-up page counts each one found.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mvpkit.pattern import MonthlyFigure
from mvpkit.store.models import MonthlyCount, StatusEvent
from mvpkit.store.percentiles import Spread, spreads

TRACKED = "tracked"
"""The `monthly_counts` name of a reference looked up and found on the tracking page."""


def status_key(status: str) -> str:
    """The figure's key for the time to a status: "Repair scheduled" is days-to-repair-scheduled."""
    words = re.sub(r"[^a-z0-9]+", "-", status.lower()).strip("-")
    return f"days-to-{words or 'status'}"


def response_times(
    session: Session, service: str, statuses: Sequence[str], months: Sequence[str]
) -> list[MonthlyFigure]:
    """For each status after the first: days from the report to its first event of it.

    Reads the waits `store/waits.py` settled: call `settle_waits` first.
    """
    later = list(statuses[1:])
    if not later:
        return []
    ranked = spreads(
        session,
        StatusEvent.waited,
        [StatusEvent.status, StatusEvent.month],
        [
            StatusEvent.service == service,
            StatusEvent.status.in_(later),
            StatusEvent.month.in_(months),
        ],
    )
    by_status: dict[str, dict[str, Spread]] = defaultdict(dict)
    for (status, month), spread in ranked.items():
        by_status[status][month] = spread
    return [_response_time(status, by_status[status]) for status in later]


def _response_time(status: str, spread: dict[str, Spread]) -> MonthlyFigure:
    return MonthlyFigure(
        key=status_key(status),
        label=f"Time from report to {status}",
        kind="days",
        values={month: each.median for month, each in spread.items()},
        p90={month: each.p90 for month, each in spread.items()},
        counts={month: each.count for month, each in spread.items()},
        how=(
            "Days from a report being sent to the first time it was given the status "
            f'"{status}", for the reports sent in the month that have reached it: the '
            "median and the 90th percentile (nearest rank)."
        ),
    )


def references_tracked(session: Session, service: str, months: Sequence[str]) -> MonthlyFigure:
    """Look-ups of a reference that was found, on the tracking page, by month."""
    looked_up = (
        select(MonthlyCount.month, func.sum(MonthlyCount.value))
        .where(MonthlyCount.service == service, MonthlyCount.name == TRACKED)
        .where(MonthlyCount.month.in_(months))
        .group_by(MonthlyCount.month)
    )
    return MonthlyFigure(
        key="references-tracked",
        label="References tracked online",
        kind="count",
        values={month: int(total) for month, total in session.execute(looked_up) if total},
        how=(
            "Times a resident looked up a reference on the tracking page and it was found, "
            "counted as it happened, in the month it happened."
        ),
    )
