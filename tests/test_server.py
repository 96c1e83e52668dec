"""`mvpkit serve` as a real process under gunicorn, killed and restarted mid-journey."""

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
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def free_port() -> int:
    """A TCP port nobody is listening on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`mvpkit serve` in a process group of its own."""

    def __init__(self, database_url: str, port: int, log: Path) -> None:
        env = {
            **os.environ,
            "MVPKIT_DATABASE_URL": database_url,
            "MVPKIT_SECRET_KEY": "s" * 64,
            "MVPKIT_ENV": "development",
        }
        self.port = port
        self.log = log
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "mvpkit.cli",
                    "serve",
                    str(ROOT / "exemplars"),
                    "--port",
                    str(port),
                ],
                env=env,
                stdout=output,
                stderr=output,
                start_new_session=True,
            )
        self.wait_until_up()

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(self.log.read_text())
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise AssertionError("server did not start within 60 seconds")

    def kill(self) -> None:
        """SIGKILL the whole process group: no clean shutdown."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


class User:
    """A resident with a cookie jar, filling in forms over HTTP."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}/report-a-fault"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.html = ""
        self.url = ""

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=10) as response:
            self.html = response.read().decode()
            self.url = response.geturl()
        return self.html

    def post(self, path: str, data: dict[str, str]) -> str:
        token = re.search(r'name="csrf_token" value="([^"]+)"', self.html)
        assert token, "no CSRF token on the page"
        body = urllib.parse.urlencode({"csrf_token": token.group(1), **data}).encode()
        with self.opener.open(self.base + path, data=body, timeout=10) as response:
            self.html = response.read().decode()
            self.url = response.geturl()
        return self.html


@pytest.fixture
def database_file(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'served.sqlite3'}"


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return tmp_path / "server.log"


@pytest.fixture
def server(database_file: str, log: Path) -> Iterator[Server]:
    running = Server(database_file, free_port(), log)
    yield running
    if running.process.poll() is None:
        running.kill()


def test_killed_server_loses_no_answers_and_no_submission(
    server: Server, database_file: str, log: Path
) -> None:
    user = User(server.port)
    user.get("/problem-type")
    user.post("/problem-type", {"problem-type": "street-light"})
    user.post("/light-problem", {"light-problem": "not-working"})
    assert user.url.endswith("/light-location")

    server.kill()
    restarted = Server(database_file, server.port, log)
    try:
        user.get("/light-location")
        assert user.url.endswith("/light-location")  # not sent back to the start
        user.post("/light-location", {"light-location": "Mill Lane"})
        user.post("/description", {"description": ""})
        user.post("/updates", {"updates": "no"})
        user.post("/name", {"name": ""})
        assert user.url.endswith("/check-answers")
        assert "It is not working" in user.html
        user.post("/check-answers", {})
        reference = re.search(r"RF-[A-Z0-9]{4}-[A-Z0-9]{4}", user.html)
        assert reference, user.html[:500]

        restarted.kill()
        again = Server(database_file, server.port, log)
        try:
            user.get(f"/track/{reference.group(0)}")
            assert "Received" in user.html
        finally:
            again.kill()
    finally:
        if restarted.process.poll() is None:
            restarted.kill()
