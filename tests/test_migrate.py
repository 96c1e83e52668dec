"""The schema is brought up to date by Alembic, but a current one is seen without it."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from mvpkit import migrate
from mvpkit.store.database import Database, connect


@pytest.fixture
def db(database_url: str) -> Database:
    database = connect(database_url)
    yield database  # type: ignore[misc]
    database.dispose()


def _alembic_heads(db: Database) -> set[str]:
    with db.engine.connect() as connection:
        return set(ScriptDirectory.from_config(migrate.alembic_config(connection)).get_heads())


def test_the_heads_read_from_the_files_are_alembics(db: Database) -> None:
    found = migrate.heads(tuple(migrate.version_locations()))
    assert found == _alembic_heads(db)
    assert {"0010", "directory_0002", "figures_0002", "research_0002"} <= found


def test_a_current_schema_is_left_without_loading_alembic(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not migrate.is_current(db.engine)  # a new database has no schema yet
    migrate.upgrade(db.engine)
    assert migrate.is_current(db.engine)

    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("Alembic ran on a current schema")

    monkeypatch.setattr(command, "upgrade", refused)
    migrate.upgrade(db.engine)  # nothing to do, and Alembic is not asked


def test_a_schema_behind_is_brought_up_to_date(db: Database) -> None:
    migrate.upgrade(db.engine)
    with db.engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "0009")  # the newest step undone
    assert not migrate.is_current(db.engine)
    migrate.upgrade(db.engine)
    assert migrate.is_current(db.engine)
    with db.engine.connect() as connection:
        connection.execute(text("SELECT days_ahead FROM bookings"))
