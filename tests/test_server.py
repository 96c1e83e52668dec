"""`mvpkit serve` as a real process under gunicorn, killed and restarted mid-journey."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from mvpkit import clock
from mvpkit.gate.server import ServerDidNotStartError, free_port, kill, serve_command, start
from tests.conftest import ROOT
from tests.test_purge import add_draft, drafts_left

pytestmark = pytest.mark.slow
IDLE = 3  # idle connections: more than the 2 workers, fewer than the 4 threads of either


class Server:
    """`mvpkit serve` in a process group of its own; killed whole if it does not start."""

    def __init__(self, database_url: str, port: int, log: Path, *options: str) -> None:
        env = {
            **os.environ,
            "MVPKIT_DATABASE_URL": database_url,
            "MVPKIT_SECRET_KEY": "s" * 64,
            "MVPKIT_ENV": "development",
            "MVPKIT_CLOCK": clock.now().isoformat(),  # the test's frozen moment, ticking on
        }
        self.port = port
        self.log = log
        command = serve_command(ROOT / "exemplars", port, *options)
        try:
            self.process = start(command, env, log, f"http://127.0.0.1:{port}/health")
        except ServerDidNotStartError as exc:
            raise AssertionError(str(exc)) from exc

    def kill(self) -> None:
        """SIGKILL the whole process group: no clean shutdown."""
        kill(self.process)


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
    running.kill()  # the whole group, whether or not the test killed it already


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
        restarted.kill()


def test_idle_connections_do_not_stall_the_service(server: Server) -> None:
    """A browser's pre-connections send nothing; more of them than workers must not block."""
    idle = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(IDLE)]
    try:
        url = f"http://127.0.0.1:{server.port}/report-a-fault/"
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
            assert "Report a street light or drain problem" in response.read().decode()
    finally:
        for connection in idle:
            connection.close()


def test_serve_deletes_expired_drafts_of_every_service_when_it_starts(
    database_url: str, log: Path
) -> None:
    add_draft(database_url, "a-quiet-service", "old", days_old=40)
    add_draft(database_url, "a-quiet-service", "recent", days_old=1)
    running = Server(database_url, free_port(), log)
    try:
        deadline = time.monotonic() + 30
        while ("a-quiet-service", "old") in drafts_left(database_url):
            assert time.monotonic() < deadline, "the old draft was not deleted"
            time.sleep(0.2)
        assert drafts_left(database_url) == {("a-quiet-service", "recent")}
    finally:
        running.kill()


def test_serve_with_reload_answers_after_its_own_port_check(tmp_path: Path) -> None:
    # The reloader's child serves the port its parent opened: it must not find it "in use".
    port = free_port()
    server = Server(f"sqlite:///{tmp_path / 'reload.sqlite3'}", port, tmp_path / "log", "--reload")
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            assert response.status == 200
        assert "is in use" not in (tmp_path / "log").read_text()
    finally:
        server.kill()
