"""Emailed links start with MVPKIT_PUBLIC_URL, and a request naming another host is refused."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.test import Client, TestResponse

from mvpkit.email.models import OutboxEmail
from mvpkit.serve import build_wsgi
from tests.account_support import MY_ACCOUNT, PASSWORD, register
from tests.conftest import ROOT, AppFactory
from tests.support import Browser, Page, assert_govuk_page
from tests.test_booking_journey import DETAILS, up_to_details

PUBLIC = "https://services.council.example"
BOOKING = ROOT / "exemplars" / "register-a-birth-or-death"
FORGED = {"Host": "evil.example"}
REFUSED = "Sorry, there is a problem with what was sent"
RESIDENT = "resident@example.org"


def bodies(app: Flask) -> list[str]:
    """Every queued email's body."""
    with app.extensions["mvpkit"].db.reads() as session:
        return list(session.scalars(select(OutboxEmail.body).order_by(OutboxEmail.id)))


def post(visitor: Browser, url: str, data: dict[str, str], headers: dict[str, str]) -> TestResponse:
    """Open the form at `url`, then send it with these answers and headers."""
    page = visitor.get(url)
    return visitor.client.post(url, data={"csrf_token": page.csrf_token(), **data}, headers=headers)


def ask_registration(visitor: Browser, headers: dict[str, str]) -> TestResponse:
    """Ask to register."""
    return post(visitor, "/register", {"email": RESIDENT, "password": PASSWORD}, headers)


def ask_reset(visitor: Browser, headers: dict[str, str]) -> TestResponse:
    """Ask for a password-reset link for an account that exists."""
    return post(visitor, "/forgotten-password", {"email": RESIDENT}, headers)


def ask_email_change(visitor: Browser, headers: dict[str, str]) -> TestResponse:
    """Ask, signed in, to move the account to a new address."""
    data = {"email": "new@example.org", "password": PASSWORD}
    return post(visitor, "/change-email", data, headers)


def ask_appointment(visitor: Browser, headers: dict[str, str]) -> TestResponse:
    """Book an appointment, sending the last form with these headers."""
    up_to_details(visitor)
    visitor.answer("details", DETAILS)
    return post(visitor, "/check-answers", {}, headers)


Ask = Callable[[Browser, dict[str, str]], TestResponse]
KINDS: dict[str, tuple[Path, Ask, str]] = {
    "registration": (MY_ACCOUNT, ask_registration, "/confirm-email/"),
    "password reset": (MY_ACCOUNT, ask_reset, "/reset-password/"),
    "email change": (MY_ACCOUNT, ask_email_change, "/confirm-new-email/"),
    "appointment": (BOOKING, ask_appointment, "/appointments/RB-"),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_forged_host_gets_the_400_page_and_no_link(
    make_app: AppFactory, database_url: str, kind: str
) -> None:
    service_dir, ask, path = KINDS[kind]
    app = make_app(service_dir, database_url, public_url=PUBLIC)
    visitor = Browser(app.test_client())
    if kind in ("password reset", "email change"):
        resident = register(app, RESIDENT)
        visitor = resident if kind == "email change" else visitor
    before = len(bodies(app))

    forged = ask(visitor, FORGED)
    assert forged.status_code == 400
    assert Page(forged).h1 == REFUSED
    assert_govuk_page(Page(forged))
    assert len(bodies(app)) == before
    assert ask(visitor, {}).status_code == 302  # the same request from a trusted host
    [link] = [body for body in bodies(app)[before:] if path in body]
    assert f"{PUBLIC}{path}" in link
    assert not any("evil.example" in body for body in bodies(app))


def test_links_name_the_public_address_whatever_trusted_host_was_used(
    make_app: AppFactory,
) -> None:
    app = make_app(MY_ACCOUNT, public_url=PUBLIC)
    client = app.test_client()
    host = {"Host": "127.0.0.1:8000"}
    token = Page(client.get("/register", headers=host)).csrf_token()
    form = {"csrf_token": token, "email": RESIDENT, "password": PASSWORD}
    assert client.post("/register", data=form, headers=host).status_code == 302
    [body] = bodies(app)
    assert re.search(rf"{re.escape(PUBLIC)}/confirm-email/\S+", body)
    assert "127.0.0.1" not in body


def test_links_carry_the_mount_path_under_mvpkit_serve(tmp_path: Path) -> None:
    config = {
        "database_url": f"sqlite:///{tmp_path / 'served.sqlite3'}",
        "secret_key": "served-secret-key-that-is-long-enough",
        "served_url": "http://127.0.0.1:8123",
    }
    client = Client(build_wsgi([MY_ACCOUNT], config=config))
    page = client.get("/my-account/register", headers={"Host": "127.0.0.1:8123"})
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert token
    form = {"csrf_token": token.group(1), "email": RESIDENT, "password": PASSWORD}
    sent = client.post("/my-account/register", data=form, headers={"Host": "127.0.0.1:8123"})
    assert sent.status_code == 302
    refused = client.post("/my-account/register", data=form, headers=FORGED)
    assert refused.status_code == 400
    app = client.application.mounts["/my-account"]  # type: ignore[attr-defined]
    [body] = bodies(app)
    assert "http://127.0.0.1:8123/my-account/confirm-email/" in body
    app.extensions["mvpkit"].db.dispose()


def test_email_links_made_in_a_request_build_addresses_after_it(make_app: AppFactory) -> None:
    """The links a send transaction puts in emails need no request: one is made beforehand."""
    from mvpkit.email.links import EmailLinks

    app = make_app(MY_ACCOUNT, public_url=PUBLIC)
    with app.test_request_context("/", base_url="http://localhost/council/my-account/"):
        links = EmailLinks.for_request()
    # the request is over: no Flask globals are left to reach for
    address = links.url("account_access.forgotten")
    assert address == f"{PUBLIC.rstrip('/')}/council/my-account/forgotten-password"
