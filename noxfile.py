"""Development sessions: `nox` runs lint, typecheck, tests and the gate; others by name."""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

nox.options.sessions = ["lint", "typecheck", "tests", "gate"]
nox.options.reuse_existing_virtualenvs = True
PYTHON = "3.11"


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff: lint and formatting."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """Strict mypy over the kit."""
    session.install("-e", ".[dev]")
    session.run("mypy")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The kit's tests: unit, journeys (SQLite, and PostgreSQL when configured), bake."""
    session.install("-e", ".[dev]")
    session.run("mvpkit", "assets")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python=PYTHON)
def gate(session: nox.Session) -> None:
    """`mvpkit check` on every exemplar and on a freshly baked service."""
    session.install("-e", ".[dev]")
    session.run("mvpkit", "assets")
    for service in sorted(Path("exemplars").glob("*/service.yaml")):
        slug = service.parent.name
        session.run("mvpkit", "check", str(service.parent), "--report", f"reports/{slug}")
    baked = Path(session.create_tmp()) / "baked"
    shutil.rmtree(baked, ignore_errors=True)
    session.run("mvpkit", "new", "Apply for a parking permit", "-o", str(baked), "--no-input")
    session.run(
        "mvpkit",
        "check",
        str(baked / "apply-for-a-parking-permit"),
        "--report",
        "reports/baked-service",
    )


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
