"""The patterns' figures at small scale: a reference tracked is counted, and `mvpkit figures`.

The year's worth of each figure is checked in `tests/test_figures_year.py`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import select

from mvpkit.cli import main
from mvpkit.figures_commands import last_complete_month
from mvpkit.migrate import upgrade
from mvpkit.patterns.booking.figures import booking_figures, settle_bookings
from mvpkit.patterns.booking.store import book, reschedule
from mvpkit.patterns.figures.compute import service_figures
from mvpkit.store import counts
from mvpkit.store.database import Database, connect
from mvpkit.store.models import Feedback, MonthlyCount, StatusEvent, Submission
from mvpkit.store.references import new_reference
from tests.conftest import EXEMPLAR
from tests.support import Browser

NOVEMBER = datetime(2026, 11, 10, 12, tzinfo=UTC)


def _reports(db: Database, made: list[datetime], fixed_after: timedelta | None = None) -> str:
    """Reports sent at these moments, each fixed `fixed_after` later; the last reference."""
    reference = ""
    with db.writes() as session:
        for number, moment in enumerate(made):
            reference = new_reference("RF")
            submission = Submission(
                service="report-a-fault",
                reference=reference,
                draft_token=f"draft-{number}",
                answers={},
                created_at=moment,
            )
            submission.events.append(StatusEvent(status="Received", by="system", created_at=moment))
            if fixed_after is not None:
                submission.events.append(
                    StatusEvent(status="Fixed", by="staff", created_at=moment + fixed_after)
                )
            session.add(submission)
        session.commit()
    return reference


def test_a_reference_found_on_the_tracking_page_is_counted(app: Flask) -> None:
    db = app.extensions["mvpkit"].db
    reference = _reports(db, [NOVEMBER])
    visitor = Browser(app.test_client())
    with time_machine.travel(NOVEMBER, tick=False):
        visitor.get("/track")
        assert visitor.submit(data={"reference": reference}).status_code == 302
        visitor.get("/track")
        assert visitor.submit(data={"reference": "RF-AAAA-AAAA"}).status_code == 200
        visitor.get(f"/track/{reference}")  # the status page itself is not a look-up
    with db.reads() as session:
        counted = session.execute(
            select(MonthlyCount.month, MonthlyCount.value).where(MonthlyCount.name == "tracked")
        ).all()
    assert counted == [("2026-11", 1)]


def test_the_last_complete_month_is_on_londons_clocks() -> None:
    with time_machine.travel(datetime(2026, 7, 31, 23, 30, tzinfo=UTC), tick=False):
        assert last_complete_month() == "2026-07"  # 00:30 on 1 August in London
    with time_machine.travel(datetime(2026, 1, 15, tzinfo=UTC), tick=False):
        assert last_complete_month() == "2025-12"


def test_mvpkit_figures_prints_the_months_figures_keeping_small_numbers_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "report-a-fault"
    folder.mkdir()
    (folder / "service.yaml").write_text(
        (EXEMPLAR / "service.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    url = f"sqlite:///{tmp_path / 'figures.sqlite3'}"
    monkeypatch.setenv("MVPKIT_DATABASE_URL", url)
    db = connect(url)
    upgrade(db.engine)
    _reports(db, [NOVEMBER + timedelta(hours=n) for n in range(12)], timedelta(days=2))
    with db.writes() as session:
        session.add_all(
            Feedback(service="report-a-fault", rating="Satisfied", created_at=NOVEMBER)
            for _ in range(3)
        )
        session.commit()
    db.dispose()

    result = CliRunner().invoke(main, ["figures", str(tmp_path), "--month", "2026-11"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Report a street light or drain problem (report-a-fault): November 2026"
    rows = dict(
        re.split(r"\s{2,}", line.strip())
        for line in lines
        if line.startswith("  ") and "£" not in line
    )
    assert rows["Online transactions"] == "12"
    assert rows["Ratings"] == "fewer than 5"
    assert rows["User satisfaction"] == "fewer than 5 ratings"
    assert rows["Digital take-up"] == "100%"
    assert rows["Time from report to Fixed: median"] == "2.0 days"
    assert rows["Time from report to Fixed: measured"] == "12"
    assert rows["Time from report to Investigating: median"] == "no times measured"
    assert "Transactions" in lines
    assert "Cost and savings" in lines
    assert "Socitm" in result.output


def test_mvpkit_figures_refuses_a_month_it_cannot_read(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["figures", str(EXEMPLAR), "--month", "11/2026"])
    assert result.exit_code == 2
    assert "write it like 2026-11" in result.output
    empty = CliRunner().invoke(main, ["figures", str(tmp_path)])
    assert empty.exit_code == 1
    assert "No service.yaml" in empty.output


def test_a_moved_appointment_counts_to_its_new_time(tmp_path: Path) -> None:
    db = connect(f"sqlite:///{tmp_path / 'booking.sqlite3'}")
    upgrade(db.engine)
    service = "register-a-birth-or-death"
    with time_machine.travel(NOVEMBER, tick=False):
        moved = book(db, service, NOVEMBER + timedelta(days=4), 2, {})
        book(db, service, NOVEMBER + timedelta(days=2), 2, {})
    assert settle_bookings(db, service) == 2
    assert settle_bookings(db, service) == 0  # nothing new: nothing written

    def time_to_appointment() -> tuple[float, float]:
        with db.reads() as session:
            figure = booking_figures(session, service, ["2026-11"])[0]
        return figure.values["2026-11"], figure.p90["2026-11"]

    assert time_to_appointment() == (pytest.approx(2), pytest.approx(4))
    with time_machine.travel(NOVEMBER + timedelta(days=1), tick=False):
        reschedule(db, moved.reference, NOVEMBER + timedelta(days=10), 2)
    assert settle_bookings(db, service) == 1
    assert time_to_appointment() == (pytest.approx(2), pytest.approx(10))
    db.dispose()


PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148 Safari/604.1"


def test_a_start_page_visit_is_counted_soon_and_shown_by_device(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(counts, "FLUSH_SECONDS", 3600.0)
    db = app.extensions["mvpkit"].db
    client = app.test_client()
    with time_machine.travel(NOVEMBER, tick=False):
        for agent in (PHONE, PHONE, "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"):
            assert client.get("/", headers={"User-Agent": agent}).status_code == 200

        def written() -> dict[str, int]:
            with db.reads() as session:
                rows = session.execute(
                    select(MonthlyCount.dimension, MonthlyCount.value).where(
                        MonthlyCount.name == "visit"
                    )
                ).all()
            return dict(rows)  # type: ignore[arg-type]

        assert written() == {}  # held in memory: the start page took no write lock
        kit = app.extensions["mvpkit"]
        month = service_figures(kit, ["2026-11"]).months[0]  # writes them first
    assert month.visits == {"phone": 2, "desktop": 1}
    assert written() == {"phone": 2, "desktop": 1}


def test_counts_held_in_memory_are_written_every_few_seconds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = connect(f"sqlite:///{tmp_path / 'soon.sqlite3'}")
    upgrade(db.engine)
    with time_machine.travel(NOVEMBER, tick=False):
        counts.count_soon(db, "s", "visit", "tablet")
        monkeypatch.setattr(counts, "FLUSH_SECONDS", 0.0)  # the next one finds it is time
        counts.count_soon(db, "s", "visit", "tablet")
    with db.reads() as session:
        assert session.scalar(select(MonthlyCount.value)) == 2
    db.dispose()


def test_counts_of_one_database_are_written_before_it_goes(tmp_path: Path) -> None:
    going = connect(f"sqlite:///{tmp_path / 'going.sqlite3'}")
    staying = connect(f"sqlite:///{tmp_path / 'staying.sqlite3'}")
    for db in (going, staying):
        upgrade(db.engine)
    with time_machine.travel(NOVEMBER, tick=False):
        counts.count_soon(going, "s", "visit", "phone")
        counts.count_soon(staying, "s", "visit", "desktop")
    counts.write_counts(going)
    with going.reads() as session:
        assert session.scalar(select(MonthlyCount.value)) == 1
    with staying.reads() as session:  # still held for the next write
        assert session.scalar(select(MonthlyCount.value)) is None
    counts.write_counts()
    with staying.reads() as session:
        assert session.scalar(select(MonthlyCount.value)) == 1
    for db in (going, staying):
        db.dispose()
