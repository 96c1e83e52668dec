"""Rate limits: attempts counted in a sliding window, per email address or client address.

Keys are SHA-256 digests, so the table holds no addresses. A key is counted whether or not
an account has it, so a limit never tells anyone which addresses have accounts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from mvpkit import clock
from mvpkit.patterns.account.models import AccountAttempt


@dataclass(frozen=True)
class Limit:
    """At most `most` attempts of one kind per key within `within`."""

    kind: str
    most: int
    within: timedelta

    @property
    def minutes(self) -> int:
        """The window in minutes, for messages."""
        return int(self.within.total_seconds() // 60)


SIGN_IN_PER_EMAIL = Limit("sign-in-email", 5, timedelta(minutes=15))
SIGN_IN_PER_CLIENT = Limit("sign-in-client", 50, timedelta(minutes=15))
CLAIM_PER_ACCOUNT = Limit("claim-account", 10, timedelta(hours=1))
CLAIM_PER_CLIENT = Limit("claim-client", 30, timedelta(hours=1))
EMAILS_PER_ADDRESS = Limit("email-address", 5, timedelta(hours=1))


def _key(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def reached(session: Session, limit: Limit, value: str) -> bool:
    """True when this key has used up its attempts for now."""
    since = clock.now() - limit.within
    count = session.scalar(
        select(func.count())
        .select_from(AccountAttempt)
        .where(
            AccountAttempt.kind == limit.kind,
            AccountAttempt.key == _key(value),
            AccountAttempt.created_at > since,
        )
    )
    return (count or 0) >= limit.most


def count(session: Session, limit: Limit, value: str) -> None:
    """Count one attempt, and forget every attempt of its kind that is out of the window."""
    now = clock.now()
    session.execute(
        delete(AccountAttempt).where(
            AccountAttempt.kind == limit.kind, AccountAttempt.created_at <= now - limit.within
        )
    )
    session.add(AccountAttempt(kind=limit.kind, key=_key(value), created_at=now))


def forget(session: Session, limit: Limit, value: str) -> None:
    """Clear this key's attempts (a correct sign-in clears its email's failures)."""
    session.execute(
        delete(AccountAttempt).where(
            AccountAttempt.kind == limit.kind, AccountAttempt.key == _key(value)
        )
    )
