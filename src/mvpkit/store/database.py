"""Database engines and sessions: an SQLite file by default, PostgreSQL by URL."""

from __future__ import annotations

import itertools
import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
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


def sqlite_file(url: str) -> Path | None:
    """The file an SQLite URL names; None for other databases and for SQLite in memory."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database)


def normalise_url(url: str) -> str:
    """Platform URLs say postgres:// or postgresql://; SQLAlchemy needs the psycopg 3 driver."""
    for old in ("postgres://", "postgresql://"):
        if url.startswith(old):
            return "postgresql+psycopg://" + url[len(old) :]
    return url


@dataclass(frozen=True)
class Database:
    """An engine with sessions for reads and, queued one at a time, for writes.

    On SQLite a write transaction starts with BEGIN IMMEDIATE, after waiting its turn in
    the write queue, so two writers never fail on a stale snapshot.
    """

    engine: Engine
    writer: Engine  # the same pool; its transactions take the write lock first on SQLite
    reads: sessionmaker[Session]
    write_sessions: sessionmaker[Session]
    queue: WriteQueue | None = None

    @contextmanager
    def writes(self) -> Iterator[Session]:
        """A session for one write transaction.

        The connection is taken from the pool before the write queue and given back after
        it, so a writer holds its turn only for the transaction itself.
        """
        with (
            self.writer.connect() as connection,
            self._queued(connection.connection),
            self.write_sessions(bind=connection) as session,
        ):
            yield session

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """A Core connection in a write transaction, committed when the block ends."""
        with (
            self.writer.connect() as connection,
            self._queued(connection.connection),
            connection.begin(),
        ):
            yield connection

    @property
    def on_sqlite(self) -> bool:
        """True for an SQLite database, whose driver connection `prepared` statements use."""
        return bool(self.engine.dialect.name == "sqlite")

    @contextmanager
    def driver_reads(self) -> Iterator[Any]:
        """SQLite: the pool's own sqlite3 connection, for statements `prepared` once.

        Each statement is a transaction of its own (SQLite's autocommit mode).
        """
        pooled = self.engine.raw_connection()
        try:
            yield pooled.driver_connection
        finally:
            pooled.close()  # back to the pool

    @contextmanager
    def driver_writes(self) -> Iterator[Any]:
        """SQLite: `driver_reads` in the writer's turn, for a write of one statement."""
        with self.driver_reads() as driver, self._queued(driver):
            yield driver

    @contextmanager
    def _queued(self, dbapi_connection: Any) -> Iterator[None]:
        """The writer's turn in the queue; then, now and again, a checkpoint outside it."""
        if self.queue is None:
            yield
            return
        with self.queue.turn():
            yield
        if self.queue.checkpoint_due():
            checkpoint(dbapi_connection)

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
        write_sessions=sessionmaker(writer, expire_on_commit=False),
        queue=WriteQueue.for_url(url),
    )


_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()


def make_engine(url: str) -> Engine:
    """An engine with settings that suit a web service: WAL and a busy wait on SQLite.

    Safe to fork: a process forked with engines (a gunicorn worker from a master that
    loaded the app) starts each with an empty pool, never a connection of its parent's.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        if WriteQueue.for_url(url) is not None:
            event.listen(engine, "connect", _checkpoints_by_the_kit)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)
    _ENGINES.add(engine)
    return engine


def close_all_pools() -> None:
    """Close every engine's pooled connections (a gunicorn master, before it forks)."""
    for engine in list(_ENGINES):
        engine.dispose()


def _empty_pools_in_child() -> None:
    """In a forked child: new, empty pools, leaving the parent's connections to the parent."""
    for engine in list(_ENGINES):
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_empty_pools_in_child)


CHECKPOINT_EVERY = 200  # writes in a process between checkpoints (SQLite's own: 1000 pages)


def _checkpoints_by_the_kit(dbapi_connection: Any, _record: Any) -> None:
    """No checkpoint inside a commit: the kit runs them itself, outside the write queue.

    SQLite copies the write-ahead log into the database file (a checkpoint, with its
    fsyncs) in whichever commit finds the log long, while that writer holds the queue: on a
    slow disk every other writer then waited for the disk. See `checkpoint`.
    """
    dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")


def checkpoint(dbapi_connection: Any) -> None:
    """Copy what the log holds into the database file, waiting for no reader or writer.

    `dbapi_connection` is the driver's connection, or the pool's wrapper of it. A PASSIVE
    checkpoint copies what no reader still needs and leaves the rest for next time; writers
    go on appending to the log meanwhile. The log restarts from its beginning once
    everything in it has been copied.
    """
    sqlite = getattr(dbapi_connection, "driver_connection", dbapi_connection)
    if sqlite is not None:
        sqlite.execute("PRAGMA wal_checkpoint(PASSIVE)")


def _sqlite_begin(connection: Connection) -> None:
    options = connection.get_execution_options()
    connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get("mvpkit_write") else "BEGIN")


class WriteQueue:
    """SQLite writers take turns on a lock file before BEGIN IMMEDIATE.

    SQLite's own busy wait sleeps and polls (1 ms, 2 ms, 5 ms...), so two gunicorn workers
    writing at once spend most of their time asleep; a lock file held with flock wakes the
    next writer the moment the last one finishes. Threads of one process queue on a lock.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._writes = itertools.count(1)
        self._threads = threading.Lock()
        self._descriptor: int | None = None
        self._pid = 0

    @classmethod
    def for_url(cls, url: str) -> WriteQueue | None:
        """A queue beside an SQLite file; None for other databases or without flock."""
        database = sqlite_file(url)
        if database is None:
            return None
        if fcntl is None:  # pragma: no cover - Windows: SQLite's busy wait alone
            return None
        return cls(database.with_name(database.name + "-write-lock"))

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Hold the queue: one writer at a time across threads and processes."""
        with self._threads:
            descriptor = self._open()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(descriptor, fcntl.LOCK_UN)

    def checkpoint_due(self) -> bool:
        """True after every `CHECKPOINT_EVERY`th turn of this process."""
        return next(self._writes) % CHECKPOINT_EVERY == 0

    def _open(self) -> int:
        # A descriptor inherited through fork shares its lock with the parent: reopen.
        if self._descriptor is None or self._pid != os.getpid():
            self._descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self._pid = os.getpid()
        return self._descriptor


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's begin event emits BEGIN itself
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
