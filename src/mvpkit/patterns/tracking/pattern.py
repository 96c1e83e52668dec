"""The tracking pattern, as the kit sees it: statuses that residents follow by reference."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask

from mvpkit.definition.model import Service
from mvpkit.pattern import Pattern
from mvpkit.patterns.tracking.settings import Tracking, tracking_of
from mvpkit.patterns.tracking.views import tracking


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

    def statuses(self, service: Service) -> Sequence[str]:
        """The section's statuses, in order."""
        section = tracking_of(service)
        return tuple(section.statuses) if section else ()
