"""Development sessions: `nox` runs lint, typecheck and tests; others by name."""

from __future__ import annotations

import nox

nox.options.sessions = ["lint", "typecheck", "tests"]

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
    """The kit's tests (SQLite, and PostgreSQL when configured), then the features."""
    session.install("-e", ".[dev]")
    session.run("mvpkit", "assets")
    session.run("python", "-m", "pytest", *session.posargs)
    session.run("python", "-m", "pytest", "features")


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
