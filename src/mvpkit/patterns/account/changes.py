"""A signed-in resident changes their details, email address or password, or deletes it all."""

from __future__ import annotations

from sqlalchemy import delete, or_, update
from sqlalchemy.orm import Session

from mvpkit import clock
from mvpkit.auth import limits
from mvpkit.auth.hashing import hash_password
from mvpkit.patterns.account import tokens
from mvpkit.patterns.account.access import Link, Outcome, checked_password, find_account, may_email
from mvpkit.patterns.account.mail import Mailer
from mvpkit.patterns.account.models import Account, AccountToken
from mvpkit.patterns.account.sessions import end_sessions, start_session
from mvpkit.registry import installed_patterns
from mvpkit.store.database import Database
from mvpkit.store.models import Submission


def change_details(db: Database, account_id: int, name: str, phone: str) -> None:
    """Keep the resident's name and phone number."""
    with db.writes() as session:
        account = session.get(Account, account_id)
        if account is not None:
            account.name = name
            account.phone = phone
            session.commit()


def _password_ok(
    db: Database, account_id: int, password: str, client: str
) -> tuple[Outcome, limits.Claim | None]:
    """Check the current password, counted with sign-in failures and locked the same way."""
    with db.reads() as session:
        account = session.get(Account, account_id)
        if account is None:
            return Outcome.INVALID_LINK, None
        email, password_hash = account.email, account.password_hash
    return checked_password(db, email, client, password_hash, password)


def _with_password(
    session: Session, account_id: int, claimed: limits.Claim | None
) -> Account | None:
    """The account, in the caller's transaction, once its password was right."""
    account = session.get(Account, account_id)
    if account is not None and claimed is not None:
        limits.settle(session, claimed)
    return account


def change_password(
    db: Database,
    mailer: Mailer,
    account_id: int,
    current: str,
    new: str,
    client: str,
    *,
    secure: bool,
) -> Outcome:
    """Set a new password if the current one is right; every other session ends."""
    outcome, claimed = _password_ok(db, account_id, current, client)
    if outcome is not Outcome.OK:
        return outcome
    new_hash = hash_password(new)
    with db.writes() as session:
        account = _with_password(session, account_id, claimed)
        if account is None:
            return Outcome.INVALID_LINK
        account.password_hash = new_hash
        account.updated_at = clock.now()
        end_sessions(session, account.id)
        start_session(session, account.id, secure=secure)
        mailer.password_changed(session, account.email)
        session.commit()
    return Outcome.OK


def request_email_change(
    db: Database,
    secret_key: str,
    mailer: Mailer,
    account_id: int,
    new_email: str,
    password: str,
    client: str,
    confirm: Link,
) -> Outcome:
    """Send a confirmation link to the new address; the account moves when it is followed."""
    outcome, claimed = _password_ok(db, account_id, password, client)
    if outcome is not Outcome.OK:
        return outcome
    with db.writes() as session:
        account = _with_password(session, account_id, claimed)
        if account is None:
            return Outcome.INVALID_LINK
        if may_email(session, new_email):
            if find_account(session, new_email) is not None:
                mailer.already_registered(session, new_email)
            else:
                token = tokens.issue(
                    session,
                    secret_key,
                    tokens.NEW_EMAIL,
                    new_email,
                    account_id=account.id,
                    data={"old_email": account.email},
                )
                mailer.confirm_new_address(session, new_email, confirm(token))
        session.commit()
    return Outcome.OK


def new_email_of(db: Database, secret_key: str, link: str) -> str | None:
    """The address an email-change link would move the account to, while it can be used."""
    with db.reads() as session:
        token = tokens.find(session, secret_key, tokens.NEW_EMAIL, link)
        return token.email if token else None


def confirm_email_change(db: Database, secret_key: str, mailer: Mailer, link: str) -> Outcome:
    """Move the account to the new address the link was sent to; tell the old address."""
    with db.writes() as session:
        token = tokens.find(session, secret_key, tokens.NEW_EMAIL, link, lock=True)
        account = session.get(Account, token.account_id) if token and token.account_id else None
        if token is None or account is None or find_account(session, token.email):
            return Outcome.INVALID_LINK
        token.used_at = clock.now()
        old = account.email
        account.email = token.email
        account.updated_at = clock.now()
        mailer.address_changed(session, old, token.email)
        session.commit()
    return Outcome.OK


def delete_account(
    db: Database, mailer: Mailer, account_id: int, password: str, client: str
) -> Outcome:
    """Delete the account, its sessions and links; unlink the council's records from it.

    Submissions and bookings are the council's records and are kept, with their answers,
    but no longer point at an account.
    """
    outcome, claimed = _password_ok(db, account_id, password, client)
    if outcome is not Outcome.OK:
        return outcome
    with db.writes() as session:
        account = _with_password(session, account_id, claimed)
        if account is None:
            return Outcome.INVALID_LINK
        session.execute(
            update(Submission).where(Submission.account_id == account.id).values(account_id=None)
        )
        for pattern in installed_patterns():  # appointments, say, kept as the council's
            pattern.account_deleted(session, account.id)
        end_sessions(session, account.id)
        session.execute(
            delete(AccountToken).where(
                or_(AccountToken.account_id == account.id, AccountToken.email == account.email)
            )
        )
        mailer.account_deleted(session, account.email)
        session.delete(account)
        session.commit()
    return Outcome.OK
