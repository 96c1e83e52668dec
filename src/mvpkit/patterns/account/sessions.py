"""Server-side account sessions shared by every service: a random token in a cookie.

The cookie `mvpkit-account` (path `/`, HttpOnly, SameSite=Lax, Secure in production) holds a
random token; the database holds only its SHA-256, when the session began and when it was
last used. A session ends after `IDLE` without a request or `ABSOLUTE` after sign-in,
whichever comes first; signing in and changing the password start a new one.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import after_this_request, g, request
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from mvpkit import clock
from mvpkit.patterns.account.models import Account, AccountSession
from mvpkit.patterns.account.tokens import digest
from mvpkit.store.database import Database

COOKIE = "mvpkit-account"
IDLE = timedelta(minutes=30)
ABSOLUTE = timedelta(hours=12)
TOUCH_AFTER = timedelta(minutes=1)  # last use is written at most once a minute
_CACHE = "mvpkit_account"


def current_account(db: Database) -> Account | None:
    """The account signed in on this request's browser, or None; any service may call it."""
    if _CACHE in g:
        cached: Account | None = g.get(_CACHE)
        return cached
    account = _lookup(db, request.cookies.get(COOKIE, ""))
    setattr(g, _CACHE, account)
    return account


def _lookup(db: Database, token: str) -> Account | None:
    if not token or len(token) > 100:
        return None
    token_hash = digest(token)
    now = clock.now()
    with db.reads() as session:
        row = session.execute(
            select(AccountSession, Account)
            .join(Account, Account.id == AccountSession.account_id)
            .where(AccountSession.token_hash == token_hash)
        ).one_or_none()
    if row is None:
        return None
    found, account = row
    last_seen = clock.as_utc(found.last_seen_at)
    if now - last_seen > IDLE or now - clock.as_utc(found.created_at) > ABSOLUTE:
        return None
    if now - last_seen > TOUCH_AFTER:
        with db.writes() as session:
            session.execute(
                update(AccountSession)
                .where(AccountSession.token_hash == token_hash)
                .values(last_seen_at=now)
            )
            session.commit()
    return account


def start_session(session: Session, account_id: int, *, secure: bool) -> None:
    """Sign this browser in, in the caller's transaction: any session it had is deleted."""
    old = request.cookies.get(COOKIE, "")
    if old:
        session.execute(delete(AccountSession).where(AccountSession.token_hash == digest(old)))
    token = secrets.token_urlsafe(32)
    now = clock.now()
    stale = or_(
        AccountSession.last_seen_at < now - IDLE, AccountSession.created_at < now - ABSOLUTE
    )
    session.execute(delete(AccountSession).where(stale))  # anyone's ended sessions go too
    session.add(
        AccountSession(
            token_hash=digest(token), account_id=account_id, created_at=now, last_seen_at=now
        )
    )
    g.pop(_CACHE, None)

    @after_this_request
    def _set_cookie(response: Response) -> Response:
        response.set_cookie(COOKIE, token, path="/", httponly=True, samesite="Lax", secure=secure)
        return response


def end_sessions(session: Session, account_id: int) -> None:
    """Sign the account out everywhere, in the caller's transaction."""
    session.execute(delete(AccountSession).where(AccountSession.account_id == account_id))


def end_session(db: Database, *, secure: bool) -> None:
    """Sign this browser out: its session row goes, and its cookie."""
    token = request.cookies.get(COOKIE, "")
    if token:
        with db.writes() as session:
            ended = AccountSession.token_hash == digest(token)
            session.execute(delete(AccountSession).where(ended))
            session.commit()
    g.pop(_CACHE, None)

    @after_this_request
    def _clear_cookie(response: Response) -> Response:
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="Lax", secure=secure)
        return response
