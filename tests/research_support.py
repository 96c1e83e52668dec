"""What the research tests share: the prototype app, browsers on devices, participants."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from werkzeug.test import Client

from mvpkit.patterns.research import passwords
from mvpkit.serve import build_wsgi
from mvpkit.store.database import Database, connect
from tests.conftest import EXEMPLAR
from tests.support import Browser, Page

FAULT = f"/{EXEMPLAR.name}"
SHARED = "http://192.0.2.10:8000"  # the address the prototype is shared on
RESEARCHER_PASSWORD = "researcher-password-lab"
PARTICIPANT_PASSWORD = "participant-password-1"


def research_config(database_url: str) -> dict[str, Any]:
    """The settings `mvpkit research` serves with, on this database."""
    return {
        "research": True,
        "database_url": database_url,
        "secret_key": "research-secret-key-that-is-long-enough",
        "environment": "test",
        "public_url": SHARED,
    }


def serve_prototype(database_url: str, services: list[Path]) -> tuple[Any, Database]:
    """The services served as a prototype, with a researcher's and a participant's password."""
    app = build_wsgi(services, config=research_config(database_url))
    db = connect(database_url)
    passwords.add(db, "lab", "researcher", RESEARCHER_PASSWORD)
    passwords.add(db, "session", "participant", PARTICIPANT_PASSWORD)
    return app, db


def dispose(app: Any, db: Database) -> None:
    """Close every database the prototype and the test opened."""
    db.dispose()
    for mounted in app.mounts.values():
        mounted.extensions["mvpkit"].db.dispose()


class DeviceClient(Client):
    """A test client whose every request names one browser."""

    def __init__(self, app: Any, user_agent: str) -> None:
        super().__init__(app)
        self.user_agent = user_agent

    def open(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("headers", {})["User-Agent"] = self.user_agent
        return super().open(*args, **kwargs)


def browser(app: Any, user_agent: str = "pytest") -> Browser:
    """A browser on a device that names itself with `user_agent`."""
    return Browser(DeviceClient(app, user_agent))  # type: ignore[arg-type]


def signed_in(app: Any, password: str, user_agent: str = "pytest", root: str = FAULT) -> Browser:
    """A browser past the password page."""
    visitor = browser(app, user_agent)
    visitor.get(f"{root}/research/sign-in")
    response = visitor.submit(f"{root}/research/sign-in", {"password": password})
    assert response.status_code == 302, Page(response).error_summary
    return visitor


def new_participant(researcher: Browser, root: str = FAULT) -> tuple[str, str]:
    """Add a participant from the researcher's page: their code and start link's path."""
    researcher.get(f"{root}/research/")
    response = researcher.submit(f"{root}/research/participants")
    assert response.status_code == 302
    page = researcher.get(response.location)
    link = page.find("a", id="start-link")[0].attrs["href"]
    assert link.startswith(f"{SHARED}/")  # the shared address, never the request's Host
    return page.h1.removeprefix("Participant "), link.removeprefix(SHARED)
