"""Helpers for the account tests: register through the pages, read links from the outbox."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from mvpkit.email.models import OutboxEmail
from mvpkit.patterns.account.sessions import COOKIE
from tests.conftest import ROOT
from tests.support import Browser

MY_ACCOUNT = ROOT / "exemplars" / "my-account"
PASSWORD = "three random words here"
LINK = re.compile(r"https?://[^/\s]+(/\S+)")


def emails_to(app: Flask, address: str) -> list[OutboxEmail]:
    """Every email queued to this address, oldest first."""
    with app.extensions["mvpkit"].db.reads() as session:
        return list(
            session.scalars(
                select(OutboxEmail).where(OutboxEmail.to == address).order_by(OutboxEmail.id)
            )
        )


def last_link(app: Flask, address: str) -> str:
    """The path of the last link emailed to this address."""
    emails = emails_to(app, address)
    assert emails, f"no email to {address}"
    found = LINK.findall(emails[-1].body)
    assert found, emails[-1].body
    return str(found[0])


def register(app: Flask, email: str, password: str = PASSWORD) -> Browser:
    """Register, follow the emailed link and confirm: a browser signed in to the new account."""
    resident = Browser(app.test_client())
    resident.get("/register")
    response = resident.submit(data={"email": email, "password": password})
    assert response.status_code == 302, resident.page and resident.page.error_summary
    resident.get(last_link(app, email))
    response = resident.submit(data={"password": password})
    assert response.status_code == 302
    assert response.location == "/"
    return resident


def sign_in(app: Flask, email: str, password: str = PASSWORD) -> Browser:
    """A new browser, signed in."""
    resident = Browser(app.test_client())
    resident.get("/sign-in")
    response = resident.submit(data={"email": email, "password": password})
    assert response.status_code == 302, response.status_code
    return resident


def session_token(resident: Browser) -> str:
    """The account cookie's value in this browser."""
    cookie = resident.client.get_cookie(COOKIE)
    assert cookie is not None
    return cookie.value


def without_csrf(html: str) -> str:
    """A page's HTML with its CSRF token and CSP nonces blanked, to compare two answers."""
    html = re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value=""', html)
    return re.sub(r'nonce="[^"]*"', 'nonce=""', html)
