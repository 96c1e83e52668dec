"""The kit's clock: started at another moment for prototypes and tests, never in production."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
import time_machine

from mvpkit import clock
from mvpkit.testing.clock import frozen_clock
from tests.test_booking_race_http import RADIO, Racer
from tests.test_server import Server, free_port

MONDAY_MORNING = datetime(2031, 3, 3, 10, 0, tzinfo=clock.LONDON)


@pytest.fixture(autouse=True)
def real_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test leaves the process's clock as it found it."""
    monkeypatch.delenv(clock.CLOCK_VARIABLE, raising=False)
    yield
    clock.run_real()


def test_started_at_a_moment_the_clock_ticks_on_from_it() -> None:
    clock.start_at(MONDAY_MORNING)
    first = clock.now()
    assert abs(first - MONDAY_MORNING) < timedelta(seconds=5)
    assert clock.today() == date(2031, 3, 3)
    assert clock.now() >= first


def test_the_environment_starts_it_in_london_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.CLOCK_VARIABLE, "2031-07-07T09:30")  # summer: 08:30 UTC
    started = clock.start_from_environment()
    assert started == datetime(2031, 7, 7, 9, 30, tzinfo=clock.LONDON)
    assert abs(clock.now() - datetime(2031, 7, 7, 8, 30, tzinfo=UTC)) < timedelta(seconds=5)


def test_run_real_puts_it_back_exactly() -> None:
    clock.start_at(MONDAY_MORNING)
    clock.run_real()
    moment = datetime(2026, 5, 12, 9, 30, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        assert clock.now() == moment  # not a microsecond off, as tests that freeze it check


def test_unset_it_leaves_the_clock_alone() -> None:
    before = clock.now()
    assert clock.start_from_environment() is None
    assert abs(clock.now() - before) < timedelta(seconds=5)


def test_production_refuses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MVPKIT_ENV", "production")
    monkeypatch.setenv(clock.CLOCK_VARIABLE, "2031-03-03T10:00")
    with pytest.raises(clock.ClockError, match="unset it in production"):
        clock.start_from_environment()


def test_a_moment_it_cannot_read_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.CLOCK_VARIABLE, "next monday")
    with pytest.raises(clock.ClockError, match=r"'next monday'.*like 2026-12-07T10:00"):
        clock.start_from_environment()


def a_monday_morning_soon() -> datetime:
    """09:55 on a Monday a week or two away: near enough that the cookies a test keeps live."""
    soon = clock.today() + timedelta(days=7)
    monday = soon + timedelta(days=(7 - soon.weekday()) % 7)
    return datetime.combine(monday, time(9, 55), clock.LONDON)


@pytest.mark.slow
def test_a_served_calendar_offers_times_from_the_started_moment(tmp_path: Path) -> None:
    """Every gunicorn worker of `mvpkit serve` runs on the clock the test started."""
    monday = a_monday_morning_soon()
    born = monday.date() - timedelta(days=3)
    with frozen_clock(monday):
        server = Server(f"sqlite:///{tmp_path / 'served.sqlite3'}", free_port(), tmp_path / "log")
        try:
            resident = Racer(f"http://127.0.0.1:{server.port}/register-a-birth-or-death")
            resident.answer("/register-what", {"register-what": "birth"})
            resident.answer(
                "/birth-date",
                {
                    "birth-date-day": str(born.day),
                    "birth-date-month": str(born.month),
                    "birth-date-year": str(born.year),
                },
            )
            days = RADIO.findall(resident.get("/appointment-day"))
            resident.answer("/appointment-day", {"appointment-day": days[0]})
            times = RADIO.findall(resident.get("/appointment-time"))
        finally:
            server.kill()
    assert days[0] == monday.date().isoformat()
    first = datetime.fromisoformat(times[0]).astimezone(clock.LONDON)
    assert first == monday + timedelta(hours=2, minutes=5)  # 2 hours' notice; 30-minute slots
