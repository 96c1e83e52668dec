"""The prototype's named passwords: made, listed, revoked and checked; kept only hashed."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from mvpkit import clock
from mvpkit.auth import sessions
from mvpkit.auth.hashing import check_password, hash_password
from mvpkit.auth.policy import password_problem
from mvpkit.patterns.research.models import ROLES, ResearchPassword
from mvpkit.store.database import Database

NAME_MAX = 100
REALM_NAME = "research"  # the sessions a password opens (see `access.REALM`)
WORDS = 4  # about 50 bits from the word list: plenty behind a rate limit


class PasswordError(Exception):
    """A password could not be made or revoked: the message says why."""


@dataclass(frozen=True)
class Holder:
    """Who a valid password lets in: its id, name and role."""

    id: int
    name: str
    role: str


@dataclass(frozen=True)
class PasswordRow:
    """One password, for the list: never the password itself."""

    name: str
    role: str
    created_at: datetime
    revoked_at: datetime | None


@cache
def _words() -> tuple[str, ...]:
    """Common English words of 4 to 7 letters, easy to say and type on a phone."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    common = set(FREQUENCY_LISTS["passwords"])
    return tuple(
        word
        for word in FREQUENCY_LISTS["english_wikipedia"][:8000]
        if word.isascii() and word.isalpha() and 4 <= len(word) <= 7 and word not in common
    )


def new_password() -> str:
    """Random words joined by hyphens, like "harbour-mostly-violet-engine"."""
    words = _words()
    return "-".join(secrets.choice(words) for _ in range(WORDS))


def add(db: Database, name: str, role: str, password: str | None = None) -> str:
    """Make a named password (a new random one unless given); the password is returned."""
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise PasswordError(f"Give the password a name of 1 to {NAME_MAX} characters.")
    if role not in ROLES:
        raise PasswordError(f"The role must be one of: {', '.join(ROLES)}.")
    password = password or new_password()
    problem = password_problem(password)
    if problem:
        raise PasswordError(f"{problem}.")
    with db.writes() as session:
        session.add(ResearchPassword(name=name, role=role, password_hash=hash_password(password)))
        try:
            session.commit()
        except IntegrityError as exc:
            raise PasswordError(f"There is already a password named {name!r}.") from exc
    return password


def revoke(db: Database, name: str) -> None:
    """Stop the password working; everyone signed in with it is signed out."""
    with db.writes() as session:
        found = session.scalar(select(ResearchPassword).where(ResearchPassword.name == name))
        if found is None:
            raise PasswordError(f"There is no password named {name!r}.")
        if found.revoked_at is None:
            found.revoked_at = clock.now()
        sessions.end_all(session, REALM_NAME, found.id)
        session.commit()


def listed(db: Database) -> list[PasswordRow]:
    """Every password, oldest first, revoked ones too."""
    with db.reads() as session:
        rows = session.scalars(select(ResearchPassword).order_by(ResearchPassword.id))
        return [PasswordRow(r.name, r.role, r.created_at, r.revoked_at) for r in rows]


def any_active(db: Database) -> bool:
    """True when at least one password works."""
    with db.reads() as session:
        found = session.scalar(
            select(ResearchPassword.id).where(ResearchPassword.revoked_at.is_(None)).limit(1)
        )
        return found is not None


def holder(db: Database, password_id: int) -> Holder | None:
    """Who the password lets in, while it is not revoked."""
    with db.reads() as session:
        found = session.get(ResearchPassword, password_id)
        if found is None or found.revoked_at is not None:
            return None
        return Holder(found.id, found.name, found.role)


def check(db: Database, typed: str) -> Holder | None:
    """The working password that was typed, if any (each is checked: there are few)."""
    with db.reads() as session:
        rows = list(
            session.execute(
                select(ResearchPassword.id, ResearchPassword.password_hash).where(
                    ResearchPassword.revoked_at.is_(None)
                )
            )
        )
    matched = None
    for password_id, password_hash in rows:  # every hash is tried: the time tells nothing
        if check_password(password_hash, typed) and matched is None:
            matched = password_id
    if not rows:
        check_password(None, typed)
    return holder(db, matched) if matched is not None else None
