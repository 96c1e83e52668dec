"""Database engines and sessions: an SQLite file by default, PostgreSQL by URL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: SQLite's own busy wait is used
    fcntl = None  # type: ignore[assignment]

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


def database_url(service_dir: Path | None = None) -> str:
    """`MVPKIT_DATABASE_URL` or `DATABASE_URL`, else an SQLite file in the service's instance/."""
    url = os.environ.get("MVPKIT_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if url:
        return normalise_url(url)
    folder = (service_dir or Path.cwd()) / "instance"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(folder / 'mvpkit.sqlite3').resolve()}"


def normalise_url(url: str) -> str:
    """Platform URLs say postgres:// or postgresql://; SQLAlchemy needs the psycopg 3 driver."""
    for old in ("postgres://", "postgresql://"):
        if url.startswith(old):
            return "postgresql+psycopg://" + url[len(old) :]
    return url


@dataclass(frozen=True)
class Database:
    """An engine with a session factory for reads and one for writes.

    On SQLite a write transaction starts with BEGIN IMMEDIATE, so two writers queue for the
    lock instead of one failing on a stale snapshot.
    """

    engine: Engine
    writer: Engine  # the same pool; its transactions take the write lock first on SQLite
    reads: sessionmaker[Session]
    writes: sessionmaker[Session]

    def dispose(self) -> None:
        """Close pooled connections (after a fork, or at shutdown)."""
        self.engine.dispose()


def connect(url: str) -> Database:
    """A Database for this URL, tuned for a web service."""
    engine = make_engine(url)
    writer = engine.execution_options(mvpkit_write=True)
    return Database(
        engine=engine,
        writer=writer,
        reads=sessionmaker(engine, expire_on_commit=False),
        writes=sessionmaker(writer, expire_on_commit=False),
    )


def make_engine(url: str) -> Engine:
    """An engine with settings that suit a web service: WAL and a busy wait on SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        database = parsed.database
        if database and database != ":memory:" and fcntl is not None:
            WriteQueue(Path(database)).install(engine)
        else:
            event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def _sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get("mvpkit_write")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class WriteQueue:
    """SQLite writers take turns on a lock file before BEGIN IMMEDIATE.

    SQLite's own busy wait sleeps and polls (1 ms, 2 ms, 5 ms...), so two gunicorn workers
    writing at once spend most of their time asleep; a lock file held with flock wakes the
    next writer the moment the last one commits.
    """

    def __init__(self, database_file: Path) -> None:
        self.path = database_file.with_name(database_file.name + "-write-lock")

    def install(self, engine: Engine) -> None:
        """Hook the queue into the engine's connections and transactions."""
        event.listen(engine, "connect", self._open)
        event.listen(engine, "close", self._close)
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "commit", self._release)
        event.listen(engine, "rollback", self._release)
        event.listen(engine, "reset", self._release_record)

    def _open(self, _dbapi_connection: Any, record: Any) -> None:
        record.info["mvpkit_write_lock"] = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)

    def _close(self, _dbapi_connection: Any, record: Any) -> None:
        descriptor = record.info.pop("mvpkit_write_lock", None)
        if descriptor is not None:
            os.close(descriptor)

    def _begin(self, connection: Connection) -> None:
        if not connection.get_execution_options().get("mvpkit_write"):
            connection.exec_driver_sql("BEGIN")
            return
        info = connection.info
        fcntl.flock(info["mvpkit_write_lock"], fcntl.LOCK_EX)
        info["mvpkit_write_locked"] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            self._unlock(info)
            raise

    def _release(self, connection: Connection) -> None:
        self._unlock(connection.info)

    def _release_record(self, _dbapi_connection: Any, record: Any, *_args: Any) -> None:
        self._unlock(record.info)

    @staticmethod
    def _unlock(info: dict[Any, Any]) -> None:
        if info.pop("mvpkit_write_locked", False):
            fcntl.flock(info["mvpkit_write_lock"], fcntl.LOCK_UN)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's begin event emits BEGIN itself
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def upgrade(engine: Engine) -> None:
    """Bring the schema up to date with mvpkit's migrations."""
    from alembic import command  # imported here: Alembic is slow to import, and rarely needed
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
