"""Server-side sessions for staff and residents: a random token in a cookie.

The cookie (HttpOnly, SameSite=Lax, Secure in production) holds a random token; the
database holds only its SHA-256, whose session it is, where it opens anything (its scope),
when it began and when it was last used. A session ends after its realm's idle time without
a request or its absolute time after sign-in, whichever comes first; signing out deletes it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import after_this_request, g, request
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from mvpkit import clock
from mvpkit.auth.models import AuthSession
from mvpkit.store.database import Database

TOUCH_AFTER = timedelta(minutes=1)  # last use is written at most once a minute


@dataclass(frozen=True)
class Realm:
    """Whose sessions these are, the cookie that carries them, how long they last, and where
    they open anything (a staff session opens one service; a resident's, every service)."""

    name: str
    cookie: str
    idle: timedelta
    absolute: timedelta
    scope: str = ""

    @property
    def _cache(self) -> str:
        return f"mvpkit_session_{self.name}"


def digest(token: str) -> str:
    """The SHA-256 stored for a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def current(db: Database, realm: Realm) -> int | None:
    """The id of whoever is signed in to this realm on this request's browser, or None."""
    if realm._cache in g:
        cached: int | None = g.get(realm._cache)
        return cached
    subject = _lookup(db, realm, request.cookies.get(realm.cookie, ""))
    setattr(g, realm._cache, subject)
    return subject


def _lookup(db: Database, realm: Realm, token: str) -> int | None:
    if not token or len(token) > 100:
        return None
    token_hash = digest(token)
    now = clock.now()
    with db.reads() as session:
        found = session.scalar(
            select(AuthSession).where(
                AuthSession.token_hash == token_hash,
                AuthSession.realm == realm.name,
                AuthSession.scope == realm.scope,
            )
        )
    if found is None:
        return None
    last_seen = clock.as_utc(found.last_seen_at)
    if now - last_seen > realm.idle or now - clock.as_utc(found.created_at) > realm.absolute:
        return None
    if now - last_seen > TOUCH_AFTER:
        with db.writes() as session:
            session.execute(
                update(AuthSession)
                .where(AuthSession.token_hash == token_hash)
                .values(last_seen_at=now)
            )
            session.commit()
    return found.subject_id


def start(session: Session, realm: Realm, subject_id: int, *, secure: bool) -> None:
    """Sign this browser in, in the caller's transaction: any session it had is deleted."""
    old = request.cookies.get(realm.cookie, "")
    if old:
        session.execute(delete(AuthSession).where(AuthSession.token_hash == digest(old)))
    token = secrets.token_urlsafe(32)
    now = clock.now()
    stale = or_(
        AuthSession.last_seen_at < now - realm.idle, AuthSession.created_at < now - realm.absolute
    )
    # anyone's ended sessions in this realm go too
    session.execute(delete(AuthSession).where(AuthSession.realm == realm.name, stale))
    session.add(
        AuthSession(
            token_hash=digest(token),
            realm=realm.name,
            subject_id=subject_id,
            scope=realm.scope,
            created_at=now,
            last_seen_at=now,
        )
    )
    g.pop(realm._cache, None)

    @after_this_request
    def _set_cookie(response: Response) -> Response:
        response.set_cookie(
            realm.cookie, token, path="/", httponly=True, samesite="Lax", secure=secure
        )
        return response


def end_all(session: Session, realm: str, subject_id: int, scope: str | None = None) -> None:
    """Sign someone out everywhere (or only in one scope), in the caller's transaction."""
    query = delete(AuthSession).where(
        AuthSession.realm == realm, AuthSession.subject_id == subject_id
    )
    if scope is not None:
        query = query.where(AuthSession.scope == scope)
    session.execute(query)


def end_current(db: Database, realm: Realm, *, secure: bool) -> None:
    """Sign this browser out: its session row goes, and its cookie."""
    token = request.cookies.get(realm.cookie, "")
    if token:
        with db.writes() as session:
            session.execute(
                delete(AuthSession).where(
                    AuthSession.token_hash == digest(token), AuthSession.realm == realm.name
                )
            )
            session.commit()
    g.pop(realm._cache, None)

    @after_this_request
    def _clear_cookie(response: Response) -> Response:
        response.delete_cookie(realm.cookie, path="/", httponly=True, samesite="Lax", secure=secure)
        return response
