"""Statements compiled once by SQLAlchemy and run on the driver's own connection."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    insert,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite

from mvpkit.store.prepared import prepare

ROWS = Table(
    "rows",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("name", String),
    Column("data", JSON),
    Column("at", DateTime),
)
ADD = insert(ROWS).values(name=bindparam("a_name"), data=bindparam("a_data"), at=bindparam("an_at"))
FIND = select(ROWS.c.data, ROWS.c.at).where(ROWS.c.name == bindparam("wanted"))


@pytest.fixture
def driver() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, name TEXT, data TEXT, at TEXT)")
    return connection


def test_values_are_bound_and_read_by_the_columns_types(driver: sqlite3.Connection) -> None:
    dialect = sqlite.dialect()
    at = datetime(2026, 5, 1, 9, 30, 15, 123456)
    prepare(ADD, dialect).run(driver, {"an_at": at, "a_name": "x", "a_data": {"k": [1, None]}})
    stored = driver.execute("SELECT data, at FROM rows").fetchone()
    assert stored == ('{"k": [1, null]}', "2026-05-01 09:30:15.123456")  # as SQLAlchemy stores
    assert prepare(FIND, dialect).first(driver, {"wanted": "x"}) == ({"k": [1, None]}, at)


def test_no_row_is_none(driver: sqlite3.Connection) -> None:
    assert prepare(FIND, sqlite.dialect()).first(driver, {"wanted": "nobody"}) is None


def test_a_statement_is_compiled_once_per_dialect() -> None:
    dialect = sqlite.dialect()
    assert prepare(FIND, dialect) is prepare(FIND, dialect)
    assert prepare(FIND, dialect).names == ("wanted",)


def test_a_dialect_with_named_parameters_is_refused() -> None:
    with pytest.raises(ValueError, match="positional"):
        prepare(FIND, postgresql.dialect())
