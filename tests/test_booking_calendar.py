"""The booking calendar: opening hours, slots, closures, bank holidays, notice and clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from mvpkit.patterns.booking.calendar import (
    LONDON,
    Calendar,
    days_with_free_slots,
    free_slots_on,
    slots_on,
)
from mvpkit.patterns.booking.holidays import bank_holidays, easter_sunday

WEEKDAY_HOURS = ["09:00-12:30", "13:30-16:30"]
# Wednesday 1 January 2025 is New Year's Day; a Monday morning well before the days tested.
NOW = datetime(2025, 3, 3, 8, 0, tzinfo=LONDON)


def calendar(**settings: Any) -> Calendar:
    values: dict[str, Any] = {
        "opening_hours": {
            "monday": WEEKDAY_HOURS,
            "tuesday": WEEKDAY_HOURS,
            "wednesday": ["09:00-12:30"],
            "thursday": WEEKDAY_HOURS,
            "friday": WEEKDAY_HOURS,
        },
        "slot_minutes": 30,
        "places": 2,
        "max_days_ahead": 365,
    }
    values.update(settings)
    return Calendar.model_validate(values)


def times(slots: list[Any]) -> list[str]:
    return [slot.start.strftime("%H:%M") for slot in slots]


def test_a_weekday_has_slots_through_its_opening_hours_with_a_lunch_break() -> None:
    slots = slots_on(calendar(), date(2025, 3, 10), NOW)  # a Monday
    assert times(slots)[:2] == ["09:00", "09:30"]
    assert "12:00" in times(slots)
    assert "12:30" not in times(slots)  # 12:30 to 13:30 is lunch
    assert "13:00" not in times(slots)
    assert times(slots)[-1] == "16:00"
    assert len(slots) == 7 + 6
    assert all(slot.length == timedelta(minutes=30) for slot in slots)
    assert all(slot.start.tzinfo is LONDON for slot in slots)


def test_each_weekday_has_its_own_hours_and_the_weekend_none() -> None:
    office = calendar()
    assert len(slots_on(office, date(2025, 3, 12), NOW)) == 7  # Wednesday: mornings only
    assert slots_on(office, date(2025, 3, 15), NOW) == []  # Saturday
    assert slots_on(office, date(2025, 3, 16), NOW) == []  # Sunday


def test_slot_length_sets_the_times_and_a_short_remainder_is_not_a_slot() -> None:
    slots = slots_on(calendar(slot_minutes=45), date(2025, 3, 12), NOW)
    assert times(slots) == ["09:00", "09:45", "10:30", "11:15"]  # 12:00 would end at 12:45


def test_closures_by_day_and_by_range() -> None:
    office = calendar(
        closures=[
            {"date": "2025-03-10", "reason": "Staff training"},
            {"from": "2025-03-17", "to": "2025-03-19", "reason": "Refurbishment"},
        ]
    )
    assert office.closed(date(2025, 3, 10)) == "Staff training"
    assert slots_on(office, date(2025, 3, 10), NOW) == []
    assert slots_on(office, date(2025, 3, 11), NOW) != []
    for day in (17, 18, 19):
        assert slots_on(office, date(2025, 3, day), NOW) == []
    assert slots_on(office, date(2025, 3, 20), NOW) != []


def test_settings_are_checked() -> None:
    for bad in (
        {"opening_hours": {"monday": ["9-5"]}},
        {"opening_hours": {"monday": ["12:00-09:00"]}},
        {"opening_hours": {"monday": ["09:00-12:00", "11:00-13:00"]}},
        {"opening_hours": {"mondays": ["09:00-12:00"]}},
        {"closures": [{"from": "2025-03-19", "to": "2025-03-17", "reason": "x"}]},
        {"slot_minutes": 0},
        {"places": 0},
        {"registrars": 0},  # the key's first name is still read, and checked
    ):
        with pytest.raises(ValidationError):
            calendar(**bad)


PUBLISHED = {  # https://www.gov.uk/bank-holidays, England and Wales
    2025: [
        "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05",
        "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26",
    ],
    2026: [
        "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04",
        "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28",
    ],
    2027: [
        "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03",
        "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28",
    ],
    2020: [
        "2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08",
        "2020-05-25", "2020-08-31", "2020-12-25", "2020-12-28",
    ],
    2022: [
        "2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02",
        "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27",
    ],
    2023: [
        "2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08",
        "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26",
    ],
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_bank_holidays_match_the_published_dates(year: int) -> None:
    assert [day.isoformat() for day in bank_holidays(year)] == PUBLISHED[year]


def test_easter_and_substitute_days() -> None:
    assert easter_sunday(2025) == date(2025, 4, 20)
    assert easter_sunday(2038) == date(2038, 4, 25)  # as late as Easter falls
    assert easter_sunday(2285) == date(2285, 3, 22)  # as early as Easter falls
    assert bank_holidays(2027)[date(2027, 12, 27)] == "Christmas Day (substitute day)"
    assert bank_holidays(2028)[date(2028, 1, 3)] == "New Year's Day (substitute day)"


def test_the_office_is_closed_on_bank_holidays_unless_told_otherwise() -> None:
    good_friday = date(2025, 4, 18)
    assert calendar().closed(good_friday) == "Good Friday"
    assert slots_on(calendar(), good_friday, NOW) == []
    assert slots_on(calendar(bank_holidays=False), good_friday, NOW) != []


def test_minimum_notice_hides_slots_that_start_too_soon() -> None:
    office = calendar(min_notice_hours=24)
    now = datetime(2025, 3, 10, 10, 15, tzinfo=LONDON)  # Monday
    assert slots_on(office, date(2025, 3, 10), now) == []
    assert times(slots_on(office, date(2025, 3, 11), now))[0] == "10:30"
    no_notice = calendar()
    assert times(slots_on(no_notice, date(2025, 3, 10), now))[0] == "10:30"
    # a time given in UTC means the same instant
    assert slots_on(no_notice, date(2025, 3, 10), now.astimezone(UTC)) == slots_on(
        no_notice, date(2025, 3, 10), now
    )


def test_max_days_ahead_is_the_last_day_one_may_book() -> None:
    office = calendar(max_days_ahead=7)
    assert slots_on(office, date(2025, 3, 10), NOW) != []  # today plus 7 days
    assert slots_on(office, date(2025, 3, 11), NOW) == []
    days = days_with_free_slots(office, NOW, {})
    assert days == [date(2025, 3, day) for day in (3, 4, 5, 6, 7, 10)]


def test_days_with_free_slots_leave_out_full_days() -> None:
    office = calendar(opening_hours={"monday": ["09:00-10:00"]}, places=2, max_days_ahead=14)
    monday = date(2025, 3, 10)
    full = {slot.start: 2 for slot in slots_on(office, monday, NOW)}
    assert days_with_free_slots(office, NOW, full) == [date(2025, 3, 3), date(2025, 3, 17)]
    one_left = {**full, slots_on(office, monday, NOW)[1].start.astimezone(UTC): 1}
    assert monday in days_with_free_slots(office, NOW, one_left)
    assert times(free_slots_on(office, monday, NOW, one_left)) == ["09:30"]


def test_a_day_across_the_october_clock_change() -> None:
    # Sunday 26 October 2025: at 02:00 BST clocks go back to 01:00 GMT.
    office = calendar(opening_hours={"sunday": ["00:00-04:00"]}, slot_minutes=60)
    now = datetime(2025, 10, 1, tzinfo=LONDON)
    slots = slots_on(office, date(2025, 10, 26), now)
    assert [slot.start.astimezone(UTC).strftime("%H:%M") for slot in slots] == [
        "23:00", "00:00", "01:00", "02:00", "03:00",
    ]  # fmt: skip
    assert times(slots) == ["00:00", "01:00", "01:00", "02:00", "03:00"]  # 01:00 twice
    assert [slot.start.utcoffset() for slot in slots[1:3]] == [timedelta(hours=1), timedelta(0)]
    assert all(slot.length == timedelta(hours=1) for slot in slots)
    assert len(set(slots)) == 5
    # each of the two 01:00 slots is counted on its own
    taken = {slots[1].start: 2}
    free = free_slots_on(office, date(2025, 10, 26), now, taken)
    assert slots[1] not in free
    assert slots[2] in free


def test_office_hours_follow_the_wall_clock_across_the_change() -> None:
    office = calendar()
    friday = slots_on(office, date(2025, 10, 24), datetime(2025, 10, 1, tzinfo=LONDON))
    monday = slots_on(office, date(2025, 10, 27), datetime(2025, 10, 1, tzinfo=LONDON))
    assert friday[0].start.astimezone(UTC).time() == time(8, 0)  # 09:00 BST
    assert monday[0].start.astimezone(UTC).time() == time(9, 0)  # 09:00 GMT
    assert times(friday) == times(monday)


def test_a_day_across_the_march_clock_change() -> None:
    # Sunday 30 March 2025: at 01:00 GMT clocks go forward to 02:00 BST.
    office = calendar(opening_hours={"sunday": ["00:00-04:00"]}, slot_minutes=60)
    slots = slots_on(office, date(2025, 3, 30), datetime(2025, 3, 1, tzinfo=LONDON))
    assert times(slots) == ["00:00", "02:00", "03:00"]


def test_the_documented_calendar_loads() -> None:
    text = (Path(__file__).parents[1] / "docs" / "booking.md").read_text(encoding="utf-8")
    example = text.split("```text calendar\n", 1)[1].split("```", 1)[0]
    office = Calendar.model_validate(yaml.safe_load(example))
    assert office.places == 2
    assert office.closed(date(2026, 12, 30)) == "Office closed between Christmas and New Year"
    assert office.closed(date(2026, 3, 9)) == "Staff training"


def test_an_opening_inside_the_spring_gap_starts_when_the_clocks_have_gone_forward() -> None:
    office = calendar(opening_hours={"sunday": ["01:30-03:00"]}, slot_minutes=30)
    slots = slots_on(office, date(2025, 3, 30), datetime(2025, 3, 1, tzinfo=LONDON))
    assert times(slots) == ["02:30"]  # 01:30 GMT does not happen: it is 02:30 BST


def test_registrars_is_still_read_as_places() -> None:
    """`registrars` was the key's name before it was `places`: services that use it still run."""
    office = Calendar.model_validate(
        {"opening_hours": {"monday": ["09:00-10:00"]}, "registrars": 3}
    )
    assert office.places == 3
    assert "registrars" not in office.model_dump()
