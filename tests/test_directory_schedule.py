"""When listings happen: London dates across clock changes, repeats, endings and wording."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import time_machine

from mvpkit.clock import LONDON
from mvpkit.patterns.directory.schedule import (
    Schedule,
    byday,
    clock_time,
    ends_on,
    finished,
    last_occurrence,
    upcoming,
    week_of_month,
    wording,
)


def london(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def weekly(start: datetime, end: datetime, until: date | None = None) -> Schedule:
    return Schedule(start.astimezone(UTC), end.astimezone(UTC), "weekly", until)


def monthly(start: datetime, end: datetime, week: int | None = None) -> Schedule:
    return Schedule(start.astimezone(UTC), end.astimezone(UTC), "monthly", None, week)


def test_weekly_keeps_its_london_time_across_the_october_clock_change() -> None:
    toddlers = weekly(london(2026, 10, 13, 10), london(2026, 10, 13, 11, 30))
    found = upcoming(toddlers, count=3, after=datetime(2026, 10, 19, 12, tzinfo=UTC))
    assert [occurrence.starts_at for occurrence in found] == [
        london(2026, 10, 20, 10),
        london(2026, 10, 27, 10),
        london(2026, 11, 3, 10),
    ]
    assert [occurrence.starts_at.astimezone(UTC).hour for occurrence in found] == [9, 10, 10]
    assert all(occurrence.ends_at.time() == time(11, 30) for occurrence in found)
    assert all(
        occurrence.ends_at - occurrence.starts_at == timedelta(minutes=90) for occurrence in found
    )


def test_weekly_keeps_its_london_time_across_the_march_clock_change() -> None:
    football = weekly(london(2026, 3, 21, 14), london(2026, 3, 21, 16))
    found = upcoming(football, count=3, after=datetime(2026, 3, 1, tzinfo=UTC))
    assert [occurrence.starts_at.astimezone(UTC) for occurrence in found] == [
        datetime(2026, 3, 21, 14, tzinfo=UTC),
        datetime(2026, 3, 28, 14, tzinfo=UTC),
        datetime(2026, 4, 4, 13, tzinfo=UTC),  # BST from 29 March: 2pm is 13:00 UTC
    ]


def test_monthly_meets_on_the_same_nth_weekday_not_the_same_date() -> None:
    choir = monthly(london(2026, 1, 6, 19), london(2026, 1, 6, 21))  # the first Tuesday
    found = upcoming(choir, count=4, after=datetime(2026, 1, 7, tzinfo=UTC))
    assert [occurrence.starts_at.date() for occurrence in found] == [
        date(2026, 2, 3),
        date(2026, 3, 3),
        date(2026, 4, 7),
        date(2026, 5, 5),
    ]
    assert found[2].starts_at.astimezone(UTC).hour == 18  # 7pm in BST


def test_monthly_on_the_last_weekday() -> None:
    quiz = monthly(london(2026, 1, 30, 19), london(2026, 1, 30, 22), week=-1)  # last Friday
    found = upcoming(quiz, count=4, after=datetime(2026, 1, 31, tzinfo=UTC))
    assert [occurrence.starts_at.date() for occurrence in found] == [
        date(2026, 2, 27),
        date(2026, 3, 27),
        date(2026, 4, 24),
        date(2026, 5, 29),
    ]


def test_a_fifth_weekday_counts_as_the_last() -> None:
    assert week_of_month(date(2026, 1, 1)) == 1
    assert week_of_month(date(2026, 1, 22)) == 4
    assert week_of_month(date(2026, 1, 29)) == -1  # the 5th Thursday of January 2026
    fifth = monthly(london(2026, 1, 29, 18), london(2026, 1, 29, 19))
    found = upcoming(fifth, count=2, after=datetime(2026, 1, 30, tzinfo=UTC))
    assert [occurrence.starts_at.date() for occurrence in found] == [
        date(2026, 2, 26),
        date(2026, 3, 26),
    ]


def test_an_occurrence_under_way_is_still_upcoming() -> None:
    toddlers = weekly(london(2026, 1, 6, 10), london(2026, 1, 6, 11, 30))
    during = london(2026, 1, 13, 11).astimezone(UTC)
    assert upcoming(toddlers, count=1, after=during)[0].starts_at == london(2026, 1, 13, 10)
    after_it = london(2026, 1, 13, 11, 30).astimezone(UTC)
    assert upcoming(toddlers, count=1, after=after_it)[0].starts_at == london(2026, 1, 20, 10)


def test_upcoming_is_counted_from_now_by_default() -> None:
    toddlers = weekly(london(2026, 1, 6, 10), london(2026, 1, 6, 11, 30))
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=UTC), tick=False):
        found = upcoming(toddlers, count=2)
    assert [occurrence.starts_at for occurrence in found] == [
        london(2026, 6, 2, 10),
        london(2026, 6, 9, 10),
    ]


def test_repeats_stop_at_the_last_date() -> None:
    course = weekly(london(2026, 1, 6, 10), london(2026, 1, 6, 12), until=date(2026, 1, 22))
    found = upcoming(course, count=10, after=datetime(2026, 1, 1, tzinfo=UTC))
    assert [occurrence.starts_at.date() for occurrence in found] == [
        date(2026, 1, 6),
        date(2026, 1, 13),
        date(2026, 1, 20),
    ]
    last = last_occurrence(course)
    assert last is not None
    assert last.ends_at == london(2026, 1, 20, 12)
    assert ends_on(course) == date(2026, 1, 20)
    assert not finished(course, at=london(2026, 1, 20, 11, 59).astimezone(UTC))
    assert finished(course, at=london(2026, 1, 20, 12).astimezone(UTC))


def test_a_one_off_event_finishes_when_it_ends() -> None:
    fair = Schedule(
        london(2026, 12, 5, 14).astimezone(UTC), london(2026, 12, 5, 16).astimezone(UTC)
    )
    assert ends_on(fair) == date(2026, 12, 5)
    assert not finished(fair, at=london(2026, 12, 5, 15, 59).astimezone(UTC))
    assert finished(fair, at=london(2026, 12, 5, 16).astimezone(UTC))
    assert upcoming(fair, count=3, after=london(2026, 12, 1, 9).astimezone(UTC)) == [
        upcoming(fair, count=1, after=london(2026, 12, 5, 15).astimezone(UTC))[0]
    ]
    assert upcoming(fair, after=london(2026, 12, 5, 16).astimezone(UTC)) == []


def test_an_open_ended_repeat_never_finishes() -> None:
    toddlers = weekly(london(2026, 1, 6, 10), london(2026, 1, 6, 11, 30))
    assert last_occurrence(toddlers) is None
    assert ends_on(toddlers) is None
    assert not finished(toddlers, at=datetime(2040, 1, 1, tzinfo=UTC))


def test_times_are_worded_in_govuk_style() -> None:
    assert clock_time(time(10)) == "10am"
    assert clock_time(time(11, 30)) == "11:30am"
    assert clock_time(time(12)) == "midday"
    assert clock_time(time(0)) == "midnight"
    assert clock_time(time(12, 30)) == "12:30pm"
    assert clock_time(time(0, 15)) == "12:15am"
    assert clock_time(time(17, 45)) == "5:45pm"


def test_wording_of_each_kind_of_schedule() -> None:
    toddlers = weekly(london(2026, 7, 7, 10), london(2026, 7, 7, 11, 30))
    assert wording(toddlers) == "Every Tuesday, 10am to 11:30am"
    choir = monthly(london(2026, 1, 6, 19), london(2026, 1, 6, 21))
    assert wording(choir) == "First Tuesday of every month, 7pm to 9pm"
    quiz = monthly(london(2026, 1, 30, 19), london(2026, 1, 30, 22), week=-1)
    assert wording(quiz) == "Last Friday of every month, 7pm to 10pm"
    fair = Schedule(
        london(2026, 12, 5, 14).astimezone(UTC), london(2026, 12, 5, 16).astimezone(UTC)
    )
    assert wording(fair) == "Saturday 5 December 2026, 2pm to 4pm"
    weekend = Schedule(
        london(2026, 12, 5, 12).astimezone(UTC), london(2026, 12, 6, 0).astimezone(UTC)
    )
    assert (
        wording(weekend) == "Saturday 5 December 2026, midday to Sunday 6 December 2026, midnight"
    )
    course = weekly(london(2026, 1, 6, 10), london(2026, 1, 6, 12), until=date(2026, 1, 22))
    assert wording(course) == "Every Tuesday, 10am to midday, until Tuesday 20 January 2026"


def test_wording_uses_london_time_whatever_the_season() -> None:
    summer = weekly(london(2026, 7, 7, 10), london(2026, 7, 7, 11))
    winter = weekly(london(2026, 12, 1, 10), london(2026, 12, 1, 11))
    assert wording(summer) == wording(winter) == "Every Tuesday, 10am to 11am"


def test_icalendar_days() -> None:
    assert byday(weekly(london(2026, 7, 7, 10), london(2026, 7, 7, 11))) == "TU"
    assert byday(monthly(london(2026, 1, 6, 19), london(2026, 1, 6, 21))) == "1TU"
    assert byday(monthly(london(2026, 1, 30, 19), london(2026, 1, 30, 22), week=-1)) == "-1FR"
    assert byday(monthly(london(2026, 1, 21, 19), london(2026, 1, 21, 22))) == "3WE"
