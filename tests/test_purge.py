"""Expired drafts are deleted in every service, by `mvpkit purge` and on serve's schedule."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import insert, select

from mvpkit import clock, purge
from mvpkit.cli import main
from mvpkit.migrate import upgrade
from mvpkit.purge import repeat
from mvpkit.serve import run_gunicorn, run_reloader
from mvpkit.store.database import connect
from mvpkit.store.submissions import DRAFTS
from tests.test_gate import copy_service


def add_draft(database_url: str, service: str, token: str, days_old: int) -> None:
    """A draft last changed this many days ago."""
    database = connect(database_url)
    try:
        upgrade(database.engine)
        when = clock.now() - timedelta(days=days_old)
        with database.write_connection() as connection:
            connection.execute(
                insert(DRAFTS),
                {
                    "service": service,
                    "token": token,
                    "answers": {"name": "Sam"},
                    "created_at": when,
                    "updated_at": when,
                },
            )
    finally:
        database.dispose()


def drafts_left(database_url: str) -> set[tuple[str, str]]:
    database = connect(database_url)
    try:
        with database.engine.connect() as connection:
            rows = connection.execute(select(DRAFTS.c.service, DRAFTS.c.token))
            return {(row.service, row.token) for row in rows}
    finally:
        database.dispose()


def test_purge_deletes_old_drafts_of_a_service_nobody_uses(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MVPKIT_DATABASE_URL", database_url)
    service = copy_service(tmp_path)
    add_draft(database_url, "a-quiet-service", "old", days_old=40)
    add_draft(database_url, "a-quiet-service", "recent", days_old=29)
    add_draft(database_url, service.name, "also-old", days_old=31)

    outcome = CliRunner().invoke(main, ["purge", str(service)])

    assert outcome.exit_code == 0, outcome.output
    assert "Deleted 2 draft(s) nobody had changed for 30 days" in outcome.output
    assert drafts_left(database_url) == {("a-quiet-service", "recent")}
    again = CliRunner().invoke(main, ["purge", str(service)])
    assert again.exit_code == 0
    assert "Deleted 0 draft(s)" in again.output


def test_purge_names_the_database_without_its_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MVPKIT_DATABASE_URL", f"sqlite:///{tmp_path / 'drafts.sqlite3'}")
    outcome = CliRunner().invoke(main, ["purge", str(copy_service(tmp_path))])
    assert outcome.exit_code == 0, outcome.output
    assert f"from sqlite:///{tmp_path / 'drafts.sqlite3'}" in outcome.output


def test_the_schedule_runs_at_once_then_again_until_stopped() -> None:
    stop = threading.Event()
    runs: list[int] = []

    def task() -> None:
        runs.append(len(runs))
        if len(runs) == 3:
            stop.set()

    repeat(task, 0, stop)
    assert runs == [0, 1, 2]


class RecordedStop(threading.Event):
    """A stop event that records each wait, in order with the task's runs, and never blocks."""

    def __init__(self, log: list[str], waits_before_stop: int) -> None:
        super().__init__()
        self.log = log
        self.left = waits_before_stop

    def wait(self, timeout: float | None = None) -> bool:
        self.log.append(f"wait {timeout}")
        self.left -= 1
        return self.left < 0


def test_a_schedule_not_at_once_waits_its_interval_first() -> None:
    log: list[str] = []
    repeat(lambda: log.append("run"), 3600, RecordedStop(log, 2), at_once=False)
    assert log == ["wait 3600", "run", "wait 3600", "run", "wait 3600"]


def test_a_schedule_stopped_before_its_first_run_never_runs() -> None:
    stop = threading.Event()
    stop.set()
    runs: list[int] = []
    repeat(lambda: runs.append(1), 60, stop, at_once=False)
    assert runs == []


def test_a_failed_purge_does_not_stop_the_schedule(caplog: pytest.LogCaptureFixture) -> None:
    stop = threading.Event()
    runs: list[int] = []

    def task() -> None:
        runs.append(len(runs))
        if len(runs) == 1:
            raise OSError("the database is not answering")
        stop.set()

    repeat(task, 0, stop)
    assert runs == [0, 1]
    assert "Deleting expired drafts failed" in caplog.text
    assert "the database is not answering" in caplog.text


def test_the_development_server_starts_the_schedule_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MVPKIT_DATABASE_URL", f"sqlite:///{tmp_path / 'dev.sqlite3'}")
    service = copy_service(tmp_path)
    scheduled: list[list[Path]] = []
    served: list[object] = []
    monkeypatch.setattr(
        purge, "start_schedule", lambda services, **options: scheduled.append(services)
    )
    monkeypatch.setattr(
        "werkzeug.serving.run_simple", lambda host, port, app, **options: served.append(app)
    )
    run_reloader([service], "127.0.0.1", 8000)
    assert scheduled == [[service]]
    assert len(served) == 1


def test_the_server_purges_before_its_workers_start_then_each_worker_hourly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gunicorn.app.base import BaseApplication

    monkeypatch.setenv("MVPKIT_DATABASE_URL", f"sqlite:///{tmp_path / 'served.sqlite3'}")
    service = copy_service(tmp_path)
    events: list[str] = []
    monkeypatch.setattr(
        purge, "purge", lambda services, config=None: events.append(f"purge {len(services)}")
    )
    monkeypatch.setattr(
        purge,
        "start_schedule",
        lambda services, *, config, at_once: events.append(f"schedule at_once={at_once}"),
    )

    def run(server: BaseApplication) -> None:
        events.append("workers start")
        server.cfg.post_worker_init(None)

    monkeypatch.setattr(BaseApplication, "run", run)
    run_gunicorn([service], "127.0.0.1", 8000, 2)
    assert events == ["purge 1", "workers start", "schedule at_once=False"]
