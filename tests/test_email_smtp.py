"""The SMTP sender against a real SMTP server on 127.0.0.1 (aiosmtpd), through the outbox."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from mvpkit import clock
from mvpkit.email.models import OutboxEmail
from mvpkit.email.outbox import deliver_due, queue_email
from mvpkit.email.senders import SmtpSender
from mvpkit.migrate import upgrade
from mvpkit.store.database import Database, connect


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=default)
        assert isinstance(message, EmailMessage)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def text_of(message: EmailMessage) -> str:
    """The plain text body, with the line endings SMTP gave it made plain."""
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content()).replace("\r\n", "\n")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = connect(f"sqlite:///{tmp_path / 'mail.sqlite3'}")
    upgrade(database.engine)
    yield database
    database.dispose()


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def inbox(port: int) -> Iterator[Inbox]:
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler
    controller.stop()


def smtp_sender(port: int) -> SmtpSender:
    return SmtpSender(
        host="127.0.0.1",
        port=port,
        starttls=False,
        from_address="bookings@council.example.gov.uk",
        timeout=5,
    )


def queue_confirmation(db: Database) -> int:
    with db.writes() as session:
        email = queue_email(
            session,
            "register-a-birth-or-death",
            "resident@example.org",
            "Your appointment: Monday 1 December at 10:30am",
            "Your reference is BD-7K4M-92QF.\n\nBring the baby's red book.",
        )
        session.commit()
        return email.id


def test_an_email_reaches_a_real_smtp_server(db: Database, inbox: Inbox, port: int) -> None:
    email_id = queue_confirmation(db)
    report = deliver_due(db, smtp_sender(port))
    assert report.sent == (email_id,)
    [(mail_from, recipients, message)] = inbox.messages
    assert mail_from == "bookings@council.example.gov.uk"
    assert recipients == ["resident@example.org"]
    assert message["To"] == "resident@example.org"
    assert message["Subject"] == "Your appointment: Monday 1 December at 10:30am"
    assert text_of(message) == "Your reference is BD-7K4M-92QF.\n\nBring the baby's red book.\n"
    with db.reads() as session:
        row = session.get(OutboxEmail, email_id)
        assert row is not None
        assert row.status == "sent"
        assert row.provider_id == message["Message-ID"]


def test_a_stopped_server_means_a_retry_later_and_nothing_lost(db: Database, port: int) -> None:
    email_id = queue_confirmation(db)
    now = clock.now()
    report = deliver_due(db, smtp_sender(port), now=now)  # nothing listens on the port
    assert report.retrying == (email_id,)
    with db.reads() as session:
        row = session.scalars(select(OutboxEmail)).one()
        assert (row.status, row.attempts) == ("pending", 1)
        assert "refused" in row.last_error.lower()
        retry_at = clock.as_utc(row.next_attempt_at)
    assert retry_at == now + timedelta(minutes=1)

    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert deliver_due(db, smtp_sender(port), now=now + timedelta(seconds=30)).attempted == 0
        report = deliver_due(db, smtp_sender(port), now=retry_at)
    finally:
        controller.stop()
    assert report.sent == (email_id,)
    [(_, recipients, message)] = handler.messages
    assert recipients == ["resident@example.org"]
    assert "BD-7K4M-92QF" in text_of(message)
    with db.reads() as session:
        row = session.scalars(select(OutboxEmail)).one()
        assert (row.status, row.attempts) == ("sent", 1)
        assert row.last_error  # the failed attempt's error stays on the record
