"""Bring a database's schema up to date: the kit's migrations, and each pattern's branch."""

from __future__ import annotations

import os

from sqlalchemy import Engine

from mvpkit.registry import installed_patterns
from mvpkit.store.database import MIGRATIONS


def upgrade(engine: Engine) -> None:
    """Apply every migration not yet applied: the kit's history and each pattern's branch."""
    from alembic import command  # imported here: Alembic is slow to import, and rarely needed
    from alembic.config import Config

    branches = [str(p.migrations) for p in installed_patterns() if p.migrations is not None]
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.set_main_option(
        "version_locations", os.pathsep.join([str(MIGRATIONS / "versions"), *branches])
    )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")
