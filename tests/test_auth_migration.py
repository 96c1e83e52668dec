"""Migration 0008: sessions and counters for all, staff grants; down and up again cleanly."""

from __future__ import annotations

from sqlalchemy import inspect, text

from mvpkit.store.database import connect
from tests.test_account_migration import _migrate

NEW = {"auth_sessions", "auth_attempts", "staff_grants"}
OLD = {"account_sessions", "account_attempts"}
NOW = "2026-12-01 10:00:00"
TOKEN = "a" * 64


def _tables(url: str) -> tuple[set[str], set[str]]:
    database = connect(url)
    try:
        found = inspect(database.engine)
        staff = {column["name"] for column in found.get_columns("staff_users")}
        return set(found.get_table_names()), staff
    finally:
        database.dispose()


def _run(url: str, *statements: str) -> list[tuple[object, ...]]:
    database = connect(url)
    try:
        with database.engine.begin() as connection:
            rows: list[tuple[object, ...]] = []
            for statement in statements:
                result = connection.execute(text(statement), {"now": NOW, "token": TOKEN})
                rows = [tuple(row) for row in result] if result.returns_rows else []
            return rows
    finally:
        database.dispose()


def test_0008_moves_sessions_grants_nothing_and_downgrades(database_url: str) -> None:
    _migrate(database_url, "upgrade", "0007")
    _run(
        database_url,
        "INSERT INTO accounts (id, email, password_hash, name, phone, created_at, updated_at) "
        "VALUES (1, 'sam@example.com', 'x', '', '', :now, :now)",
        "INSERT INTO account_sessions (token_hash, account_id, created_at, last_seen_at) "
        "VALUES (:token, 1, :now, :now)",
        "INSERT INTO staff_users (id, email, password_hash, created_at, failed_sign_ins) "
        "VALUES (1, 'officer@example.gov.uk', 'x', :now, 0)",
    )
    _migrate(database_url, "upgrade", "head")
    tables, staff_columns = _tables(database_url)
    assert tables >= NEW
    assert not OLD & tables
    assert "failed_sign_ins" not in staff_columns
    moved = _run(database_url, "SELECT token_hash, realm, subject_id, scope FROM auth_sessions")
    assert moved == [(TOKEN, "account", 1, "")]  # residents stay signed in
    assert _run(database_url, "SELECT * FROM staff_grants") == []  # no service until granted
    _migrate(database_url, "downgrade", "0007")
    tables, staff_columns = _tables(database_url)
    assert tables >= OLD
    assert not NEW & tables
    assert {"failed_sign_ins", "locked_until", "last_failed_at"} <= staff_columns
    kept = _run(database_url, "SELECT token_hash, account_id FROM account_sessions")
    assert kept == [(TOKEN, 1)]
    _migrate(database_url, "upgrade", "head")
    assert _tables(database_url)[0] >= NEW
