"""The figures as the kit sees it: every service has them, `figures:` tunes them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mvpkit.pattern import Pattern
from mvpkit.patterns.figures.settings import FiguresSettings

if TYPE_CHECKING:
    from flask import Flask
    from markupsafe import Markup

    from mvpkit.definition.model import Service
    from mvpkit.kit import Kit
    from mvpkit.pattern import Within


class FiguresPattern(Pattern):
    """`figures:` in service.yaml: channel costs, staff time, and what is published."""

    name = "figures"
    tables = ("mvpkit.patterns.figures.models",)
    section = "figures"
    settings = FiguresSettings
    description = "The service's figures: what each channel costs, and which are published."
    migrations = Path(__file__).parent / "migrations"

    def active(self, service: Service) -> bool:
        """Every service has its figures; the section only changes how they are worked out."""
        return True

    def reserved_paths(self, service: Service) -> frozenset[str]:
        """The public performance page."""
        return frozenset({"performance"})

    def install(self, app: Flask, service: Service) -> None:
        """Count visits and journeys started; the dashboards and the staff's forms."""
        from mvpkit.patterns.figures import models  # noqa: F401  (its tables)
        from mvpkit.patterns.figures.assisted_views import figures_assist, install_links
        from mvpkit.patterns.figures.counting import install_counting
        from mvpkit.patterns.figures.helping import install_helping
        from mvpkit.patterns.figures.offline_views import figures_offline
        from mvpkit.patterns.figures.views import figures_public, figures_staff
        from mvpkit.patterns.figures.views import install_links as install_figures_links

        install_counting(app)
        app.register_blueprint(figures_staff)
        app.register_blueprint(figures_assist)
        app.register_blueprint(figures_offline)
        install_helping(app)
        install_figures_links(app)
        install_links(app)
        app.register_blueprint(figures_public)

    def within_send(self, kit: Kit, answers: Mapping[str, Any]) -> Within | None:
        """Record a submission staff send with a resident as assisted digital."""
        from mvpkit.patterns.figures.helping import assisted_within

        return assisted_within(kit)

    def fragment(self, kit: Kit, place: str, context: Mapping[str, Any]) -> Markup | None:
        """The banner while staff help a resident; what to give the resident once sent."""
        from mvpkit.patterns.figures.helping import helping_fragment

        return helping_fragment(kit, place, context)
