"""The development outbox page and `mvpkit email send`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from mvpkit.cli import main
from mvpkit.email.outbox import queue_email
from tests.conftest import EXEMPLAR, AppFactory
from tests.support import Browser


def queue(app: Flask, subject: str = "Your report RF-7K4M-9QFA") -> None:
    """Queue one email for the exemplar, as a booking or account would."""
    with app.extensions["mvpkit"].db.writes() as session:
        queue_email(
            session,
            "report-a-fault",
            "sam@example.com",
            subject,
            "We have received your report.\nTrack it online.",
        )
        session.commit()


def test_the_outbox_page_shows_queued_and_sent_email(
    make_app: AppFactory, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(EXEMPLAR, sqlite_url)
    visitor = Browser(app.test_client())
    assert "No emails yet." in visitor.get("/outbox").text()
    queue(app)
    page = visitor.get("/outbox")
    assert page.h1 == "Emails sent by this service"
    assert "Your report RF-7K4M-9QFA" in page.text()
    assert "sam@example.com" in page.text()
    assert "Pending" in page.text()

    monkeypatch.setenv("MVPKIT_DATABASE_URL", sqlite_url)
    monkeypatch.delenv("MVPKIT_EMAIL_SENDER", raising=False)
    result = CliRunner().invoke(main, ["email", "send", "--service", str(EXEMPLAR)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Sent 1, will retry 0, failed 0"
    assert "Sent" in visitor.get("/outbox").text()


def test_the_outbox_page_makes_the_addresses_in_emails_links(
    make_app: AppFactory, sqlite_url: str
) -> None:
    app = make_app(EXEMPLAR, sqlite_url)
    with app.extensions["mvpkit"].db.writes() as session:
        queue_email(
            session,
            "report-a-fault",
            "sam@example.com",
            "Your appointment",
            "Change it (http://localhost/appointments/RB-1?key=a&b=2).\nOr <b>call</b> us.",
        )
        session.commit()
    page = Browser(app.test_client()).get("/outbox")
    links = [a for a in page.find("a") if a.attrs["href"].startswith("http://localhost/")]
    address = "http://localhost/appointments/RB-1?key=a&b=2"
    assert [(a.attrs["href"], a.text) for a in links] == [(address, address)]
    assert "</a>).\nOr &lt;b&gt;call&lt;/b&gt; us." in page.html


def test_there_is_no_outbox_page_in_production(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mvpkit.app import create_app

    monkeypatch.setenv("MVPKIT_ENV", "production")
    monkeypatch.setenv("MVPKIT_SECRET_KEY", "p" * 64)
    monkeypatch.setenv("MVPKIT_PUBLIC_URL", "https://services.council.example")
    app = create_app(EXEMPLAR, {"database_url": f"sqlite:///{tmp_path}/p.sqlite3"})
    public = "https://services.council.example"
    assert app.test_client().get("/outbox", base_url=public).status_code == 404
    app.extensions["mvpkit"].db.dispose()


def test_email_send_explains_missing_settings(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MVPKIT_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("MVPKIT_EMAIL_SENDER", "smtp")
    for name in ("MVPKIT_SMTP_HOST", "MVPKIT_SMTP_FROM"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(main, ["email", "send", "--service", str(EXEMPLAR)])
    assert result.exit_code == 1
    assert "MVPKIT_SMTP_HOST" in result.output
    assert "Traceback" not in result.output
