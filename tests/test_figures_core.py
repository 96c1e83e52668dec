"""The figures' foundations: London months, atomic counts, percentiles in the database."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mvpkit.migrate import upgrade
from mvpkit.store.counts import count, month_of
from mvpkit.store.database import Database, connect
from mvpkit.store.models import MonthlyCount, StatusEvent, Submission
from mvpkit.store.months import MonthError, bounds, bucket, months_until, parse_month, per_month
from mvpkit.store.percentiles import median_rank, p90_rank, spreads
from mvpkit.store.waits import settle_waits


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


def _report(session: Session, number: int, made: datetime, service: str = "s") -> Submission:
    submission = Submission(
        service=service,
        reference=f"RF-{number}",
        draft_token=f"t{number}",
        answers={},
        created_at=made,
    )
    session.add(submission)
    session.flush()
    return submission


def _event(session: Session, submission: Submission, status: str, at: datetime) -> None:
    session.add(StatusEvent(submission_id=submission.id, status=status, by="x", created_at=at))


def test_medians_and_90th_percentiles_are_the_nearest_rank(db: Database) -> None:
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    days = [30, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]  # 11 values: median rank 6, p90 rank 10
    with db.writes() as session:
        for number, waited in enumerate(days):
            _event(
                session, _report(session, number, start), "Fixed", start + timedelta(days=waited)
            )
        lone = _report(session, 99, start + timedelta(days=31))  # April: a group of one
        _event(session, lone, "Fixed", lone.created_at + timedelta(hours=12))
        session.commit()
    assert settle_waits(db) == 12
    with db.reads() as session:
        found = spreads(
            session,
            StatusEvent.waited,
            [StatusEvent.month],
            [StatusEvent.service == "s", StatusEvent.status == "Fixed"],
        )
    march, april = found[("2026-03",)], found[("2026-04",)]
    assert march.count == 11
    assert march.median == pytest.approx(6.0, abs=1e-6)
    assert march.p90 == pytest.approx(10.0, abs=1e-6)
    assert (april.count, april.median, april.p90) == (1, pytest.approx(0.5), pytest.approx(0.5))
    assert [median_rank(n) for n in (1, 2, 3, 10, 11)] == [1, 1, 2, 5, 6]
    assert [p90_rank(n) for n in (1, 2, 9, 10, 11, 20, 21)] == [1, 2, 9, 9, 10, 18, 19]
    db.dispose()


def test_each_status_wait_is_settled_once_on_its_first_event(db: Database) -> None:
    made = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 00:30 on 1 July in London
    with db.writes() as session:
        report = _report(session, 1, made)
        _event(session, report, "Received", made)
        _event(session, report, "Fixed", made + timedelta(days=2))
        _event(session, report, "Investigating", made + timedelta(days=3))
        _event(session, report, "Fixed", made + timedelta(days=5))  # reopened and fixed again
        other = _report(session, 2, made, service="other")
        _event(session, other, "Fixed", made + timedelta(days=1))
        session.commit()
    assert settle_waits(db) == 5
    assert settle_waits(db) == 0  # nothing new: nothing written
    with db.reads() as session:
        rows = session.execute(
            select(
                StatusEvent.service, StatusEvent.status, StatusEvent.month, StatusEvent.waited
            ).order_by(StatusEvent.id)
        ).all()
    assert [(service, status, month) for service, status, month, _ in rows] == [
        ("s", "Received", "2026-07"),
        ("s", "Fixed", "2026-07"),
        ("s", "Investigating", "2026-07"),
        ("s", "Fixed", "2026-07"),
        ("other", "Fixed", "2026-07"),
    ]
    waits = [waited for *_, waited in rows]
    assert waits[0] == pytest.approx(0, abs=1e-6)
    assert waits[1] == pytest.approx(2, abs=1e-6)
    assert waits[2] == pytest.approx(3, abs=1e-6)
    assert waits[3] is None  # only the first Fixed counts
    assert waits[4] == pytest.approx(1, abs=1e-6)
    with db.writes() as session:
        later = session.get(Submission, report.id)
        assert later is not None
        _event(session, later, "Closed", made + timedelta(days=9))
        session.commit()
    assert settle_waits(db) == 1
    db.dispose()


def test_per_month_counts_each_london_month_off_the_index(db: Database) -> None:
    with db.writes() as session:
        for number, moment in enumerate(
            [
                datetime(2026, 6, 30, 22, 59, tzinfo=UTC),  # 23:59 in London, 30 June
                datetime(2026, 6, 30, 23, 0, tzinfo=UTC),  # midnight in London, 1 July
                datetime(2026, 7, 2, 9, 0, tzinfo=UTC),
                datetime(2026, 12, 31, 23, 59, tzinfo=UTC),  # outside the months asked
            ]
        ):
            _report(session, number, moment)
        session.commit()
    query = select(func.count()).where(Submission.service == "s")
    with db.reads() as session:
        found = {
            month: n
            for n, month in session.execute(
                per_month(query, Submission.created_at, ["2026-06", "2026-07"])
            )
        }
    assert found == {"2026-06": 1, "2026-07": 2}
    db.dispose()
