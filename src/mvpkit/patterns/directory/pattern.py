"""The groups and events directory, as the kit sees it: its tables, pages and open data."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from mvpkit.definition.model import Service
from mvpkit.pattern import Pattern
from mvpkit.patterns.directory import models  # noqa: F401  (its tables join Base.metadata)
from mvpkit.patterns.directory.open_data_views import open_data
from mvpkit.patterns.directory.settings import DirectorySettings
from mvpkit.patterns.directory.views import directory, finder

SEARCH_PATH = "find"  # a service with pages of its own serves the search below /find


class DirectoryPattern(Pattern):
    """`directory:` in service.yaml: residents search listings; open data for everyone."""

    name = "directory"
    section = "directory"
    settings = DirectorySettings
    description = "A directory of community groups and events, with its open data."
    serves_without_pages = True
    migrations = Path(__file__).parent / "migrations"

    def reserved_paths(self, service: Service) -> frozenset[str]:
        """The search, the listings, the whole directory's calendar and the open data."""
        if not self.active(service):
            return frozenset()
        return frozenset({SEARCH_PATH, "listings", "calendar.ics", "open-data"})

    def install(self, app: Flask, service: Service) -> None:
        """The search at the service's root when it has no pages, else at /find; the rest."""
        app.register_blueprint(finder, url_prefix=f"/{SEARCH_PATH}" if service.pages else "/")
        app.register_blueprint(directory)
        app.register_blueprint(open_data)
