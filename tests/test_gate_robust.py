"""The gate never crashes: slow or flaky servers are waited for, a stage that raises is reported."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

from mvpkit.cli import main
from mvpkit.gate import check, server
from mvpkit.gate.browser_stages import BrowserStages
from mvpkit.gate.check import GateOptions, run_gate
from mvpkit.gate.load_server import LoadServer
from mvpkit.gate.stage import StageResult
from tests.test_gate import copy_service


class FlakyHealthCheck:
    """A server whose first answer is a reset, whose second never comes, then says 200."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.connections = 0
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _address = self.listener.accept()
            except OSError:  # closed
                return
            self.connections += 1
            connection.recv(4096)
            if self.connections == 1:  # reset: close at once, without a FIN
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                connection.close()
            elif self.connections == 2:  # keep it open and never answer
                self.held.append(connection)
            else:
                connection.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok")
                connection.close()

    def close(self) -> None:
        self.listener.close()
        for connection in self.held:
            connection.close()


@pytest.fixture
def flaky() -> Iterator[FlakyHealthCheck]:
    running = FlakyHealthCheck()
    yield running
    running.close()


@pytest.fixture
def sleeper(tmp_path: Path) -> Iterator[server.subprocess.Popen[bytes]]:
    """A process that stays up, standing in for a server still starting."""
    process = server.subprocess.Popen(["sleep", "300"], start_new_session=True)
    yield process
    server.kill(process)


def test_the_health_check_is_waited_for_through_resets_and_timeouts(
    flaky: FlakyHealthCheck,
    sleeper: server.subprocess.Popen[bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server, "ANSWER_TIMEOUT", 0.5)
    assert server.wait_for(f"http://127.0.0.1:{flaky.port}/health", sleeper)
    assert flaky.connections == 3


def test_a_server_that_never_answers_is_killed_with_its_whole_group(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    url = f"http://127.0.0.1:{server.free_port()}/health"
    command = ["sh", "-c", "echo group $$; sleep 300 & sleep 300"]  # a leader and a worker
    with pytest.raises(server.ServerDidNotStartError) as raised:
        server.start(command, os.environ, log, url, timeout=1)
    assert f"did not answer {url}" in str(raised.value)
    group = int(log.read_text().split()[1])
    assert f"group {group}" in str(raised.value)  # the end of the log
    assert not running_in(group), "a process of the group was left running"


def running_in(group: int) -> list[int]:
    """The group's processes still running after a while (killed ones may linger as zombies)."""
    deadline = time.monotonic() + 10
    while True:
        running = []
        for process in psutil.process_iter(["status"]):
            with contextlib.suppress(OSError, psutil.Error):
                if os.getpgid(process.pid) == group and process.info["status"] != "zombie":
                    running.append(process.pid)
        if not running or time.monotonic() > deadline:
            return running
        time.sleep(0.1)


def test_a_stage_that_raises_is_a_failed_stage_and_the_report_is_still_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*_args: object) -> StageResult:
        raise TimeoutError("timed out reading the health check")

    monkeypatch.setattr(BrowserStages, "result", crash)
    report = tmp_path / "report"
    outcome = CliRunner().invoke(
        main,
        [
            "check",
            str(copy_service(tmp_path)),
            "--stages",
            "validate,accessibility",
            "--report",
            str(report),
        ],
    )
    assert outcome.exit_code == 1, outcome.output
    summary = json.loads((report / "summary.json").read_text())
    assert summary["passed"] is False
    validate, accessibility = summary["stages"]
    assert validate["passed"] is True
    assert accessibility["passed"] is False
    assert "timed out reading the health check" in accessibility["summary"]
    assert "TimeoutError" in accessibility["details"][0]
    assert "timed out reading the health check" in (report / "junit.xml").read_text()
    assert "the release check failed" in (report / "index.html").read_text()


def test_the_load_stages_server_starts_before_the_browser_stages_and_stops_after_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    launched: list[LoadServer] = []
    real_launch = LoadServer.launch

    def launch(self: LoadServer) -> None:
        launched.append(self)
        real_launch(self)

    def browser(_self: BrowserStages, name: str) -> StageResult:
        assert launched, "the load stage's server was not started before the browser stages"
        return StageResult(name, True, "Stood in for.")

    monkeypatch.setattr(LoadServer, "launch", launch)
    monkeypatch.setattr(BrowserStages, "result", browser)
    options = GateOptions(
        stages=["validate", "accessibility", "load"],
        users=2,
        seconds=2,
        report_dir=tmp_path / "report",
    )
    result = run_gate(copy_service(tmp_path), options)
    assert [stage.passed for stage in result.stages] == [True, True, True], result.stages
    assert result.stages[2].data["rows"], "the load stage recorded no requests"
    [server_run] = launched
    with pytest.raises(ConnectionRefusedError):  # stopped: nothing listens on its port
        socket.create_connection(("127.0.0.1", server_run.port), timeout=2).close()


def test_the_load_stage_runs_beside_the_browser_stages_and_reports_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_started = threading.Event()

    def browser(_self: BrowserStages, name: str) -> StageResult:
        beside = load_started.wait(20)  # never set if the load stage waits its turn
        return StageResult(name, beside, "Stood in for.")

    def load(*_args: object) -> StageResult:
        load_started.set()
        raise RuntimeError("Locust broke")

    monkeypatch.setattr(BrowserStages, "result", browser)
    monkeypatch.setattr(check, "_load", load)
    report = tmp_path / "report"
    outcome = CliRunner().invoke(
        main, ["check", str(copy_service(tmp_path)), "--report", str(report)]
    )
    assert outcome.exit_code == 1, outcome.output
    summary = json.loads((report / "summary.json").read_text())
    stages = {stage["name"]: stage for stage in summary["stages"]}
    assert list(stages) == ["validate", "features", "accessibility", "load"]
    assert stages["accessibility"]["passed"] is True
    assert stages["load"]["passed"] is False
    assert "Locust broke" in stages["load"]["summary"]


def test_a_service_that_exits_under_gunicorn_fails_the_load_stage_with_its_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "serve_command", lambda *_args: ["sh", "-c", "echo no app; exit 3"])
    options = GateOptions(stages=["load"], report_dir=tmp_path / "report")
    [stage] = run_gate(copy_service(tmp_path), options).stages
    assert not stage.passed
    assert stage.summary == "The service did not start under gunicorn."
    assert stage.details[0].startswith("The server exited.\nno app")
