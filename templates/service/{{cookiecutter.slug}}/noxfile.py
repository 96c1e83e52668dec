"""`nox` runs this service's tests, then its release check, with the mvpkit installed here."""

import nox

nox.options.sessions = ["tests", "check"]


@nox.session(python=False)
def tests(session: nox.Session) -> None:
    """Fast tests through Flask's test client."""
    session.run("python", "-m", "pytest", "tests")


@nox.session(python=False)
def check(session: nox.Session) -> None:
    """The release gate: features in Chromium, accessibility of every page, load."""
    session.run("mvpkit", "check", ".", "--report", "reports/check", *session.posargs)
