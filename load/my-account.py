"""Load test for My Account: residents looking at their account, and signing in now and then.

Serve the service, then give Locust its address (never a host other than 127.0.0.1):

    mvpkit serve exemplars/my-account --port 8000 --no-access-log
    locust -f load/my-account.py --headless -u 10 -r 5 -t 30s \\
        --host http://127.0.0.1:8000/my-account

Signing in checks an Argon2 hash (about 64 MiB and tens of milliseconds of a core each), so
the mix is what residents do: an account is made and signed in to once, then looked at
many times. Registration follows the link from the development outbox page, so the server
must not run in production mode. Locust exits with 1 when a budget in
exemplars/my-account/service.yaml is broken. `mvpkit check exemplars/my-account` runs this
file as its load stage.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from locust import between, task

from mvpkit.gate.budgets import budgets_for
from mvpkit.gate.locust_users import (
    BrowserUser,
    check_budgets_on_quit,
    fetch,
    form_token,
    post_form,
)

SERVICE = Path(__file__).resolve().parents[1] / "exemplars" / "my-account"
PASSWORD = "load test password words"  # noqa: S105 - a test account

check_budgets_on_quit(budgets_for(SERVICE))


def confirmation_path(outbox_html: str, email: str) -> str | None:
    """The path of the confirmation link the outbox page shows for this address."""
    found = re.search(
        rf"{re.escape(email)}.*?(/confirm-email/[A-Za-z0-9_.\-]+)", outbox_html, re.DOTALL
    )
    return found.group(1) if found else None


class Resident(BrowserUser):
    """Someone who makes an account, then keeps coming back to see their reports."""

    wait_time = between(0.5, 1.5)
    email = ""

    def on_start(self) -> None:
        self.email = f"resident-{secrets.token_hex(6)}@example.com"
        self.register()

    def register(self) -> bool:
        """Create the account and confirm it from the emailed link: signed in after."""
        token = form_token(self.client, "/register", "/register")
        fields = {"csrf_token": token or "", "email": self.email, "password": PASSWORD}
        if token is None or not post_form(
            self.client, "/register", fields, "/register", "/register/check-your-email"
        ):
            return False
        outbox = fetch(self.client, "/outbox", "/outbox", must_show=self.email)
        link = confirmation_path(outbox or "", self.email)
        if link is None:
            return False
        token = form_token(self.client, link, "/confirm-email/[link]")
        fields = {"csrf_token": token or "", "password": PASSWORD}
        return token is not None and post_form(
            self.client, link, fields, "/confirm-email/[link]", "/"
        )

    @task(8)
    def look_at_my_account(self) -> None:
        fetch(self.client, "/", "/", must_show="Your reports")

    @task(2)
    def look_at_my_details(self) -> None:
        fetch(self.client, "/your-details", "/your-details", must_show="Full name")

    @task(1)
    def sign_out_and_in_again(self) -> None:
        """Sign out, then back in: one Argon2 check."""
        token = form_token(self.client, "/", "/")
        if token is None or not post_form(
            self.client, "/sign-out", {"csrf_token": token}, "/sign-out", "/signed-out"
        ):
            return
        token = form_token(self.client, "/sign-in", "/sign-in")
        fields = {"csrf_token": token or "", "email": self.email, "password": PASSWORD}
        if token is not None:
            post_form(self.client, "/sign-in", fields, "/sign-in", "/")
