"""Queue emails in the caller's transaction; deliver those that are due, retrying with backoff.

`queue_email` adds a row to the caller's own session, so the email exists exactly when the
booking or account it is about does: a rollback loses both, a commit keeps both.

`deliver_due` claims due rows in one short write transaction (status "sending", a claim token
and the time), sends them outside any transaction, then records each result in its own short
transaction, but only if its claim still holds. Two deliverers never claim one row: on
PostgreSQL the claim skips rows another deliverer has locked, and on SQLite write
transactions take turns. A deliverer that dies mid-send leaves its rows "sending"; after
`CLAIM_TIMEOUT` another deliverer reclaims them. Rows are never deleted.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from mvpkit import clock
from mvpkit.email.models import FAILED, PENDING, SENDING, SENT, OutboxEmail
from mvpkit.email.senders import OutgoingEmail, Sender
from mvpkit.store.database import Database

# Waits after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure marks the row failed.
BACKOFF: tuple[timedelta, ...] = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)
MAX_ATTEMPTS = 5
# Longer than any sender takes (the SMTP sender gives up after 30 seconds): a row claimed
# this long ago belongs to a deliverer that has stopped, and may be claimed again.
CLAIM_TIMEOUT = timedelta(minutes=10)
ERROR_LENGTH = 2000


def queue_email(
    session: Session,
    service: str,
    to: str,
    subject: str,
    body: str,
    *,
    template_id: str | None = None,
    personalisation: dict[str, Any] | None = None,
    send_after: datetime | None = None,
) -> OutboxEmail:
    """Add an email to the outbox in the caller's transaction; it is sent once that commits."""
    now = clock.now()
    email = OutboxEmail(
        service=service,
        to=to,
        subject=subject,
        body=body,
        template_id=template_id,
        personalisation=personalisation,
        status=PENDING,
        attempts=0,
        next_attempt_at=clock.as_utc(send_after) if send_after else now,
        last_error="",
        created_at=now,
    )
    session.add(email)
    return email


@dataclass(frozen=True)
class DeliveryReport:
    """What one run of `deliver_due` did, by outbox id."""

    sent: tuple[int, ...] = ()
    retrying: tuple[int, ...] = ()
    failed: tuple[int, ...] = ()

    @property
    def attempted(self) -> int:
        """How many emails this run tried to send."""
        return len(self.sent) + len(self.retrying) + len(self.failed)


def retry_delay(attempts: int, backoff: Sequence[timedelta] = BACKOFF) -> timedelta:
    """How long to wait after this many failed attempts (the last step repeats)."""
    return backoff[min(attempts, len(backoff)) - 1]


def deliver_due(
    db: Database,
    sender: Sender,
    now: datetime | None = None,
    limit: int = 50,
    *,
    max_attempts: int = MAX_ATTEMPTS,
    backoff: Sequence[timedelta] = BACKOFF,
    claim_timeout: timedelta = CLAIM_TIMEOUT,
) -> DeliveryReport:
    """Send up to `limit` emails that are due; record each as sent, to retry, or failed.

    `now` defaults to the current time; a naive `now` is taken to be UTC.
    """
    now = clock.as_utc(now or clock.now())
    claim = secrets.token_hex(16)
    messages = _claim(db, claim, now, limit, claim_timeout)
    sent: list[int] = []
    retrying: list[int] = []
    failed: list[int] = []
    for message in messages:
        try:
            provider_id = sender.send(message)
        except Exception as error:  # any failure of any sender is recorded, never lost
            text = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
            if _record_failure(db, message.id, claim, now, text, max_attempts, backoff):
                failed.append(message.id)
            else:
                retrying.append(message.id)
        else:
            _record_sent(db, message.id, claim, provider_id)
            sent.append(message.id)
    return DeliveryReport(sent=tuple(sent), retrying=tuple(retrying), failed=tuple(failed))


def _claim(
    db: Database, claim: str, now: datetime, limit: int, claim_timeout: timedelta
) -> list[OutgoingEmail]:
    due = or_(
        and_(OutboxEmail.status == PENDING, OutboxEmail.next_attempt_at <= now),
        and_(OutboxEmail.status == SENDING, OutboxEmail.claimed_at <= now - claim_timeout),
    )
    with db.writes() as session, session.begin():
        rows = session.scalars(
            select(OutboxEmail)
            .where(due)
            .order_by(OutboxEmail.next_attempt_at, OutboxEmail.id)
            .limit(limit)
            .with_for_update(skip_locked=True)  # PostgreSQL; SQLite writers take turns
        ).all()
        for row in rows:
            row.status = SENDING
            row.claim = claim
            row.claimed_at = now
        return [
            OutgoingEmail(
                id=row.id,
                service=row.service,
                to=row.to,
                subject=row.subject,
                body=row.body,
                template_id=row.template_id,
                personalisation=row.personalisation,
            )
            for row in rows
        ]


def _record_sent(db: Database, email_id: int, claim: str, provider_id: str) -> None:
    with db.writes() as session, session.begin():
        session.execute(
            update(OutboxEmail)
            .where(OutboxEmail.id == email_id, OutboxEmail.claim == claim)
            .values(
                status=SENT,
                sent_at=clock.now(),
                provider_id=provider_id[:255],
                claim=None,
                claimed_at=None,
            )
        )


def _record_failure(
    db: Database,
    email_id: int,
    claim: str,
    now: datetime,
    error: str,
    max_attempts: int,
    backoff: Sequence[timedelta],
) -> bool:
    """Count a failed attempt; True when that was the last one and the row is now failed."""
    with db.writes() as session, session.begin():
        row = session.scalars(
            select(OutboxEmail)
            .where(OutboxEmail.id == email_id, OutboxEmail.claim == claim)
            .with_for_update()
        ).one_or_none()
        if row is None:  # reclaimed by another deliverer after a timeout: theirs to record
            return False
        row.attempts += 1
        row.last_error = error
        row.claim = None
        row.claimed_at = None
        if row.attempts >= max_attempts:
            row.status = FAILED
            return True
        row.status = PENDING
        row.next_attempt_at = now + retry_delay(row.attempts, backoff)
        return False
