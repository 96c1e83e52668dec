"""The emails the account pattern sends, queued in the transaction of the change they are about."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from mvpkit.email.outbox import queue_email

IGNORE = "If you did not ask for this, you can ignore this email: nothing will change."


@dataclass(frozen=True)
class Mailer:
    """Who sends (the service's slug and name) and the service's own pages to link to."""

    service: str
    service_name: str
    sign_in_url: str
    reset_url: str

    def _queue(self, session: Session, to: str, subject: str, *paragraphs: str) -> None:
        body = "\n\n".join((*paragraphs, f"{self.service_name}"))
        queue_email(session, self.service, to, subject, body)

    def confirm_address(self, session: Session, to: str, link: str) -> None:
        """The link that confirms a new account's address."""
        self._queue(
            session,
            to,
            "Confirm your email address",
            "Use this link to confirm your email address and finish creating your account:",
            link,
            "The link works once, for 24 hours.",
            IGNORE,
        )

    def already_registered(self, session: Session, to: str) -> None:
        """Someone tried to make an account, or move one, to an address that has one."""
        self._queue(
            session,
            to,
            "You already have an account",
            "Someone tried to create an account with this email address, which already has one.",
            f"If it was you, sign in: {self.sign_in_url}",
            f"If you have forgotten your password, reset it: {self.reset_url}",
            IGNORE,
        )

    def reset_password(self, session: Session, to: str, link: str) -> None:
        """The link that lets the owner choose a new password."""
        self._queue(
            session,
            to,
            "Reset your password",
            "Use this link to choose a new password:",
            link,
            "The link works once, for 1 hour.",
            IGNORE,
        )

    def password_changed(self, session: Session, to: str) -> None:
        """The password was changed or reset: every other browser has been signed out."""
        self._queue(
            session,
            to,
            "Your password has been changed",
            "The password for your account has been changed, and you have been signed out "
            "everywhere else.",
            f"If you did not do this, reset your password now: {self.reset_url}",
        )

    def confirm_new_address(self, session: Session, to: str, link: str) -> None:
        """The link that moves an account to this new address."""
        self._queue(
            session,
            to,
            "Confirm your new email address",
            "Use this link to confirm this is your new email address:",
            link,
            "The link works once, for 24 hours.",
            IGNORE,
        )

    def address_changed(self, session: Session, to: str, new: str) -> None:
        """Tell the old address that the account has moved."""
        self._queue(
            session,
            to,
            "Your email address has been changed",
            f"Your account now uses {new}. We will not send email to this address again.",
            f"If you did not do this, contact us. Sign in: {self.sign_in_url}",
        )

    def account_deleted(self, session: Session, to: str) -> None:
        """The account has gone."""
        self._queue(
            session,
            to,
            "Your account has been deleted",
            "Your account and the details in it have been deleted.",
            "Reports and appointments you made are kept by the council as its records, "
            "but they are no longer linked to an account.",
        )
