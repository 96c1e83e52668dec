"""The groups and events directory, as the kit sees it: its tables, in a branch of their own."""

from __future__ import annotations

from pathlib import Path

from mvpkit.pattern import Pattern
from mvpkit.patterns.directory import models  # noqa: F401  (its tables join Base.metadata)


class DirectoryPattern(Pattern):
    """Listings of community groups and events, with their own Alembic branch."""

    name = "directory"
    migrations = Path(__file__).parent / "migrations"
