"""Run a locustfile headless against a service on 127.0.0.1, and read what Locust measured.

Locust runs as a subprocess: importing it patches the standard library with gevent, which
the gate's own process must not have. Its exit code says whether the budgets were met
(see `mvpkit.gate.locust_users.check_budgets_on_quit`); its JSON file gives the figures.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mvpkit.gate.addresses import to_paths
from mvpkit.gate.budgets import BROKEN, SERVICE_ENV

LOOPBACK = "127.0.0.1"
MAX_USERS = 500
MAX_SECONDS = 3600
STARTUP_SECONDS = 60  # allowed beyond the run for Locust to start, stop and write its files
OUTPUT_TAIL = 15


@dataclass(frozen=True)
class LoadResult:
    """What a load run found: `passed` is Locust's exit code being 0."""

    passed: bool
    problems: list[str]
    rows: list[dict[str, Any]]  # name, method, requests, failures, median_ms, p95_ms, rps
    total: dict[str, Any]  # the same over every request, with fail_ratio and seconds
    history_csv: Path | None
    exit_code: int
    output: str = field(repr=False)
    failures: list[dict[str, Any]] = field(default_factory=list)  # method, name, error, occurrences


def check_host(host: str) -> None:
    """Refuse any host but 127.0.0.1: the gate never sends load anywhere else."""
    parts = urlsplit(host)
    if parts.scheme not in ("http", "https") or parts.hostname != LOOPBACK:
        raise ValueError(f"load tests run against http://{LOOPBACK} only, not {host!r}")


def run_load(
    locustfile: Path,
    service_dir: Path,
    host: str,
    *,
    users: int,
    spawn_rate: float,
    seconds: int,
    out_dir: Path,
    env: Mapping[str, str] | None = None,
) -> LoadResult:
    """Run Locust headless for `seconds` with `users`, writing its CSV and JSON to out_dir.

    `env` (default: this process's environment) is given to Locust, with MVPKIT_SERVICE set
    to the service folder; MVPKIT_BUDGET_* variables in it override the service's budgets.
    """
    check_host(host)
    if not 1 <= users <= MAX_USERS:
        raise ValueError(f"users must be from 1 to {MAX_USERS}, not {users}")
    if not 1 <= seconds <= MAX_SECONDS:
        raise ValueError(f"seconds must be from 1 to {MAX_SECONDS}, not {seconds}")
    if spawn_rate <= 0:
        raise ValueError(f"spawn_rate must be more than 0, not {spawn_rate}")
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / "locust"
    for stale in out_dir.glob("locust*"):
        if stale.is_file():
            stale.unlink()  # a file left by an earlier run must not be read as this one's
    command = [
        sys.executable,
        "-m",
        "locust",
        "--locustfile",
        str(Path(locustfile).resolve()),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        f"{spawn_rate:g}",
        "--run-time",
        f"{seconds}s",
        "--host",
        host,
        "--csv",
        str(prefix),
        "--json-file",
        str(prefix),
        "--only-summary",
    ]
    environ = {**(os.environ if env is None else env)}
    environ[SERVICE_ENV] = str(Path(service_dir).resolve())
    try:
        finished = subprocess.run(
            command,
            cwd=out_dir,  # away from any locust.conf or pyproject.toml of the caller's
            env=environ,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=seconds + STARTUP_SECONDS,
            check=False,
        )
        output, exit_code = finished.stdout, finished.returncode
    except subprocess.TimeoutExpired as exc:
        output = _text(exc.output)
        problem = f"Locust did not finish within {seconds + STARTUP_SECONDS} seconds"
        return LoadResult(False, [problem], [], {}, None, -1, output)
    rows, total = read_stats(prefix.with_suffix(".json"))
    problems = [line[len(BROKEN) :] for line in output.splitlines() if line.startswith(BROKEN)]
    if exit_code != 0 and not problems:
        tail = "\n".join(output.strip().splitlines()[-OUTPUT_TAIL:])
        problems.append(f"Locust exited with code {exit_code}:\n{tail}")
    history = prefix.with_name("locust_stats_history.csv")
    return LoadResult(
        passed=exit_code == 0,
        problems=problems,
        rows=rows,
        total=total,
        history_csv=history if history.is_file() else None,
        exit_code=exit_code,
        output=output,
        failures=read_failures(prefix.with_name("locust_failures.csv")),
    )


def read_failures(failures_csv: Path) -> list[dict[str, Any]]:
    """Why requests failed, from Locust's `--csv` failures file, the most frequent first.

    Addresses of the service under test are written as paths.
    """
    if not failures_csv.is_file():
        return []
    with failures_csv.open(encoding="utf-8", newline="") as handle:
        failures = [
            {
                "method": row.get("Method") or "",
                "name": row.get("Name") or "",
                "error": to_paths(row.get("Error") or ""),
                "occurrences": int(row.get("Occurrences") or 0),
            }
            for row in csv.DictReader(handle)
        ]
    return sorted(failures, key=lambda failure: -failure["occurrences"])


def read_stats(json_file: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Rows per request name and method, and the total, from Locust's `--json-file` output."""
    if not json_file.is_file():
        return [], {}
    entries: list[dict[str, Any]] = json.loads(json_file.read_text(encoding="utf-8"))
    if not entries:
        return [], {}
    started = min(float(entry["start_time"]) for entry in entries)
    ended = max(float(entry["last_request_timestamp"] or started) for entry in entries)
    seconds = max(ended - started, 1e-9)
    rows = [
        _row(entry["name"], entry["method"], [entry], seconds)
        for entry in sorted(entries, key=lambda entry: (entry["name"], entry["method"]))
    ]
    total = _row("Aggregated", "", entries, seconds)
    total["fail_ratio"] = total["failures"] / total["requests"] if total["requests"] else 0.0
    total["seconds"] = round(seconds, 3)
    return rows, total


def _row(name: str, method: str, entries: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    times: dict[int, int] = {}
    for entry in entries:
        for bucket, count in entry["response_times"].items():
            times[int(bucket)] = times.get(int(bucket), 0) + int(count)
    requests = sum(int(entry["num_requests"]) for entry in entries)
    timed = requests - sum(int(entry.get("num_none_requests", 0)) for entry in entries)
    return {
        "name": name,
        "method": method,
        "requests": requests,
        "failures": sum(int(entry["num_failures"]) for entry in entries),
        "median_ms": percentile(times, timed, 0.5),
        "p95_ms": percentile(times, timed, 0.95),
        "rps": round(requests / seconds, 2),
    }


def percentile(response_times: Mapping[int, int], requests: int, percent: float) -> int:
    """The response time `percent` of requests finished within, as Locust computes it."""
    wanted = int(requests * percent)
    counted = 0
    for response_time in sorted(response_times, reverse=True):
        counted += response_times[response_time]
        if requests - counted <= wanted:
            return response_time
    return 0


def _text(output: str | bytes | None) -> str:
    if isinstance(output, bytes):
        return output.decode("utf-8", "replace")
    return output or ""
