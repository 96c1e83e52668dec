"""The figures' foundations: London months, atomic counts, percentiles in the database."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from mvpkit.migrate import upgrade
from mvpkit.store.counts import count, month_of
from mvpkit.store.database import Database, connect
from mvpkit.store.models import MonthlyCount, Submission
from mvpkit.store.months import MonthError, bounds, bucket, months_until, parse_month
from mvpkit.store.percentiles import days_between, spreads


@pytest.fixture
def db(database_url: str) -> Database:
    database = connect(database_url)
    upgrade(database.engine)
    return database


def test_months_start_at_midnight_in_london_summer_time_included() -> None:
    assert bounds("2026-01") == (
        datetime(2026, 1, 1, 0, 0, tzinfo=UTC),
        datetime(2026, 2, 1, 0, 0, tzinfo=UTC),
    )
    # In summer, London's midnight is 23:00 UTC the day before.
    assert bounds("2026-07")[0] == datetime(2026, 6, 30, 23, 0, tzinfo=UTC)
    assert month_of(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == "2026-07"
    assert months_until("2026-02", 3) == ["2025-12", "2026-01", "2026-02"]
    for bad in ("2026-13", "26-11", "2026-1", "November"):
        with pytest.raises(MonthError):
            parse_month(bad)


def test_a_submission_falls_in_its_london_month(db: Database) -> None:
    made = [
        datetime(2026, 6, 30, 22, 59, tzinfo=UTC),  # 23:59 in London, 30 June
        datetime(2026, 6, 30, 23, 0, tzinfo=UTC),  # midnight in London, 1 July
        datetime(2026, 12, 31, 23, 59, tzinfo=UTC),  # outside the months asked
    ]
    with db.writes() as session:
        for number, moment in enumerate(made):
            session.add(
                Submission(
                    service="s",
                    reference=f"RF-{number}",
                    draft_token=f"t{number}",
                    answers={},
                    created_at=moment,
                )
            )
        session.commit()
    months = ["2026-06", "2026-07"]
    month = bucket(Submission.created_at, months)
    with db.reads() as session:
        found = dict(session.execute(select(month, Submission.reference)).all())
    assert found == {"2026-06": "RF-0", "2026-07": "RF-1", None: "RF-2"}
    db.dispose()


def test_counts_from_many_threads_are_never_lost(db: Database) -> None:
    with time_machine.travel(datetime(2026, 11, 3, 12, tzinfo=UTC), tick=False):
        threads = [
            threading.Thread(target=lambda: [count(db, "s", "visit", "phone") for _ in range(25)])
            for _ in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        count(db, "s", "visit", "desktop", by=3)
    with db.reads() as session:
        rows = {
            (row.month, row.dimension): row.value for row in session.scalars(select(MonthlyCount))
        }
    assert rows == {("2026-11", "phone"): 200, ("2026-11", "desktop"): 3}
    db.dispose()


def test_medians_and_90th_percentiles_are_the_nearest_rank(db: Database) -> None:
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    days = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30]  # 11 values: median rank 6, p90 rank 10
    with db.writes() as session:
        for number, waited in enumerate(days):
            session.add(
                Submission(
                    service="s",
                    reference=f"RF-{number}",
                    draft_token=f"t{number}",
                    answers={},
                    created_at=start,
                    updated_at=start + timedelta(days=waited),
                )
            )
        session.commit()
    with db.reads() as session:
        found = _spreads(session)
    spread = found["2026-03"]
    assert spread.count == 11
    assert spread.median == pytest.approx(6.0, abs=1e-6)
    assert spread.p90 == pytest.approx(10.0, abs=1e-6)
    db.dispose()


def _spreads(session: Session) -> dict:  # type: ignore[type-arg]
    month = bucket(Submission.created_at, ["2026-03"])
    waited = days_between(session, Submission.created_at, Submission.updated_at)
    return spreads(session, select(month, waited))
