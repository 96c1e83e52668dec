"""INSERT … ON CONFLICT in the dialect of the database a session is bound to.

SQLite and PostgreSQL both take it, each through its own construct. The dialect's module is
imported when first used, so a server on SQLite never loads PostgreSQL's, and the reverse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.orm import Session

    UpsertInsert = postgresql.Insert | sqlite.Insert


def insert_or_on_conflict(session: Session, table: Any) -> UpsertInsert:
    """An INSERT into `table` that can be told what to do on a conflict (`on_conflict_do_…`)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)
