"""Staff accounts: hashed passwords, and a lock after repeated failed sign-ins."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from mvpkit import clock
from mvpkit.store.database import Database
from mvpkit.store.models import StaffUser

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 12
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
HASHER = PasswordHasher()  # Argon2id with argon2-cffi's defaults, for staff and residents
DUMMY_HASH = HASHER.hash("a password nobody has, to even out timing")


class AccountError(Exception):
    """An account could not be made: the message says why."""


@dataclass(frozen=True)
class SignInResult:
    """The outcome of a sign-in attempt."""

    user_id: int | None = None
    email: str = ""
    locked: bool = False

    @property
    def ok(self) -> bool:
        """True when the email and password matched an unlocked account."""
        return self.user_id is not None


def normalise_email(email: str) -> str:
    """Emails compare without case or surrounding spaces."""
    return email.strip().lower()


def add_staff(db: Database, email: str, password: str) -> StaffUser:
    """Create a staff account; the password is stored only as an Argon2 hash."""
    email = normalise_email(email)
    if not EMAIL.match(email) or len(email) > 254:
        raise AccountError(f"{email!r} is not an email address.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must be {MIN_PASSWORD_LENGTH} characters or more.")
    with db.writes() as session:
        user = StaffUser(email=email, password_hash=HASHER.hash(password))
        session.add(user)
        try:
            session.commit()
        except IntegrityError as exc:
            raise AccountError(f"There is already a staff account for {email}.") from exc
        return user


def sign_in(db: Database, email: str, password: str) -> SignInResult:
    """Check an email and password, counting failures and locking after too many."""
    email = normalise_email(email)
    with db.writes() as session:
        user = session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email))
        if user is None:
            verify_password(DUMMY_HASH, password)
            return SignInResult()
        now = clock.now()
        locked_until = _aware(user.locked_until)
        if locked_until and locked_until > now:
            verify_password(DUMMY_HASH, password)
            return SignInResult(locked=True)
        if verify_password(user.password_hash, password):
            user.failed_sign_ins = 0
            user.locked_until = None
            if HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = HASHER.hash(password)
            session.commit()
            return SignInResult(user_id=user.id, email=user.email)
        last_failed = _aware(user.last_failed_at)
        if last_failed is None or now - last_failed > LOCK_FOR:
            user.failed_sign_ins = 0  # failures count only when they come close together
        user.failed_sign_ins += 1
        user.last_failed_at = now
        if user.failed_sign_ins >= MAX_FAILURES:
            user.locked_until = now + LOCK_FOR
            user.failed_sign_ins = 0
        session.commit()
        locked_until = _aware(user.locked_until)
        return SignInResult(locked=locked_until is not None and locked_until > now)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches the Argon2 hash (False for a broken hash)."""
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _aware(value: datetime | None) -> datetime | None:
    return clock.as_utc(value) if value is not None else None
