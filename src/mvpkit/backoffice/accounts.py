"""Staff accounts: hashed passwords, grants per service, and a counted, limited sign-in."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mvpkit.auth import limits, sessions
from mvpkit.auth.emails import normalise_email
from mvpkit.auth.hashing import check_password, hash_password, needs_rehash
from mvpkit.auth.policy import password_problem
from mvpkit.email.addresses import is_email_address
from mvpkit.questions.text import EMAIL_MAX_LENGTH
from mvpkit.store.database import Database
from mvpkit.store.models import StaffGrant, StaffUser

REALM = "staff"


class AccountError(Exception):
    """An account could not be made or changed: the message says why."""


@dataclass(frozen=True)
class SignInResult:
    """The outcome of a sign-in attempt."""

    user_id: int | None = None
    stopped_by: limits.Limit | None = None  # the limit that refused it

    @property
    def ok(self) -> bool:
        """True when the email and password matched an account granted this service."""
        return self.user_id is not None

    @property
    def locked(self) -> bool:
        """True when a limit refused the attempt."""
        return self.stopped_by is not None


@dataclass(frozen=True)
class StaffRow:
    """One staff account, for the list command."""

    email: str
    services: tuple[str, ...]
    locked: bool


def _checked_email(email: str) -> str:
    email = normalise_email(email)
    if len(email) > EMAIL_MAX_LENGTH or not is_email_address(email):
        raise AccountError(f"{email!r} is not an email address.")
    return email


def _checked_password(password: str) -> str:
    problem = password_problem(password)
    if problem:
        raise AccountError(f"{problem}.")
    return hash_password(password)


def _find(session: Session, email: str) -> StaffUser:
    user = session.scalar(select(StaffUser).where(StaffUser.email == normalise_email(email)))
    if user is None:
        raise AccountError(f"There is no staff account for {normalise_email(email)}.")
    return user


def add_staff(db: Database, email: str, password: str, service: str) -> StaffUser:
    """Create a staff account granted one service; the password is stored only hashed."""
    email = _checked_email(email)
    password_hash = _checked_password(password)
    with db.writes() as session:
        user = StaffUser(email=email, password_hash=password_hash)
        session.add(user)
        try:
            session.flush()
        except IntegrityError as exc:
            raise AccountError(f"There is already a staff account for {email}.") from exc
        session.add(StaffGrant(staff_id=user.id, service=service))
        session.commit()
        return user


def grant(db: Database, email: str, service: str) -> None:
    """Let the account sign in to this service's back office."""
    with db.writes() as session:
        user = _find(session, email)
        if session.get(StaffGrant, (user.id, service)) is None:
            session.add(StaffGrant(staff_id=user.id, service=service))
        session.commit()


def revoke(db: Database, email: str, service: str) -> None:
    """Take the service away: its grant goes, and the account's sessions there end."""
    with db.writes() as session:
        user = _find(session, email)
        session.execute(
            delete(StaffGrant).where(StaffGrant.staff_id == user.id, StaffGrant.service == service)
        )
        sessions.end_all(session, REALM, user.id, service)
        session.commit()


def remove(db: Database, email: str) -> None:
    """Delete the account, its grants and its sessions."""
    with db.writes() as session:
        user = _find(session, email)
        sessions.end_all(session, REALM, user.id)
        session.execute(delete(StaffGrant).where(StaffGrant.staff_id == user.id))
        session.delete(user)
        session.commit()


def set_password(db: Database, email: str, password: str) -> None:
    """Set a new password; every session of the account ends."""
    password_hash = _checked_password(password)
    with db.writes() as session:
        user = _find(session, email)
        user.password_hash = password_hash
        sessions.end_all(session, REALM, user.id)
        limits.forget(session, limits.STAFF_PER_EMAIL, user.email)
        session.commit()


def list_staff(db: Database, service: str | None = None) -> list[StaffRow]:
    """Every staff account (or those granted one service): services and whether locked."""
    with db.reads() as session:
        users = list(session.scalars(select(StaffUser).order_by(StaffUser.email)))
        granted: dict[int, list[str]] = {}
        for row in session.scalars(select(StaffGrant).order_by(StaffGrant.service)):
            granted.setdefault(row.staff_id, []).append(row.service)
        return [
            StaffRow(
                user.email,
                tuple(granted.get(user.id, [])),
                limits.reached(session, limits.STAFF_PER_EMAIL, user.email),
            )
            for user in users
            if service is None or service in granted.get(user.id, [])
        ]


def staff_email(db: Database, user_id: int, service: str) -> str | None:
    """The account's email while it is granted this service; else None."""
    with db.reads() as session:
        return session.scalar(
            select(StaffUser.email)
            .join(StaffGrant, StaffGrant.staff_id == StaffUser.id)
            .where(StaffUser.id == user_id, StaffGrant.service == service)
        )


def sign_in(db: Database, service: str, email: str, password: str, client: str) -> SignInResult:
    """Check an email and password for this service, counting and limiting attempts.

    An attempt is claimed (per account and per client) before the password is checked, and
    the Argon2 check runs outside any transaction; a correct password gives the claim back.
    An account without a grant for the service answers as a wrong password.
    """
    email = normalise_email(email)
    with db.reads() as session:
        found = session.execute(
            select(StaffUser.id, StaffUser.password_hash)
            .join(StaffGrant, StaffGrant.staff_id == StaffUser.id)
            .where(StaffUser.email == email, StaffGrant.service == service)
        ).one_or_none()
    claimed = limits.claim(db, (limits.STAFF_PER_CLIENT, client), (limits.STAFF_PER_EMAIL, email))
    if claimed.stopped_by is not None:
        check_password(None, password)
        return SignInResult(stopped_by=claimed.stopped_by)
    if found is None or not check_password(found.password_hash, password):
        last = limits.STAFF_PER_EMAIL in claimed.used_up
        return SignInResult(stopped_by=limits.STAFF_PER_EMAIL if last else None)
    rehashed = hash_password(password) if needs_rehash(found.password_hash) else None
    with db.writes() as session:
        limits.settle(session, claimed)
        user = session.get(StaffUser, found.id)
        if user is not None and rehashed:
            user.password_hash = rehashed
        session.commit()
    return SignInResult(user_id=found.id)
