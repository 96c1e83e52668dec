"""Senders: development (the outbox row is the record), SMTP, and GOV.UK Notify."""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any, Protocol

SMTP_TIMEOUT = 30.0  # seconds; well inside the outbox's claim timeout


@dataclass(frozen=True)
class OutgoingEmail:
    """An email claimed from the outbox, as a sender sees it."""

    id: int
    service: str
    to: str
    subject: str
    body: str
    template_id: str | None = None
    personalisation: dict[str, Any] | None = None


class Sender(Protocol):
    """Sends one email; returns the provider's id for it, or raises when it was not sent."""

    def send(self, message: OutgoingEmail) -> str: ...


class EmailSettingsError(ValueError):
    """The email settings are missing or wrong; the message says which, on one line."""


@dataclass(frozen=True)
class DevelopmentSender:
    """Sends nothing: the outbox row, marked sent, is the record of the email."""

    def send(self, message: OutgoingEmail) -> str:
        return f"development-{message.id}"


@dataclass(frozen=True)
class SmtpSender:
    """Sends through an SMTP server, with STARTTLS and a login when those are set."""

    host: str
    port: int = 587
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = True
    from_address: str = ""
    timeout: float = SMTP_TIMEOUT

    def send(self, message: OutgoingEmail) -> str:
        email = EmailMessage()
        email["From"] = self.from_address
        email["To"] = message.to
        email["Subject"] = message.subject
        email["Date"] = formatdate(localtime=False, usegmt=True)
        message_id = make_msgid(domain=self.from_address.rpartition("@")[2] or None)
        email["Message-ID"] = message_id
        email.set_content(message.body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(email)
        return message_id


class NotifySender:
    """Sends through GOV.UK Notify, with one template whose content is ((subject)) and ((body)).

    An email queued with its own template id and personalisation uses those instead; its
    subject and body are still passed as personalisation.
    """

    def __init__(self, api_key: str, template_id: str, client: Any = None) -> None:
        if client is None:
            from notifications_python_client.notifications import NotificationsAPIClient

            client = NotificationsAPIClient(api_key)  # type: ignore[no-untyped-call]
        self.client = client
        self.template_id = template_id

    def send(self, message: OutgoingEmail) -> str:
        personalisation = {
            "subject": message.subject,
            "body": message.body,
            **(message.personalisation or {}),
        }
        response = self.client.send_email_notification(
            email_address=message.to,
            template_id=message.template_id or self.template_id,
            personalisation=personalisation,
            reference=f"outbox-{message.id}",
        )
        return str(response["id"])


def sender_from_settings(environ: Mapping[str, str] | None = None) -> Sender:
    """The sender `MVPKIT_EMAIL_SENDER` names: development (the default), smtp or notify."""
    env = os.environ if environ is None else environ
    choice = (env.get("MVPKIT_EMAIL_SENDER") or "development").strip().lower()
    if choice == "development":
        return DevelopmentSender()
    if choice == "smtp":
        return _smtp_sender(env)
    if choice == "notify":
        missing = _missing(env, "MVPKIT_NOTIFY_API_KEY", "MVPKIT_NOTIFY_TEMPLATE_ID")
        if missing:
            raise EmailSettingsError(f"MVPKIT_EMAIL_SENDER=notify needs {missing}")
        return NotifySender(env["MVPKIT_NOTIFY_API_KEY"], env["MVPKIT_NOTIFY_TEMPLATE_ID"])
    raise EmailSettingsError(
        f"MVPKIT_EMAIL_SENDER must be development, smtp or notify, not {choice!r}"
    )


def _smtp_sender(env: Mapping[str, str]) -> SmtpSender:
    missing = _missing(env, "MVPKIT_SMTP_HOST", "MVPKIT_SMTP_FROM")
    if missing:
        raise EmailSettingsError(f"MVPKIT_EMAIL_SENDER=smtp needs {missing}")
    port_text = env.get("MVPKIT_SMTP_PORT") or "587"
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise EmailSettingsError(f"MVPKIT_SMTP_PORT must be a port number, not {port_text!r}")
    starttls_text = (env.get("MVPKIT_SMTP_STARTTLS") or "true").strip().lower()
    if starttls_text not in {"true", "false", "1", "0", "yes", "no"}:
        raise EmailSettingsError(
            f"MVPKIT_SMTP_STARTTLS must be true or false, not {starttls_text!r}"
        )
    username = env.get("MVPKIT_SMTP_USERNAME") or None
    password = env.get("MVPKIT_SMTP_PASSWORD") or None
    if username and not password:
        raise EmailSettingsError("MVPKIT_SMTP_USERNAME is set, so MVPKIT_SMTP_PASSWORD is needed")
    return SmtpSender(
        host=env["MVPKIT_SMTP_HOST"],
        port=int(port_text),
        username=username,
        password=password,
        starttls=starttls_text in {"true", "1", "yes"},
        from_address=env["MVPKIT_SMTP_FROM"],
    )


def _missing(env: Mapping[str, str], *names: str) -> str:
    """The names among these that are unset or empty, joined with 'and'."""
    return " and ".join(name for name in names if not env.get(name))
