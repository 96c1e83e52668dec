"""Development sessions: `nox` runs lint, then the tests (types, tests and the release gate).

Environments are made with uv when it is installed (the `dev` extra installs it), else with
virtualenv; the tests and the release gate share one environment.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True
nox.options.default_venv_backend = "uv|virtualenv"
PYTHON = "3.11"


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff (lint and formatting), and import-linter's contracts: the kit's layers."""
    session.install("ruff", "import-linter")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    # import-linter reads the source without importing it: no need to install the kit here.
    session.run("lint-imports", env={"PYTHONPATH": "src"})


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Strict mypy beside every test in parallel, the release gate on each exemplar included.

    `nox -s tests -- -k gate` passes its arguments to pytest; MVPKIT_TEST_WORKERS sets how
    many tests run at once (default: one more than the cores, as browser and server tests
    spend part of their time waiting).
    """
    # Compiled once here, as pip would: every server, gate and load run the tests start
    # imports the kit and its dependencies, and with PYTHONDONTWRITEBYTECODE set (or uv's
    # default of not compiling) each would compile them again, 3 CPU-seconds a process.
    session.env["UV_COMPILE_BYTECODE"] = "1"
    session.install("-e", ".[dev]")
    session.run("python", "-m", "compileall", "-q", "src", silent=True)
    session.run("mvpkit", "assets")
    workers = os.environ.get("MVPKIT_TEST_WORKERS") or str((os.cpu_count() or 1) + 1)
    schedule = ("--dist", "load", "--maxschedchunk", "2")  # the long tests start first
    # mypy runs while the tests start their servers and browsers, which leave cores idle.
    session.log("mypy, beside the tests")
    types = subprocess.Popen(
        [str(Path(session.bin) / "mypy")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        session.run("python", "-m", "pytest", "-n", workers, *schedule, *session.posargs)
    finally:
        found, _ = types.communicate()
        print(found.decode(errors="replace"), end="", flush=True)
    if types.returncode != 0:
        session.error("mypy found problems (above)")


@nox.session(python=PYTHON)
def serve(session: nox.Session) -> None:
    """Serve every exemplar at http://127.0.0.1:8000/."""
    session.install("-e", ".")
    session.run("mvpkit", "serve", "exemplars", *session.posargs)


@nox.session(python=PYTHON)
def benchmark(session: nox.Session) -> None:
    """Throughput against a bare Flask app, with wrk (Debian's package)."""
    session.install("-e", ".")
    session.run("python", "load/benchmark.py", *session.posargs)
