"""Each submission's waits for its statuses, kept on its status events for the figures.

An event is settled once, in the database: given its submission's service, the London month
the submission was sent in, and, on the first event of each status for that submission,
the days from sending to it (`waited`). Settling runs just before the figures are read, in
one UPDATE over the events not yet settled, new ones and those from before the columns
existed alike; an event never changes after, so each time only the new ones are settled.
With `waited` stored, the medians are read off an index (`store/percentiles.py`).
"""

from __future__ import annotations

from sqlalchemy import and_, case, exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from mvpkit.store.counts import month_of
from mvpkit.store.database import Database
from mvpkit.store.models import StatusEvent, Submission
from mvpkit.store.months import bucket, months_between
from mvpkit.store.percentiles import days_between

UNSETTLED = StatusEvent.service.is_(None)


def settle_waits(db: Database) -> int:
    """Settle the events not yet settled, in a transaction of its own; how many there were.

    Reads first, so a dashboard opened when nothing is new never waits for a write lock.
    """
    with db.reads() as session:
        if session.scalar(select(StatusEvent.id).where(UNSETTLED).limit(1)) is None:
            return 0
    with db.writes() as session:
        settled = settle_waits_in(session)
        session.commit()
    return settled


def settle_waits_in(session: Session) -> int:
    """Settle the unsettled events in the caller's transaction; how many there were."""
    first, last = session.execute(
        select(func.min(Submission.created_at), func.max(Submission.created_at))
        .join(StatusEvent, StatusEvent.submission_id == Submission.id)
        .where(UNSETTLED)
    ).one()
    if first is None:
        return 0
    months = months_between(month_of(first), month_of(last))
    earlier = aliased(StatusEvent)
    is_first = ~exists().where(
        earlier.submission_id == StatusEvent.submission_id,
        earlier.status == StatusEvent.status,
        or_(
            earlier.created_at < StatusEvent.created_at,
            and_(earlier.created_at == StatusEvent.created_at, earlier.id < StatusEvent.id),
        ),
    )
    waited = days_between(
        session, Submission.created_at.expression, StatusEvent.created_at.expression
    )
    settle = (
        update(StatusEvent)
        .where(StatusEvent.submission_id == Submission.id, UNSETTLED)
        .values(
            service=Submission.service,
            month=bucket(Submission.created_at, months),
            waited=case((is_first, waited), else_=None),
        )
        .execution_options(synchronize_session=False)
    )
    return int(session.execute(settle).rowcount)  # type: ignore[attr-defined]
