"""Storage: migrations, drafts and their expiry, sending once, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import inspect, select, text, update

from mvpkit import clock
from mvpkit.migrate import upgrade
from mvpkit.store.database import Database, connect
from mvpkit.store.models import Draft, Submission
from mvpkit.store.submissions import (
    DRAFTS,
    AlreadySentError,
    NothingToSendError,
    draft_answers,
    save_answers,
    send,
)


@pytest.fixture
def db(database_url: str) -> Database:
    database = connect(database_url)
    upgrade(database.engine)
    yield database  # type: ignore[misc]
    database.dispose()


def test_migrations_create_every_table_and_run_twice(db: Database) -> None:
    upgrade(db.engine)
    tables = set(inspect(db.engine).get_table_names())
    assert {
        "drafts",
        "submissions",
        "status_events",
        "staff_users",
        "feedback",
        "alembic_version",
    } <= tables
    indexes = {index["name"] for index in inspect(db.engine).get_indexes("drafts")}
    assert "ix_drafts_updated" in indexes


def test_answers_merge_into_one_draft(db: Database) -> None:
    save_answers(db, "svc", "token", {"a": "1"})
    save_answers(db, "svc", "token", {"b": ["x", "y"]})
    save_answers(db, "svc", "token", {"a": "2"})
    assert draft_answers(db, "svc", "token") == {"a": "2", "b": ["x", "y"]}
    assert draft_answers(db, "other-service", "token") == {}


def test_expired_drafts_are_deleted_when_a_new_one_starts(db: Database) -> None:
    save_answers(db, "svc", "old", {"a": "1"})
    save_answers(db, "svc", "recent", {"a": "1"})
    with db.writes() as session:
        session.execute(
            update(Draft)
            .where(Draft.token == "old")
            .values(updated_at=clock.now() - timedelta(days=31))
        )
        session.commit()
    save_answers(db, "svc", "new", {"a": "1"}, keep_for=timedelta(days=30))
    assert draft_answers(db, "svc", "old") == {}
    assert draft_answers(db, "svc", "recent") == {"a": "1"}


def test_send_stores_one_submission_and_drops_the_draft(db: Database) -> None:
    save_answers(db, "svc", "token", {"a": "1"})
    sent = send(db, "svc", "token", {"a": "1"}, prefix="AB", first_status="Received")
    assert sent.reference.startswith("AB-")
    assert draft_answers(db, "svc", "token") == {}
    with pytest.raises(AlreadySentError) as again:
        send(db, "svc", "token", {"a": "1"}, prefix="AB", first_status="Received")
    assert again.value.submission.reference == sent.reference
    with pytest.raises(NothingToSendError):
        send(db, "svc", "never-started", {}, prefix="AB", first_status=None)


def test_racing_sends_of_one_draft_store_one(db: Database) -> None:
    save_answers(db, "svc", "token", {"a": "1"})
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def press() -> None:
        barrier.wait()
        try:
            send(db, "svc", "token", {"a": "1"}, prefix="AB", first_status=None)
            outcomes.append("sent")
        except AlreadySentError:
            outcomes.append("already")
        except NothingToSendError:
            outcomes.append("gone")

    threads = [threading.Thread(target=press) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("sent") == 1
    with db.reads() as session:
        assert len(list(session.scalars(select(Submission)))) == 1


def test_racing_first_answers_keep_every_answer(db: Database) -> None:
    barrier = threading.Barrier(6)

    def answer(index: int) -> None:
        barrier.wait()
        save_answers(db, "svc", "token", {f"q{index}": str(index)})

    threads = [threading.Thread(target=answer, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert draft_answers(db, "svc", "token") == {f"q{i}": str(i) for i in range(6)}


def test_answers_saved_over_the_draft_as_read_are_merged_into_it(db: Database) -> None:
    save_answers(db, "svc", "token", {"q1": "a"})
    seen = draft_answers(db, "svc", "token")
    save_answers(db, "svc", "token", {"q2": "b"}, forget=["q1"], seen=seen)
    assert draft_answers(db, "svc", "token") == {"q2": "b"}


def sqlite_statements(db: Database) -> list[str]:
    """What SQLite is asked to run on the pool's connections from now on, in order."""
    from sqlalchemy import event

    sent: list[str] = []
    db.engine.dispose()  # new connections, each traced from its start
    event.listen(
        db.engine.pool,
        "connect",
        lambda driver, _record: driver.set_trace_callback(sent.append),
    )
    return sent


def ran(sent: list[str]) -> list[str]:
    """The first word of each statement, leaving out each new connection's PRAGMAs."""
    return [statement.split()[0] for statement in sent if not statement.startswith("PRAGMA")]


def test_on_sqlite_answers_over_the_draft_as_read_are_one_statement(tmp_path: Path) -> None:
    """No BEGIN and no read in the writer's turn: SQLite commits the UPDATE by itself."""
    db = connect(f"sqlite:///{tmp_path / 'one.sqlite3'}")
    try:
        upgrade(db.engine)
        save_answers(db, "svc", "token", {"q1": "a"})
        seen = draft_answers(db, "svc", "token")
        sent = sqlite_statements(db)
        save_answers(db, "svc", "token", {"q2": "b"}, seen=seen)
        assert ran(sent) == ["UPDATE"]
        assert draft_answers(db, "svc", "token") == {"q1": "a", "q2": "b"}
    finally:
        db.dispose()


