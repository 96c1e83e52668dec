"""The account pattern's pages, checked with axe as shown and showing their errors.

The check makes an account through the pages, following the link from the development
outbox, so it needs a service outside production.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from flask import Flask
from playwright.sync_api import Page, expect

from mvpkit.testing.axe import assert_accessible

SIGNED_OUT = ("/sign-in", "/register", "/forgotten-password")
SIGNED_IN = (
    "/your-details",
    "/change-email",
    "/change-password",
    "/add-a-report",
    "/delete-account",
)
LINK = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class AccountPages:
    """The account pages of a service, below this prefix ("" or "/account")."""

    prefix: str


def account_paths(app: Flask, blueprint: str) -> list[str]:
    """The addresses of a blueprint's pages that take no value in the address."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith(f"{blueprint}.")
        and "GET" in (rule.methods or ())
        and not rule.arguments
    )


def check_account_pages(page: Page, service_url: str, prefix: str, app: Flask) -> None:
    """axe on every account page, signed out and signed in, and on each form's errors."""
    for path in account_paths(app, "account_access"):
        _check_page(page, f"{service_url}{path}")
    _register(page, service_url, prefix)
    assert_accessible(page)
    for path in account_paths(app, "account"):
        _check_page(page, f"{service_url}{path}")


def _check_page(page: Page, url: str) -> None:
    """The page as shown, then, if it has a form, sent empty (sign-out forms are left alone)."""
    page.goto(url)
    assert_accessible(page)
    form = page.locator("main form[novalidate]")
    if not form.count():
        return
    form.last.locator("button[type=submit]").click()
    if page.locator(".govuk-error-summary").count():
        expect(page).to_have_title(re.compile(r"^Error: "))
        assert_accessible(page)


def _register(page: Page, service_url: str, prefix: str) -> None:
    email = f"check-{secrets.token_hex(4)}@example.com"
    password = secrets.token_urlsafe(18)
    page.goto(f"{service_url}{prefix}/register")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Create a password").fill(password)
    page.get_by_role("button", name="Create account").click()
    page.goto(f"{service_url}/outbox")
    found = LINK.search(page.locator("pre").first.inner_text())
    assert found, "the confirmation email has no link"
    page.goto(found.group(0))
    assert_accessible(page)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Confirm and sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
