"""Migration 0007: the account tables and the account columns come and go cleanly."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from mvpkit.store.database import MIGRATIONS, connect


def _migrate(url: str, action: str, revision: str) -> None:
    database = connect(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with database.engine.begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, action)(config, revision)
    finally:
        database.dispose()


def _schema(url: str) -> tuple[set[str], set[str], set[str]]:
    database = connect(url)
    try:
        found = inspect(database.engine)
        columns = {
            f"{table}.{column['name']}"
            for table in ("submissions", "bookings")
            for column in found.get_columns(table)
        }
        indexes = {
            index["name"] or ""
            for table in ("submissions", "bookings")
            for index in found.get_indexes(table)
        }
        return set(found.get_table_names()), columns, indexes
    finally:
        database.dispose()


def test_0007_downgrades_and_upgrades_again(database_url: str) -> None:
    _migrate(database_url, "upgrade", "0007")
    tables, columns, indexes = _schema(database_url)
    assert {"accounts", "account_sessions", "account_tokens", "account_attempts"} <= tables
    assert {"submissions.account_id", "bookings.account_id"} <= columns
    assert {"ix_submissions_account_id", "ix_bookings_account_id"} <= indexes
    _migrate(database_url, "downgrade", "0006")
    tables, columns, _indexes = _schema(database_url)
    assert not {"accounts", "account_sessions", "account_tokens", "account_attempts"} & tables
    assert not {"submissions.account_id", "bookings.account_id"} & columns
    _migrate(database_url, "upgrade", "head")
    assert _schema(database_url)[1] >= {"submissions.account_id", "bookings.account_id"}
