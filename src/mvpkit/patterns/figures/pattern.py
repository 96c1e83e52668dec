"""The figures as the kit sees it: every service has them, `figures:` tunes them."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from mvpkit.definition.model import Service
from mvpkit.pattern import Pattern
from mvpkit.patterns.figures import models  # noqa: F401  (its tables join Base.metadata)
from mvpkit.patterns.figures.assisted_views import figures_assist
from mvpkit.patterns.figures.counting import install_counting
from mvpkit.patterns.figures.settings import FiguresSettings
from mvpkit.patterns.figures.views import figures_public, figures_staff


class FiguresPattern(Pattern):
    """`figures:` in service.yaml: channel costs, staff time, and what is published."""

    name = "figures"
    section = "figures"
    settings = FiguresSettings
    description = "The service's figures: what each channel costs, and which are published."
    migrations = Path(__file__).parent / "migrations"

    def active(self, service: Service) -> bool:
        """Every service has its figures; the section only changes how they are worked out."""
        return True

    def install(self, app: Flask, service: Service) -> None:
        """Count visits and journeys started; the dashboards and the staff's forms."""
        install_counting(app)
        app.register_blueprint(figures_staff)
        app.register_blueprint(figures_assist)
        app.register_blueprint(figures_public)