def test_on_sqlite_reading_a_draft_is_its_select_alone(tmp_path: Path) -> None:
    """No BEGIN and no ROLLBACK around it: one SELECT is a consistent reading by itself."""
    db = connect(f"sqlite:///{tmp_path / 'one.sqlite3'}")
    try:
        upgrade(db.engine)
        save_answers(db, "svc", "token", {"q1": "a"})
        sent = sqlite_statements(db)
        assert draft_answers(db, "svc", "token") == {"q1": "a"}
        assert ran(sent) == ["SELECT"]
        with db.writes() as session:  # a write on the same pool still begins first
            session.execute(text("SELECT 1"))
        assert ran(sent)[1:3] == ["BEGIN", "SELECT"]
        assert "BEGIN IMMEDIATE" in sent
    finally:
        db.dispose()


def test_a_draft_written_by_the_driver_reads_back_as_sqlalchemy_stores_it(tmp_path: Path) -> None:
    """The fast path binds values with the columns' own types: nothing stored differs."""
    db = connect(f"sqlite:///{tmp_path / 'same.sqlite3'}")
    try:
        upgrade(db.engine)
        answers = {"q1": "a", "nested": {"list": [1, 2.5, None, True]}, "text": "café ✓"}
        with time_machine.travel(datetime(2026, 5, 1, 9, 30, 15, 123456, tzinfo=UTC), tick=False):
            save_answers(db, "svc", "token", {"q1": "a"})
            seen = draft_answers(db, "svc", "token")
            save_answers(db, "svc", "token", answers, seen=seen)
        with db.engine.connect() as connection:
            stored = connection.execute(select(DRAFTS.c.answers, DRAFTS.c.updated_at)).one()
        assert stored.answers == answers
        assert stored.updated_at.replace(tzinfo=None) == datetime(2026, 5, 1, 9, 30, 15, 123456)
        assert draft_answers(db, "svc", "token") == answers
    finally:
        db.dispose()


def test_answers_saved_over_a_draft_changed_since_it_was_read_lose_nothing(
    db: Database,
) -> None:
    save_answers(db, "svc", "token", {"q1": "a"})
    seen = draft_answers(db, "svc", "token")
    save_answers(db, "svc", "token", {"q2": "b"})  # another tab answered meanwhile
    save_answers(db, "svc", "token", {"q3": "c"}, seen=seen)
    assert draft_answers(db, "svc", "token") == {"q1": "a", "q2": "b", "q3": "c"}


def test_racing_answers_over_one_reading_keep_every_answer(db: Database) -> None:
    save_answers(db, "svc", "token", {"first": "1"})
    seen = draft_answers(db, "svc", "token")
    barrier = threading.Barrier(6)

    def answer(index: int) -> None:
        barrier.wait()
        save_answers(db, "svc", "token", {f"q{index}": str(index)}, seen=dict(seen))

    threads = [threading.Thread(target=answer, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = {"first": "1", **{f"q{i}": str(i) for i in range(6)}}
    assert draft_answers(db, "svc", "token") == expected


def test_migrations_match_the_models(db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import mvpkit.email.models  # noqa: F401  (every table the migrations make is compared)
    from mvpkit.registry import load_tables
    from mvpkit.store.models import Base

    load_tables()  # each pattern's tables join Base.metadata
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_write_queue_exists_only_for_sqlite_files(tmp_path: Path) -> None:
    from mvpkit.store.database import WriteQueue

    queue = WriteQueue.for_url(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    assert queue is not None
    assert queue.path == tmp_path / "a.sqlite3-write-lock"
    assert WriteQueue.for_url("sqlite://") is None
    assert WriteQueue.for_url("postgresql+psycopg://u:p@127.0.0.1/db") is None


def test_write_queue_lets_one_writer_in_at_a_time(tmp_path: Path) -> None:
    import multiprocessing

    from mvpkit.store.database import WriteQueue

    queue = WriteQueue(tmp_path / "lock")
    inside = multiprocessing.get_context("fork").Event()
    release = multiprocessing.get_context("fork").Event()

    def other_process() -> None:
        with queue.turn():
            inside.set()
            release.wait(10)

    child = multiprocessing.get_context("fork").Process(target=other_process)
    child.start()
    assert inside.wait(10)
    entered: list[bool] = []

    def writer() -> None:
        with queue.turn():
            entered.append(True)

    thread = threading.Thread(target=writer)
    thread.start()
    thread.join(0.3)
    assert thread.is_alive(), "the second writer got in while the first held the queue"
    release.set()
    thread.join(10)
    child.join(10)
    assert entered == [True]


def test_sqlite_checkpoints_now_and_then_outside_the_write_queue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mvpkit.store import database as store_database

    db = connect(f"sqlite:///{tmp_path / 'log.sqlite3'}")
    upgrade(db.engine)
    assert db.queue is not None
    with db.engine.connect() as connection:  # no checkpoint inside any commit
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    queue_held_at_checkpoints: list[bool] = []
    real_checkpoint = store_database.checkpoint

    def watched(connection: object) -> None:
        queue_held_at_checkpoints.append(db.queue._threads.locked())  # type: ignore[union-attr]
        real_checkpoint(connection)

    monkeypatch.setattr(store_database, "checkpoint", watched)
    monkeypatch.setattr(store_database, "CHECKPOINT_EVERY", 5)
    for index in range(10):
        save_answers(db, "svc", f"token-{index}", {"q": str(index)})
    assert queue_held_at_checkpoints == [False, False]  # every 5th write, the queue free
    assert draft_answers(db, "svc", "token-9") == {"q": "9"}
    db.dispose()
