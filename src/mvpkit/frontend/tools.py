"""Running npm and Sass for the assets build, and reading what they print when they fail."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Final

_NOISE: Final = re.compile(r"npm (?:warn|WARN|notice|info|http|verbose|timing)\b")
_NPM_PREFIX: Final = re.compile(r"npm (?:error|ERR!)\s*")
_METADATA: Final = re.compile(r"(?:code|errno|syscall|path|dest)\b|A complete log of this run")
_HEADING: Final = re.compile(r"^[a-z]+ (?=[A-Z])")  # npm's "notarget No matching version..."
_UNREACHABLE: Final = re.compile(
    r"\b(?:ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH"
    r"|ERR_SOCKET_TIMEOUT|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN)\b"
    r"|network request to \S+ failed"
)


def run_tool(
    command: list[str], cwd: Path, timeout: float, env: dict[str, str] | None
) -> tuple[int, str]:
    """Run `command`, returning its exit status and stderr.

    On timeout, the whole process group is killed (npm starts processes of its own, and
    they would otherwise keep the pipe open) and `subprocess.TimeoutExpired` is raised.
    """
    posix = sys.platform != "win32"
    with subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        encoding="utf-8",
        errors="replace",
        start_new_session=posix,
    ) as process:
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            if posix:
                os.killpg(process.pid, signal.SIGKILL)
            else:  # pragma: no cover
                process.kill()
            process.communicate()
            raise
    return process.returncode, stderr


def registry_unreachable(stderr: str) -> bool:
    """True when npm failed because it could not reach its registry (no network, DNS, proxy)."""
    return _UNREACHABLE.search(stderr) is not None


def first_meaningful_line(stderr: str, limit: int = 200) -> str | None:
    """The first line of a tool's stderr that says what went wrong, without npm's decoration."""
    for raw in stderr.splitlines():
        line = raw.strip()
        if not line or _NOISE.match(line):
            continue
        line = _NPM_PREFIX.sub("", line, count=1).strip()
        if not line or _METADATA.match(line):
            continue
        line = _HEADING.sub("", line, count=1)
        return line if len(line) <= limit else line[: limit - 1] + "…"
    return None
