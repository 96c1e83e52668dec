"""Residents' sessions, shared by every service: the `account` realm of `mvpkit.auth`.

The cookie `mvpkit-account` (path `/`) is sent to every service on the host; a session ends
after `IDLE` without a request or `ABSOLUTE` after sign-in, whichever comes first; signing
in and changing the password start a new one, signing out deletes it.
"""

from __future__ import annotations

from datetime import timedelta

from flask import g
from sqlalchemy.orm import Session

from mvpkit.auth import sessions
from mvpkit.patterns.account.models import Account
from mvpkit.store.database import Database

COOKIE = "mvpkit-account"
IDLE = timedelta(minutes=30)
ABSOLUTE = timedelta(hours=12)
REALM = sessions.Realm("account", COOKIE, IDLE, ABSOLUTE)
_CACHE = "mvpkit_account"


def current_account(db: Database) -> Account | None:
    """The account signed in on this request's browser, or None; any service may call it."""
    if _CACHE in g:
        cached: Account | None = g.get(_CACHE)
        return cached
    account_id = sessions.current(db, REALM)
    account = None
    if account_id is not None:
        with db.reads() as session:
            account = session.get(Account, account_id)
    setattr(g, _CACHE, account)
    return account


def start_session(session: Session, account_id: int, *, secure: bool) -> None:
    """Sign this browser in, in the caller's transaction: any session it had is deleted."""
    sessions.start(session, REALM, account_id, secure=secure)
    g.pop(_CACHE, None)


def end_sessions(session: Session, account_id: int) -> None:
    """Sign the account out everywhere, in the caller's transaction."""
    sessions.end_all(session, REALM.name, account_id)


def end_session(db: Database, *, secure: bool) -> None:
    """Sign this browser out: its session row goes, and its cookie."""
    sessions.end_current(db, REALM, secure=secure)
    g.pop(_CACHE, None)
