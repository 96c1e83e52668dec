"""Links sent by email: signed, expiring, single use; the database keeps only a SHA-256.

A link carries a random secret signed with the service's secret key, so a forged or
mistyped link is refused before the database is asked; the row then says what the link
is for, until when, and whether it has been used.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from mvpkit import clock
from mvpkit.patterns.account.models import AccountToken

REGISTER = "register"
RESET = "reset"
NEW_EMAIL = "email"
LIFETIMES: dict[str, timedelta] = {
    REGISTER: timedelta(hours=24),
    RESET: timedelta(hours=1),
    NEW_EMAIL: timedelta(hours=24),
}


def digest(value: str) -> str:
    """The SHA-256 of a secret, as stored."""
    return hashlib.sha256(value.encode()).hexdigest()


def _serializer(secret_key: str, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=f"mvpkit.account.{purpose}")


def issue(
    session: Session,
    secret_key: str,
    purpose: str,
    email: str,
    *,
    account_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> str:
    """Add a token in the caller's transaction; the text to put in the link.

    Tokens that are used or expired are deleted first: a registration never confirmed
    leaves no address or password hash behind.
    """
    secret = secrets.token_urlsafe(32)
    now = clock.now()
    session.execute(
        delete(AccountToken).where(
            or_(AccountToken.used_at.is_not(None), AccountToken.expires_at <= now)
        )
    )
    session.add(
        AccountToken(
            token_hash=digest(secret),
            purpose=purpose,
            email=email,
            account_id=account_id,
            data=data or {},
            created_at=now,
            expires_at=now + LIFETIMES[purpose],
        )
    )
    return _serializer(secret_key, purpose).dumps(secret)


def find(
    session: Session, secret_key: str, purpose: str, link: str, *, lock: bool = False
) -> AccountToken | None:
    """The unused, unexpired token this link carries, or None (forged, expired or used)."""
    lifetime = LIFETIMES[purpose]
    try:
        secret = _serializer(secret_key, purpose).loads(link, max_age=int(lifetime.total_seconds()))
    except BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(secret, str):
        return None
    query = select(AccountToken).where(
        AccountToken.token_hash == digest(secret), AccountToken.purpose == purpose
    )
    token = session.scalar(query.with_for_update() if lock else query)
    if token is None or token.used_at is not None or clock.as_utc(token.expires_at) <= clock.now():
        return None
    return token


def use_up(session: Session, purpose: str, email: str) -> None:
    """Mark every unused token of this purpose for this address used (one link wins)."""
    session.execute(
        update(AccountToken)
        .where(
            AccountToken.purpose == purpose,
            AccountToken.email == email,
            AccountToken.used_at.is_(None),
        )
        .values(used_at=clock.now())
    )
