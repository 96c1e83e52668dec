"""Bring a database's schema up to date: the kit's migrations, and each pattern's branch.

A server starts by checking its schema. When the database already has every migration,
which is nearly every start, that is one small query: the newest revision of each branch is
read from the migration files themselves, and Alembic, slow to import, is not loaded.
"""

from __future__ import annotations

import ast
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from mvpkit.registry import installed_patterns
from mvpkit.store.database import MIGRATIONS

if TYPE_CHECKING:
    from alembic.config import Config


def upgrade(engine: Engine) -> None:
    """Apply every migration not yet applied: the kit's history and each pattern's branch."""
    if is_current(engine):
        return
    from alembic import command  # imported here: Alembic is slow to import, and rarely needed

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "heads")


def alembic_config(connection: Connection) -> Config:
    """Alembic's settings for the kit's migrations and the patterns', on this connection."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join(version_locations()))
    config.attributes["connection"] = connection
    return config


def version_locations() -> list[str]:
    """The folders of migrations: the kit's own, then each installed pattern's branch."""
    branches = [str(p.migrations) for p in installed_patterns() if p.migrations is not None]
    return [str(MIGRATIONS / "versions"), *branches]


def is_current(engine: Engine) -> bool:
    """True when the database has applied exactly the newest revision of every branch."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        applied = {
            row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))
        }
    return applied == heads(tuple(version_locations()))


@cache
def heads(locations: tuple[str, ...]) -> frozenset[str]:
    """The revisions no other revision follows, read from the files (the way Alembic does)."""
    revisions: set[str] = set()
    followed: set[str] = set()
    for folder in locations:
        for path in Path(folder).glob("*.py"):
            named = _assignments(path)
            if "revision" not in named:
                continue
            revisions.add(str(named["revision"]))
            down = named.get("down_revision")
            if isinstance(down, str):
                followed.add(down)
            elif isinstance(down, tuple | list):
                followed.update(str(each) for each in down)
    return frozenset(revisions - followed)


def _assignments(path: Path) -> dict[str, object]:
    """The module-level `revision` and `down_revision` of a migration file."""
    found: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        target = (
            node.targets[0]
            if isinstance(node, ast.Assign) and len(node.targets) == 1
            else (node.target if isinstance(node, ast.AnnAssign) else None)
        )
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if isinstance(target, ast.Name) and target.id in ("revision", "down_revision") and value:
            found[target.id] = ast.literal_eval(value)
    return found
