"""Engines survive a fork, as gunicorn's workers fork from a master that loaded the app."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import text

from mvpkit.store.database import close_all_pools, connect


def test_a_forked_child_opens_its_own_connections_and_leaves_the_parents(tmp_path: Path) -> None:
    db = connect(f"sqlite:///{tmp_path / 'forked.sqlite3'}")
    with db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    parents = db.engine.pool
    assert parents.checkedin() == 1  # a pooled connection the child must not use
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which reports by its exit code
        fresh = db.engine.pool is not parents and db.engine.pool.checkedin() == 0
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        os._exit(0 if fresh else 1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert db.engine.pool is parents  # the parent keeps its own
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar() == 1
    db.dispose()


def test_a_master_closes_its_connections_before_forking(tmp_path: Path) -> None:
    db = connect(f"sqlite:///{tmp_path / 'master.sqlite3'}")
    with db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    close_all_pools()
    assert db.engine.pool.checkedin() == 0
    db.dispose()
