"""Attempt limits: a counter row per (kind, key), claimed atomically before any check.

Keys are SHA-256 digests, so the table holds no addresses. A key is counted whether or not
an account has it, so a limit never tells anyone which addresses have accounts. An attempt
is claimed with one conditional UPDATE (`count < most`) in a short write transaction, so
however many arrive at once, no more than `most` get through to the password check.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, select, update
from sqlalchemy.orm import Session

from mvpkit import clock
from mvpkit.auth.models import AuthAttempt
from mvpkit.store.database import Database
from mvpkit.store.upserts import insert_or_on_conflict


@dataclass(frozen=True)
class Limit:
    """At most `most` attempts of one kind per key within `within` of the first."""

    kind: str
    most: int
    within: timedelta
    by_client: bool = False  # counted per network address or device, not per account
    forget_on_success: bool = False  # a success clears the key's count, else gives one back

    @property
    def minutes(self) -> int:
        """The window in minutes, for messages."""
        return int(self.within.total_seconds() // 60)


SIGN_IN_PER_EMAIL = Limit("sign-in-email", 5, timedelta(minutes=15), forget_on_success=True)
SIGN_IN_PER_CLIENT = Limit("sign-in-client", 50, timedelta(minutes=15), by_client=True)
STAFF_PER_EMAIL = Limit("staff-email", 5, timedelta(minutes=15), forget_on_success=True)
STAFF_PER_CLIENT = Limit("staff-client", 50, timedelta(minutes=15), by_client=True)
CLAIM_PER_ACCOUNT = Limit("claim-account", 10, timedelta(hours=1))
CLAIM_PER_CLIENT = Limit("claim-client", 30, timedelta(hours=1), by_client=True)
TRACK_PER_CLIENT = Limit("track-client", 30, timedelta(minutes=15), by_client=True)
EMAILS_PER_ADDRESS = Limit("email-address", 5, timedelta(hours=1))

Attempt = tuple[Limit, str]


@dataclass(frozen=True)
class Claim:
    """What claiming attempts came to: the limit that stopped them, or those now used up."""

    attempts: tuple[Attempt, ...]
    stopped_by: Limit | None = None  # when set, nothing was counted
    used_up: tuple[Limit, ...] = ()  # limits this attempt took the last place of

    @property
    def allowed(self) -> bool:
        """True when every limit had room and this attempt was counted."""
        return self.stopped_by is None


def digest(value: str) -> str:
    """The key stored for a value."""
    return hashlib.sha256(value.encode()).hexdigest()


def claim(db: Database, *attempts: Attempt) -> Claim:
    """Count one attempt against each limit in a transaction of its own, or none at all."""
    with db.writes() as session:
        result = claim_in(session, attempts)
        session.commit()
    return result


def claim_in(session: Session, attempts: Sequence[Attempt]) -> Claim:
    """Count one attempt against each limit in the caller's transaction, or none at all."""
    now = clock.now()
    used_up: list[Limit] = []
    for index, (limit, value) in enumerate(attempts):
        count = _claim_one(session, limit, digest(value), now)
        if count is None:
            for earlier, earlier_value in attempts[:index]:
                release(session, earlier, earlier_value)
            return Claim(tuple(attempts), stopped_by=limit)
        if count >= limit.most:
            used_up.append(limit)
    return Claim(tuple(attempts), used_up=tuple(used_up))


def _claim_one(session: Session, limit: Limit, key: str, now: datetime) -> int | None:
    expired = and_(AuthAttempt.kind == limit.kind, AuthAttempt.window_ends_at <= now)
    session.execute(delete(AuthAttempt).where(expired).execution_options(synchronize_session=False))
    session.execute(
        insert_or_on_conflict(session, AuthAttempt)
        .values(kind=limit.kind, key=key, count=0, window_ends_at=now + limit.within)
        .on_conflict_do_nothing()
    )
    return session.scalar(
        update(AuthAttempt)
        .where(
            AuthAttempt.kind == limit.kind,
            AuthAttempt.key == key,
            AuthAttempt.count < limit.most,
        )
        .values(count=AuthAttempt.count + 1)
        .returning(AuthAttempt.count)
        .execution_options(synchronize_session=False)
    )


def settle(session: Session, done: Claim) -> None:
    """After a success: forget the account's failures and give back the client's place."""
    for limit, value in done.attempts:
        if limit.forget_on_success:
            forget(session, limit, value)
        else:
            release(session, limit, value)


def release(session: Session, limit: Limit, value: str) -> None:
    """Give back one counted attempt."""
    session.execute(
        update(AuthAttempt)
        .where(
            AuthAttempt.kind == limit.kind,
            AuthAttempt.key == digest(value),
            AuthAttempt.count > 0,
        )
        .values(count=AuthAttempt.count - 1)
        .execution_options(synchronize_session=False)
    )


def forget(session: Session, limit: Limit, value: str) -> None:
    """Clear this key's attempts (a correct password clears its account's failures)."""
    session.execute(
        delete(AuthAttempt)
        .where(AuthAttempt.kind == limit.kind, AuthAttempt.key == digest(value))
        .execution_options(synchronize_session=False)
    )


def reached(session: Session, limit: Limit, value: str) -> bool:
    """True while this key has no attempts left (for lists; claims never ask first)."""
    count = session.scalar(
        select(AuthAttempt.count).where(
            AuthAttempt.kind == limit.kind,
            AuthAttempt.key == digest(value),
            AuthAttempt.window_ends_at > clock.now(),
        )
    )
    return (count or 0) >= limit.most
