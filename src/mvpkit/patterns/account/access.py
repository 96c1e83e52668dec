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
from mvpkit.auth import limits
from mvpkit.auth.hashing import check_password, hash_password, needs_rehash
from mvpkit.patterns.account import tokens
from mvpkit.patterns.account.mail import Mailer
from mvpkit.patterns.account.models import Account
from mvpkit.patterns.account.sessions import end_sessions, start_session
from mvpkit.store.database import Database

Link = Callable[[str], str]  # turns a token into the address to put in an email


class Outcome(Enum):
    """What an attempt to get in came to."""

    OK = "ok"
    WRONG = "wrong"  # the password (or the email and password) did not match
    LOCKED = "locked"  # too many failures for this account: nothing is checked for now
    TOO_MANY = "too-many"  # too many attempts from this network or device
    INVALID_LINK = "invalid-link"  # forged, expired or used

    @property
    def limited(self) -> bool:
        """True when a limit stopped the attempt (answered with a 429)."""
        return self in (Outcome.LOCKED, Outcome.TOO_MANY)


def find_account(session: Session, email: str) -> Account | None:
    """The account with this normalised address (addresses are stored normalised)."""
    return session.scalar(select(Account).where(Account.email == email))


def may_email(session: Session, email: str) -> bool:
    """Count an email to this address; False once it has had its share this hour."""
    return limits.claim_in(session, [(limits.EMAILS_PER_ADDRESS, email)]).allowed


def checked_password(
    db: Database, email: str, client: str, password_hash: str | None, password: str
) -> tuple[Outcome, limits.Claim]:
    """Claim a sign-in attempt for the address and the client, then check the password.

    The claim is its own short transaction, so at most the limit's number of attempts reach
    the Argon2 check however many arrive at once; the check runs outside any transaction.
    A caller that goes on after OK settles the claim in its own transaction.
    """
    claimed = limits.claim(
        db, (limits.SIGN_IN_PER_CLIENT, client), (limits.SIGN_IN_PER_EMAIL, email)
    )
    if claimed.stopped_by is not None:
        check_password(None, password)
        return (Outcome.TOO_MANY if claimed.stopped_by.by_client else Outcome.LOCKED), claimed
    if not check_password(password_hash, password):
        return Outcome.WRONG, claimed
    return Outcome.OK, claimed


def register(
    db: Database, secret_key: str, mailer: Mailer, email: str, password: str, confirm: Link
) -> None:
    """Send a confirmation link; the account is made when it is followed.

    An address with an account gets an email saying so, and nothing changes.
    """
    password_hash = hash_password(password)  # the same work either way
    with db.writes() as session:
        if may_email(session, email):
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
    with db.reads() as session:
        found = tokens.find(session, secret_key, tokens.REGISTER, link)
        if found is None:
            return Outcome.INVALID_LINK
        email, chosen = found.email, str(found.data.get("password_hash", ""))
    outcome, claimed = checked_password(db, email, client, chosen, password)
    if outcome is not Outcome.OK:
        return outcome
    with db.writes() as session:
        token = tokens.find(session, secret_key, tokens.REGISTER, link, lock=True)
        if token is None:
            return Outcome.INVALID_LINK
        limits.settle(session, claimed)
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
        start_session(session, account.id, secure=secure)
        session.commit()
    return Outcome.OK


def sign_in(db: Database, email: str, password: str, client: str, *, secure: bool) -> Outcome:
    """Check the email and password and start a new session; count and limit failures."""
    with db.reads() as session:
        account = find_account(session, email)
        password_hash = account.password_hash if account else None
    outcome, claimed = checked_password(db, email, client, password_hash, password)
    if outcome is not Outcome.OK or account is None or password_hash is None:
        return outcome
    rehashed = hash_password(password) if needs_rehash(password_hash) else None
    with db.writes() as session:
        limits.settle(session, claimed)
        stored = session.get(Account, account.id)
        if stored is None:  # deleted while the password was checked
            session.commit()
            return Outcome.WRONG
        if rehashed:
            stored.password_hash = rehashed
        start_session(session, stored.id, secure=secure)
        session.commit()
    return Outcome.OK


def request_reset(db: Database, secret_key: str, mailer: Mailer, email: str, reset: Link) -> None:
    """Email a reset link if an account has this address; nothing otherwise."""
    with db.writes() as session:
        if may_email(session, email):
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
