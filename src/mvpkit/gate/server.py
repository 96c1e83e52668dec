"""`mvpkit serve` as a child process in its own process group: started, waited on, stopped."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

START_TIMEOUT = 60.0
ANSWER_TIMEOUT = 5.0
STOP_GRACE = 15.0


class ServerDidNotStartError(Exception):
    """The server exited, or did not answer its health check in time; it has been killed."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody is listening on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_command(path: Path, port: int, *options: str) -> list[str]:
    """The command that serves PATH on 127.0.0.1:PORT with this Python."""
    return [sys.executable, "-m", "mvpkit.cli", "serve", str(path), "--port", str(port), *options]


def start(
    command: Sequence[str],
    env: Mapping[str, str],
    log: Path,
    health_url: str,
    timeout: float = START_TIMEOUT,
) -> subprocess.Popen[bytes]:
    """Start the command in a new process group and wait until `health_url` answers 200.

    When it does not, the whole group is killed (no worker is left behind) and
    ServerDidNotStartError says why, with the end of the log.
    """
    return ready(launch(command, env, log), log, health_url, timeout)


def launch(command: Sequence[str], env: Mapping[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start the command in a new process group, its output appended to `log`; do not wait."""
    with log.open("ab") as output:
        return subprocess.Popen(
            list(command), env=dict(env), stdout=output, stderr=output, start_new_session=True
        )


def ready(
    process: subprocess.Popen[bytes], log: Path, health_url: str, timeout: float = START_TIMEOUT
) -> subprocess.Popen[bytes]:
    """The launched process, once `health_url` answers 200; else as start() says."""
    if wait_for(health_url, process, timeout):
        return process
    exited = process.poll() is not None
    kill(process)
    reason = "exited" if exited else f"did not answer {health_url} within {timeout:.0f} seconds"
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:])
    raise ServerDidNotStartError(f"The server {reason}.\n{tail}")


def wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = START_TIMEOUT) -> bool:
    """True once `url` answers 200; False if the process exits or the time runs out.

    Refused, reset and timed-out connections (any OSError) and broken answers only mean
    the server is not ready yet: a busy machine can take many seconds to start one.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=ANSWER_TIMEOUT) as response:  # noqa: S310
                if response.status == 200:
                    return True
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    return False


def stop(process: subprocess.Popen[bytes], grace: float = STOP_GRACE) -> None:
    """Ask the process group to stop (SIGTERM), and kill it if it has not within `grace`."""
    _signal_group(process, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        kill(process)
    else:
        _signal_group(process, signal.SIGKILL)  # any worker its master left behind


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the whole process group at once: no clean shutdown."""
    _signal_group(process, signal.SIGKILL)
    process.wait(10)


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group has gone already
        os.killpg(process.pid, signum)
