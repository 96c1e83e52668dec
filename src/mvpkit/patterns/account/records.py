"""A resident's reports and appointments, and claiming a report sent before signing in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from mvpkit.auth import limits
from mvpkit.auth.emails import normalise_email
from mvpkit.patterns.account.access import Outcome
from mvpkit.registry import installed_patterns
from mvpkit.store.database import Database
from mvpkit.store.models import Submission

SHOWN = 50


def reports(db: Database, account_id: int, services: Sequence[str]) -> list[Submission]:
    """The account's submissions to these services, newest first: not those a pattern lists
    in its own panel (those that booked an appointment, say)."""
    elsewhere = [
        condition
        for pattern in installed_patterns()
        if (condition := pattern.listed_in_own_panel()) is not None
    ]
    with db.reads() as session:
        return list(
            session.scalars(
                select(Submission)
                .where(
                    Submission.account_id == account_id,
                    Submission.service.in_(services),
                    *(~condition for condition in elsewhere),
                )
                .order_by(Submission.created_at.desc(), Submission.id.desc())
                .limit(SHOWN)
            )
        )


def _emails_in(answers: dict[str, Any]) -> set[str]:
    return {normalise_email(value) for value in answers.values() if isinstance(value, str)}


def claim(
    db: Database,
    account_id: int,
    services: Sequence[str],
    reference: str,
    email: str,
    client: str,
) -> Outcome:
    """Link a report (and the appointment booked with it) to the account, if the email was
    given in it and nobody has claimed it.

    Every failed attempt counts, per account and per client address, so references cannot
    be guessed; a wrong reference and a wrong email address answer alike.
    """
    attempts = [(limits.CLAIM_PER_CLIENT, client), (limits.CLAIM_PER_ACCOUNT, str(account_id))]
    with db.writes() as session:
        claimed = limits.claim_in(session, attempts)
        if claimed.stopped_by is not None:
            session.commit()
            return Outcome.TOO_MANY if claimed.stopped_by.by_client else Outcome.LOCKED
        submission = session.scalar(
            select(Submission)
            .where(Submission.reference == reference, Submission.service.in_(services))
            .with_for_update()
        )
        if (
            submission is None
            or submission.account_id not in (None, account_id)
            or email not in _emails_in(submission.answers)
        ):
            session.commit()
            return Outcome.WRONG
        limits.settle(session, claimed)
        submission.account_id = account_id
        for pattern in installed_patterns():  # an appointment booked with it, say
            pattern.account_linked(session, submission)
        session.commit()
    return Outcome.OK
