"""A listing's answers: checked with messages, and turned into columns; postcodes; categories."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest

from mvpkit.patterns.directory import postcodes, taxonomy
from mvpkit.patterns.directory.answers import InvalidListingError, answers_of, check, columns
from mvpkit.patterns.directory.models import DirectoryListing
from tests.directory_support import answers


def problems(**changes: Any) -> dict[str, str]:
    with pytest.raises(InvalidListingError) as raised:
        check(answers(**changes))
    return raised.value.errors


def test_answers_become_columns_with_the_schedule_worked_out() -> None:
    values = columns(check(answers()))
    assert values["postcode"] == "LS6 1AN"
    assert values["area"] == "LS6"
    assert values["website"] == "https://group.example/toddlers"
    assert values["age_min"] == 0
    assert values["age_max"] == 4
    assert values["starts_at"] == datetime(2026, 1, 6, 10, tzinfo=UTC)  # GMT in January
    assert values["ends_at"] == datetime(2026, 1, 6, 11, 30, tzinfo=UTC)
    assert values["weekday"] == 1
    assert values["week_of_month"] is None
    assert values["first_day"] == date(2026, 1, 6).toordinal()
    assert values["ends_on"] is None
    assert values["repeat_until"] is None
    assert "messy play" in values["search_text"]
    assert "parents and toddlers" in values["search_text"]  # the category's name
    assert values["search_text"] == values["search_text"].lower()
    assert "\n" not in values["search_text"]


def test_summer_times_are_stored_in_utc() -> None:
    values = columns(check(answers(starts_on="2026-06-02")))
    assert values["starts_at"] == datetime(2026, 6, 2, 9, tzinfo=UTC)


def test_a_monthly_listing_knows_its_week() -> None:
    assert columns(check(answers(repeat="monthly")))["week_of_month"] == 1
    last = check(answers(repeat="monthly", starts_on="2026-01-27", week_of_month="last"))
    assert columns(last)["week_of_month"] == -1


def test_a_course_ends_on_its_last_meeting() -> None:
    values = columns(check(answers(repeat_until="2026-01-25")))
    assert values["repeat_until"] == date(2026, 1, 25)
    assert values["ends_on"] == date(2026, 1, 20)


def test_a_one_off_event_ends_on_its_day() -> None:
    values = columns(check(answers(kind="event", repeat="none", starts_on="2026-12-05")))
    assert values["ends_on"] == date(2026, 12, 5)
    assert values["repeat_until"] is None


def test_free_listings_keep_no_price() -> None:
    assert columns(check(answers(cost="free", cost_details="£2")))["cost_details"] == ""
    assert columns(check(answers(cost="paid", cost_details="£2")))["cost_details"] == "£2"


@pytest.mark.parametrize(
    ("changes", "key", "message"),
    [
        ({"title": "  "}, "title", "Enter a title"),
        ({"kind": "club"}, "kind", "Select whether it is a group or an event"),
        ({"postcode": "not a postcode"}, "postcode", "Enter a real postcode, like LS6 1AN"),
        ({"category": "astrology"}, "category", "Select a category"),
        ({"age_min": "five"}, "age_min", "Enter an age in years, from 0 to 120"),
        ({"age_max": "121"}, "age_max", "Enter an age in years, from 0 to 120"),
        (
            {"contact_email": "nope"},
            "contact_email",
            "Enter an email address in the correct format",
        ),
        ({"website": "not a website"}, "website", "Enter a website address in the correct format"),
        ({"title": "x" * 201}, "title", "Must be 200 characters or fewer"),
        ({"starts_on": "2026-02-30"}, "starts_on", "Enter a real date"),
        ({"start_time": "25:00"}, "start_time", "Enter a real time"),
    ],
)
def test_each_answer_is_checked(changes: dict[str, Any], key: str, message: str) -> None:
    assert problems(**changes)[key].startswith(message)


@pytest.mark.parametrize(
    ("changes", "key", "message"),
    [
        ({"age_min": "10", "age_max": "4"}, "age_max", "The oldest age must be"),
        ({"cost": "paid", "cost_details": ""}, "cost_details", "Enter how much it costs"),
        ({"contact_email": "", "contact_phone": ""}, "contact_email", "Enter an email address or"),
        ({"end_time": "09:00"}, "end_time", "The end time must be after the start time"),
        ({"end_time": "10:00"}, "end_time", "The end time must be after the start time"),
        ({"end_date": "2026-01-07"}, "end_date", "Only a one-off event can end on a later day"),
        ({"repeat_until": "2026-01-01"}, "repeat_until", "The last date must be"),
        (
            {"repeat": "monthly", "week_of_month": "2"},
            "starts_on",
            "The first date must be the second Tuesday of its month",
        ),
        (
            {"repeat": "monthly", "week_of_month": "last"},
            "starts_on",
            "The first date must be the last Tuesday of its month",
        ),
    ],
)
def test_answers_are_checked_together(changes: dict[str, Any], key: str, message: str) -> None:
    assert problems(**changes)[key].startswith(message)


def test_a_one_off_event_may_run_over_several_days() -> None:
    event = check(answers(repeat="none", end_date="2026-01-07", end_time="09:00"))
    assert columns(event)["ends_on"] == date(2026, 1, 7)


def test_stored_answers_fill_in_the_same_listing_again() -> None:
    given = answers(
        repeat="monthly",
        starts_on="2026-07-28",
        week_of_month="last",
        cost="paid",
        cost_details="£3",
    )
    listing = DirectoryListing(**columns(check(given)))
    assert columns(check(answers_of(listing))) == columns(check(given))


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("ls6 1an", "LS6 1AN"),
        ("LS61AN", "LS6 1AN"),
        (" sw1a  2aa ", "SW1A 2AA"),
        ("M1 1AE", "M1 1AE"),
    ],
)
def test_postcodes_are_written_one_way(text: str, normalised: str) -> None:
    assert postcodes.normalise(text) == normalised


def test_areas_are_postcode_districts() -> None:
    assert postcodes.normalise("LS6") is None
    assert postcodes.area_asked("ls6") == "LS6"
    assert postcodes.area_asked("LS6 1AN") == "LS6"
    assert postcodes.area_asked("sw1a 2aa") == "SW1A"
    assert postcodes.area_asked("Leeds") is None


def test_category_ids_are_unique_slugs_with_known_parents() -> None:
    ids = [term.id for term in taxonomy.TERMS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", term_id) for term_id in ids)
    assert all(term.parent in ids for term in taxonomy.TERMS if term.parent)
    assert {"Parents and toddlers", "Sport and fitness", "Support groups"} <= {
        name for _, name in taxonomy.choices()
    }


def test_a_category_includes_the_terms_beneath_it() -> None:
    assert taxonomy.with_children("sport-and-fitness") == ["sport-and-fitness", "walking-groups"]
    assert taxonomy.with_children("learning") == ["learning"]
    assert taxonomy.name_of("walking-groups") == "Walking groups"
    assert taxonomy.name_of("gone") == "gone"
