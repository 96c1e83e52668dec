"""Research mode as the kit sees it: on when `mvpkit research` serves, off otherwise.

It needs no section of `service.yaml`: a service becomes a prototype by how it is served.
Then every page is behind the password page, carries the prototype banner, and each
participant's requests are kept as events.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, render_template
from markupsafe import Markup

from mvpkit.definition.model import Service
from mvpkit.kit import Kit
from mvpkit.pattern import Pattern


def researching(kit: Kit) -> bool:
    """True when the service is served as a prototype."""
    return kit.settings.research


class ResearchPattern(Pattern):
    """`mvpkit research`: a prototype behind passwords, with participants and their events."""

    name = "research"
    tables = ("mvpkit.patterns.research.models", "mvpkit.patterns.research.finding_models")
    migrations = Path(__file__).parent / "migrations"

    def active(self, service: Service) -> bool:
        """Any service can be served as a prototype (`install` looks at how it is served)."""
        return True

    def reserved_paths(self, service: Service) -> frozenset[str]:
        """The research pages."""
        return frozenset({"research"})

    def install(self, app: Flask, service: Service) -> None:
        """In research mode only: the password gate, the research pages, the recording."""
        kit: Kit = app.extensions["mvpkit"]
        if not researching(kit):
            return  # its pages are loaded only for a prototype
        from mvpkit.patterns.research import models  # noqa: F401  (its tables)
        from mvpkit.patterns.research.access import gate
        from mvpkit.patterns.research.events import install_recording
        from mvpkit.patterns.research.findings_views import findings
        from mvpkit.patterns.research.playback_views import playback
        from mvpkit.patterns.research.views import research

        # Each round's app keeps its own session, so nothing passes between rounds.
        app.config["SESSION_COOKIE_NAME"] = f"mvpkit-round-{kit.settings.research_round}-{kit.slug}"
        app.before_request(gate)
        app.register_blueprint(research)
        app.register_blueprint(playback)
        app.register_blueprint(findings)
        install_recording(app)

    def install_index(self, index: Flask, kit: Kit) -> None:
        """The index of services is behind the password page too (its assets are not)."""
        if researching(kit):
            from mvpkit.patterns.research.access import index_gate

            index.before_request(lambda: index_gate(kit))

    def fragment(self, kit: Kit, place: str, context: Mapping[str, Any]) -> Markup | None:
        """The prototype banner, above every page's content."""
        if place != "banner" or not researching(kit):
            return None
        return Markup(render_template("mvpkit/research/banner.html"))  # noqa: S704 - Jinja escaped it
