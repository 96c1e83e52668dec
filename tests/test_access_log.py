"""`mvpkit serve`'s access log holds no emailed token and no appointment key."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from mvpkit import clock
from mvpkit.email.models import OutboxEmail
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

PASSWORD = "three random words here"
INPUT = re.compile(r"<input\b[^>]*>")


class Served:
    """`mvpkit serve exemplars` in a process group of its own, its output in a file."""

    def __init__(self, tmp_path: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self.database = tmp_path / "served.sqlite3"
        self.log = tmp_path / "access.log"
        env = {
            **os.environ,
            "MVPKIT_ENV": "development",
            "MVPKIT_DATABASE_URL": f"sqlite:///{self.database}",
            "MVPKIT_SECRET_KEY": "access-log-test-secret-key-long-enough",
        }
        command = [sys.executable, "-m", "mvpkit.cli", "serve", str(ROOT / "exemplars")]
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(
                [*command, "--port", str(self.port), "--workers", "1"],
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_up(self) -> None:
        """Return once /health answers; fail with the log if the server dies or never does."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(self.log.read_text())
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=5):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the server did not start within 60 seconds")

    def stop(self) -> None:
        """Stop the whole process group."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def emailed_links(self, to: str) -> list[str]:
        """The links in the emails queued to this address, oldest first."""
        engine = create_engine(f"sqlite:///{self.database}")
        try:
            with engine.connect() as connection:
                rows = connection.scalars(select(OutboxEmail.body).where(OutboxEmail.to == to))
                return [link for body in rows for link in re.findall(r"http://\S+", body)]
        finally:
            engine.dispose()


class Resident:
    """A browser over HTTP: a cookie jar, the last page, and forms sent with their token."""

    def __init__(self, port: int) -> None:
        self.root = f"http://127.0.0.1:{port}"
        cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(cookies)
        self.html = ""

    def get(self, address: str) -> str:
        """Open a path or a full address."""
        url = address if address.startswith("http") else self.root + address
        with self.opener.open(url, timeout=30) as response:
            self.html = response.read().decode()
        return self.html

    def post(self, address: str, data: dict[str, str]) -> str:
        """Open the form at `address`, then send it with these answers."""
        self.get(address)
        token = re.search(r'name="csrf_token" value="([^"]+)"', self.html)
        assert token, address
        url = address if address.startswith("http") else self.root + address
        body = urllib.parse.urlencode({"csrf_token": token.group(1), **data}).encode()
        with self.opener.open(url, data=body, timeout=30) as response:
            self.html = response.read().decode()
        return self.html

    def first_choice(self, address: str, name: str) -> str:
        """The value of the first radio named `name` on the page."""
        self.get(address)
        for tag in INPUT.findall(self.html):
            if f'name="{name}"' in tag and 'type="radio"' in tag:
                found = re.search(r'value="([^"]+)"', tag)
                assert found
                return found.group(1)
        raise AssertionError(f"no {name} radio on {address}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    server = Served(tmp_path)
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()


def account_links(served: Served) -> list[str]:
    """Register, confirm, ask to change address and to reset the password; the links sent."""
    resident = Resident(served.port)
    account = "/my-account"
    resident.post(f"{account}/register", {"email": "sam@example.org", "password": PASSWORD})
    [confirm] = served.emailed_links("sam@example.org")
    resident.post(confirm, {"password": PASSWORD})
    resident.post(f"{account}/change-email", {"email": "new@example.org", "password": PASSWORD})
    [change] = served.emailed_links("new@example.org")
    resident.get(change)
    stranger = Resident(served.port)
    stranger.post(f"{account}/forgotten-password", {"email": "sam@example.org"})
    reset = [link for link in served.emailed_links("sam@example.org") if "reset" in link]
    stranger.get(reset[0])
    return [confirm, change, reset[0]]


def appointment_link(served: Served) -> str:
    """Book the first free time over HTTP; the link to change or cancel it."""
    resident = Resident(served.port)
    service = "/register-a-birth-or-death"
    resident.post(f"{service}/register-what", {"register-what": "birth"})
    born = clock.today() - timedelta(days=10)
    resident.post(
        f"{service}/birth-date",
        {
            "birth-date-day": str(born.day),
            "birth-date-month": str(born.month),
            "birth-date-year": str(born.year),
        },
    )
    day = resident.first_choice(f"{service}/appointment-day", "appointment-day")
    resident.post(f"{service}/appointment-day", {"appointment-day": day})
    slot = resident.first_choice(f"{service}/appointment-time", "appointment-time")
    resident.post(f"{service}/appointment-time", {"appointment-time": slot})
    details = {"full-name": "Sam Jones", "email": "booker@example.org", "phone": ""}
    resident.post(f"{service}/details", details)
    resident.post(f"{service}/check-answers", {})
    [link] = [link for link in served.emailed_links("booker@example.org") if "key=" in link]
    resident.get(link)
    return link


def test_the_access_log_holds_no_token_and_no_key(served: Served) -> None:
    links = [*account_links(served), appointment_link(served)]
    served.stop()
    log = served.log.read_text()

    secrets = [urllib.parse.urlsplit(link).path.rsplit("/", 1)[-1] for link in links[:3]]
    secrets.append(urllib.parse.parse_qs(urllib.parse.urlsplit(links[3]).query)["key"][0])
    for secret in secrets:
        assert len(secret) > 20
        assert secret not in log
    for kind in ("confirm-email", "confirm-new-email", "reset-password"):
        assert f'"GET /my-account/{kind}/[redacted] HTTP/1.1" 200' in log, kind
    assert '"POST /my-account/confirm-email/[redacted] HTTP/1.1" 302' in log
    reference = urllib.parse.urlsplit(links[3]).path
    assert f'"GET {reference}?key=[redacted] HTTP/1.1" 302' in log  # then the page
    assert '"GET /health HTTP/1.1" 200' in log


@pytest.mark.parametrize(
    ("logged", "secrets", "kept"),
    [
        (
            "GET /a/reset-password/Ab.c-d HTTP/1.1",
            ["Ab.c-d"],
            "GET /a/reset-password/[redacted] HTTP/1.1",
        ),
        ("http://h/a/confirm-email/a%2Fb", ["a/b"], "http://h/a/confirm-email/[redacted]"),
        (
            "GET /a/appointments/RB-1?key=k.1&x=2 HTTP/1.1",
            [],
            "GET /a/appointments/RB-1?key=[redacted]&x=2 HTTP/1.1",
        ),
        ("x=1&token=t", [], "x=1&token=[redacted]"),
        ("GET /a?monkey=1 HTTP/1.1", [], "GET /a?monkey=1 HTTP/1.1"),
    ],
)
def test_redaction_takes_secrets_out_of_any_logged_text(
    logged: str, secrets: list[str], kept: str
) -> None:
    from mvpkit.frontend.redaction import redact

    assert redact(logged, secrets) == kept
