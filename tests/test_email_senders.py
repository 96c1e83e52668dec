"""Senders chosen by settings, and GOV.UK Notify with its HTTP call stubbed (no network)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from notifications_python_client.notifications import NotificationsAPIClient

from mvpkit.email.models import OutboxEmail
from mvpkit.email.outbox import deliver_due, queue_email
from mvpkit.email.senders import (
    DevelopmentSender,
    EmailSettingsError,
    NotifySender,
    OutgoingEmail,
    SmtpSender,
    sender_from_settings,
)
from mvpkit.migrate import upgrade
from mvpkit.store.database import connect

API_KEY = f"mvpkit_test-{uuid.uuid4()}-{uuid.uuid4()}"
TEMPLATE = str(uuid.uuid4())


class StubbedPost:
    """Stands in for NotificationsAPIClient.post: records what would go over HTTP."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, url: str, data: dict[str, Any]) -> dict[str, Any]:
        self.calls.append((url, data))
        return {"id": "740e5834-3a29-46b4-9a6f-16142fde533a", "reference": data.get("reference")}


@pytest.fixture
def notify(monkeypatch: pytest.MonkeyPatch) -> tuple[NotifySender, StubbedPost]:
    sender = NotifySender(API_KEY, TEMPLATE)
    assert isinstance(sender.client, NotificationsAPIClient)
    post = StubbedPost()
    monkeypatch.setattr(sender.client, "post", post)
    return sender, post


def test_notify_sends_subject_and_body_as_personalisation(
    notify: tuple[NotifySender, StubbedPost],
) -> None:
    sender, post = notify
    message = OutgoingEmail(7, "svc", "resident@example.org", "Your booking", "See you Monday")
    assert sender.send(message) == "740e5834-3a29-46b4-9a6f-16142fde533a"
    [(url, data)] = post.calls
    assert url == "/v2/notifications/email"
    assert data == {
        "email_address": "resident@example.org",
        "template_id": TEMPLATE,
        "personalisation": {"subject": "Your booking", "body": "See you Monday"},
        "reference": "outbox-7",
    }


def test_notify_uses_an_emails_own_template_and_personalisation(
    notify: tuple[NotifySender, StubbedPost],
) -> None:
    sender, post = notify
    message = OutgoingEmail(
        8, "svc", "a@example.org", "S", "B", template_id="own", personalisation={"ref": "BK-1"}
    )
    sender.send(message)
    [(_, data)] = post.calls
    assert data["template_id"] == "own"
    assert data["personalisation"] == {"subject": "S", "body": "B", "ref": "BK-1"}


def test_notify_through_the_outbox_records_notifys_id(
    notify: tuple[NotifySender, StubbedPost], sqlite_url: str
) -> None:
    sender, post = notify
    db = connect(sqlite_url)
    upgrade(db.engine)
    try:
        with db.writes() as session:
            email = queue_email(session, "svc", "a@example.org", "Subject", "Body")
            session.commit()
        assert deliver_due(db, sender).sent == (email.id,)
        assert len(post.calls) == 1
        with db.reads() as session:
            row = session.get(OutboxEmail, email.id)
            assert row is not None
            assert row.provider_id == "740e5834-3a29-46b4-9a6f-16142fde533a"
    finally:
        db.dispose()


def test_development_is_the_default() -> None:
    assert isinstance(sender_from_settings({}), DevelopmentSender)
    assert isinstance(
        sender_from_settings({"MVPKIT_EMAIL_SENDER": "development"}), DevelopmentSender
    )


def test_smtp_settings() -> None:
    sender = sender_from_settings(
        {
            "MVPKIT_EMAIL_SENDER": "smtp",
            "MVPKIT_SMTP_HOST": "smtp.example.org",
            "MVPKIT_SMTP_PORT": "2525",
            "MVPKIT_SMTP_USERNAME": "council",
            "MVPKIT_SMTP_PASSWORD": "s3cret",
            "MVPKIT_SMTP_STARTTLS": "false",
            "MVPKIT_SMTP_FROM": "noreply@council.example.gov.uk",
        }
    )
    assert sender == SmtpSender(
        host="smtp.example.org",
        port=2525,
        username="council",
        password="s3cret",
        starttls=False,
        from_address="noreply@council.example.gov.uk",
    )
    assert "s3cret" not in repr(sender)
    defaults = sender_from_settings(
        {"MVPKIT_EMAIL_SENDER": "smtp", "MVPKIT_SMTP_HOST": "h", "MVPKIT_SMTP_FROM": "f@x.org"}
    )
    assert isinstance(defaults, SmtpSender)
    assert (defaults.port, defaults.starttls, defaults.username) == (587, True, None)


def test_notify_settings() -> None:
    sender = sender_from_settings(
        {
            "MVPKIT_EMAIL_SENDER": "notify",
            "MVPKIT_NOTIFY_API_KEY": API_KEY,
            "MVPKIT_NOTIFY_TEMPLATE_ID": TEMPLATE,
        }
    )
    assert isinstance(sender, NotifySender)
    assert sender.template_id == TEMPLATE


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"MVPKIT_EMAIL_SENDER": "pigeon"}, "must be development, smtp or notify, not 'pigeon'"),
        ({"MVPKIT_EMAIL_SENDER": "smtp"}, "needs MVPKIT_SMTP_HOST and MVPKIT_SMTP_FROM"),
        (
            {"MVPKIT_EMAIL_SENDER": "smtp", "MVPKIT_SMTP_HOST": "h"},
            "needs MVPKIT_SMTP_FROM",
        ),
        (
            {
                "MVPKIT_EMAIL_SENDER": "smtp",
                "MVPKIT_SMTP_HOST": "h",
                "MVPKIT_SMTP_FROM": "f@x.org",
                "MVPKIT_SMTP_PORT": "smtp",
            },
            "MVPKIT_SMTP_PORT must be a port number, not 'smtp'",
        ),
        (
            {
                "MVPKIT_EMAIL_SENDER": "smtp",
                "MVPKIT_SMTP_HOST": "h",
                "MVPKIT_SMTP_FROM": "f@x.org",
                "MVPKIT_SMTP_STARTTLS": "maybe",
            },
            "MVPKIT_SMTP_STARTTLS must be true or false, not 'maybe'",
        ),
        (
            {
                "MVPKIT_EMAIL_SENDER": "smtp",
                "MVPKIT_SMTP_HOST": "h",
                "MVPKIT_SMTP_FROM": "f@x.org",
                "MVPKIT_SMTP_USERNAME": "u",
            },
            "MVPKIT_SMTP_PASSWORD is needed",
        ),
        (
            {"MVPKIT_EMAIL_SENDER": "notify"},
            "needs MVPKIT_NOTIFY_API_KEY and MVPKIT_NOTIFY_TEMPLATE_ID",
        ),
    ],
)
def test_missing_or_wrong_settings_say_which_on_one_line(
    settings: dict[str, str], message: str
) -> None:
    with pytest.raises(EmailSettingsError, match=message) as raised:
        sender_from_settings(settings)
    assert "\n" not in str(raised.value)


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MVPKIT_EMAIL_SENDER", "notify")
    monkeypatch.delenv("MVPKIT_NOTIFY_API_KEY", raising=False)
    with pytest.raises(EmailSettingsError, match="MVPKIT_NOTIFY_API_KEY"):
        sender_from_settings()
