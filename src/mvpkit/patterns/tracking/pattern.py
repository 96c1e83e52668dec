"""The tracking pattern, as the kit sees it: statuses that residents follow by reference."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import Flask, render_template
from markupsafe import Markup
from sqlalchemy.orm import Session

from mvpkit.definition.model import Service
from mvpkit.kit import Kit
from mvpkit.pattern import MonthlyFigure, Pattern
from mvpkit.patterns.tracking.figures import references_tracked, response_times
from mvpkit.patterns.tracking.settings import Tracking, tracking_of
from mvpkit.patterns.tracking.views import tracking
from mvpkit.store.waits import settle_waits


class TrackingPattern(Pattern):
    """`tracking:` in service.yaml: a public status page, and statuses staff give."""

    name = "tracking"
    section = "tracking"
    settings = Tracking
    description = "Public status tracking by reference."

    def reserved_paths(self, service: Service) -> frozenset[str]:
        """Residents look up a reference at /track."""
        return frozenset({"track"})

    def install(self, app: Flask, service: Service) -> None:
        """The look-up and status pages."""
        app.register_blueprint(tracking)

    def fragment(self, kit: Kit, place: str, context: Mapping[str, Any]) -> Markup | None:
        """A link to the look-up on the start page; to the report's status on the confirmation."""
        section = tracking_of(kit.service)
        if section is None or place not in ("start", "confirmation_after"):
            return None
        html = render_template(f"mvpkit/tracking/{place}.html", tracking=section, **context)
        return Markup(html)  # noqa: S704 - rendered by Jinja, which escaped it

    def statuses(self, service: Service) -> Sequence[str]:
        """The section's statuses, in order."""
        section = tracking_of(service)
        return tuple(section.statuses) if section else ()

    def settle_figures(self, kit: Kit) -> None:
        """Each new status event's wait, for the response times."""
        if tracking_of(kit.service) is not None:
            settle_waits(kit.db)

    def monthly_figures(
        self, kit: Kit, session: Session, months: Sequence[str]
    ) -> Sequence[MonthlyFigure]:
        """How long reports wait for each status after the first; references tracked."""
        section = tracking_of(kit.service)
        if section is None or not months:
            return ()
        return [
            *response_times(session, kit.slug, section.statuses, months),
            references_tracked(session, kit.slug, months),
        ]
