"""Getting in: register, confirm the address, sign in, and reset a forgotten password.

Each answers the same whether or not an account has the address: the owner of an existing
account gets an email instead, and an unknown address costs the same Argon2 work.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mvpkit import clock
from mvpkit.patterns.account import limits, tokens
from mvpkit.patterns.account.mail import Mailer
from mvpkit.patterns.account.models import Account
from mvpkit.patterns.account.passwords import (
    check_password,
    hash_password,
    needs_rehash,
)
from mvpkit.patterns.account.sessions import end_sessions, start_session
from mvpkit.store.database import Database

Link = Callable[[str], str]  # turns a token into the address to put in an email


class Outcome(Enum):
    """What an attempt to get in came to."""

    OK = "ok"
    WRONG = "wrong"  # the password (or the email and password) did not match
    LOCKED = "locked"  # too many failures: nothing is checked until the window passes
    INVALID_LINK = "invalid-link"  # forged, expired or used


def find_account(session: Session, email: str) -> Account | None:
    """The account with this normalised address (addresses are stored normalised)."""
    return session.scalar(select(Account).where(Account.email == email))


def _may_email(session: Session, email: str) -> bool:
    """Count an email to this address; False once it has had its share this hour."""
    allowed = not limits.reached(session, limits.EMAILS_PER_ADDRESS, email)
    limits.count(session, limits.EMAILS_PER_ADDRESS, email)
    return allowed


def register(
    db: Database, secret_key: str, mailer: Mailer, email: str, password: str, confirm: Link
) -> None:
    """Send a confirmation link; the account is made when it is followed.

    An address with an account gets an email saying so, and nothing changes.
    """
    password_hash = hash_password(password)  # the same work either way
    with db.writes() as session:
        if _may_email(session, email):
            if find_account(session, email) is not None:
                mailer.already_registered(session, email)
            else:
                token = tokens.issue(
                    session,
                    secret_key,
                    tokens.REGISTER,
                    email,
                    data={"password_hash": password_hash},
                )
                mailer.confirm_address(session, email, confirm(token))
        session.commit()


def registration_email(db: Database, secret_key: str, link: str) -> str | None:
    """The address a registration link would confirm, while it can still be used."""
    with db.reads() as session:
        token = tokens.find(session, secret_key, tokens.REGISTER, link)
        return token.email if token else None


def confirm_registration(
    db: Database, secret_key: str, link: str, password: str, client: str, *, secure: bool
) -> Outcome:
    """Make the account from the link, if the password is the one chosen; then sign in.

    Asking for the password means only the person who registered, and reads the email,
    can make the account: nobody can set up an account in someone else's name.
    """
    with db.writes() as session:
        token = tokens.find(session, secret_key, tokens.REGISTER, link, lock=True)
        if token is None:
            return Outcome.INVALID_LINK
        email = token.email
        if _locked(session, email, client):
            check_password(None, password)
            return Outcome.LOCKED
        if not check_password(str(token.data.get("password_hash", "")), password):
            _count_failure(session, email, client)
            session.commit()
            return Outcome.WRONG
        tokens.use_up(session, tokens.REGISTER, email)
        if find_account(session, email) is not None:
            session.commit()
            return Outcome.INVALID_LINK  # confirmed already, through another link
        account = Account(email=email, password_hash=str(token.data["password_hash"]))
        session.add(account)
        try:
            session.flush()
        except IntegrityError:  # two links followed at once: the other made the account
            session.rollback()
            return Outcome.INVALID_LINK
        limits.forget(session, limits.SIGN_IN_PER_EMAIL, email)
        start_session(session, account.id, secure=secure)
        session.commit()
    return Outcome.OK


def _locked(session: Session, email: str, client: str) -> bool:
    return limits.reached(session, limits.SIGN_IN_PER_EMAIL, email) or limits.reached(
        session, limits.SIGN_IN_PER_CLIENT, client
    )


def _count_failure(session: Session, email: str, client: str) -> None:
    limits.count(session, limits.SIGN_IN_PER_EMAIL, email)
    limits.count(session, limits.SIGN_IN_PER_CLIENT, client)


def sign_in(db: Database, email: str, password: str, client: str, *, secure: bool) -> Outcome:
    """Check the email and password and start a new session; count and limit failures."""
    with db.writes() as session:
        if _locked(session, email, client):
            check_password(None, password)
            return Outcome.LOCKED
        account = find_account(session, email)
        if not check_password(account.password_hash if account else None, password):
            _count_failure(session, email, client)
            session.commit()
            return Outcome.WRONG
        assert account is not None
        if needs_rehash(account.password_hash):
            account.password_hash = hash_password(password)
        limits.forget(session, limits.SIGN_IN_PER_EMAIL, email)
        start_session(session, account.id, secure=secure)
        session.commit()
    return Outcome.OK


def request_reset(db: Database, secret_key: str, mailer: Mailer, email: str, reset: Link) -> None:
    """Email a reset link if an account has this address; nothing otherwise."""
    with db.writes() as session:
        if _may_email(session, email):
            account = find_account(session, email)
            if account is not None:
                token = tokens.issue(
                    session, secret_key, tokens.RESET, email, account_id=account.id
                )
                mailer.reset_password(session, email, reset(token))
        session.commit()


def reset_is_valid(db: Database, secret_key: str, link: str) -> bool:
    """True while a reset link can still be used."""
    with db.reads() as session:
        return tokens.find(session, secret_key, tokens.RESET, link) is not None


def reset_password(
    db: Database, secret_key: str, mailer: Mailer, link: str, password: str
) -> Outcome:
    """Set the new password from a reset link, and sign the account out everywhere."""
    password_hash = hash_password(password)
    with db.writes() as session:
        token = tokens.find(session, secret_key, tokens.RESET, link, lock=True)
        account = session.get(Account, token.account_id) if token and token.account_id else None
        if token is None or account is None:
            return Outcome.INVALID_LINK
        tokens.use_up(session, tokens.RESET, token.email)
        account.password_hash = password_hash
        account.updated_at = clock.now()
        end_sessions(session, account.id)
        limits.forget(session, limits.SIGN_IN_PER_EMAIL, account.email)
        mailer.password_changed(session, account.email)
        session.commit()
    return Outcome.OK
