"""Open data: schema.org JSON-LD, Open Referral UK JSON and a CSV safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, datetime
from typing import Any

from mvpkit.patterns.directory import open_referral
from mvpkit.patterns.directory.answers import check, columns
from mvpkit.patterns.directory.models import DirectoryListing
from mvpkit.patterns.directory.open_data import CSV_COLUMNS, csv_export, event_json_ld, safe_cell
from mvpkit.patterns.directory.search import Page
from tests.directory_support import SERVICE, answers

URL = "https://council.example/find-a-group/7"
SUMMER = datetime(2026, 6, 1, 12, tzinfo=UTC)


def listing(listing_id: int = 7, **changes: Any) -> DirectoryListing:
    values = columns(check(answers(**changes)))
    return DirectoryListing(
        id=listing_id,
        service=SERVICE,
        status="published",
        published_at=datetime(2026, 1, 2, 9, tzinfo=UTC),
        **values,
    )


def page_of(found: DirectoryListing) -> str:
    return f"https://council.example/find-a-group/{found.id}"


def test_json_ld_for_a_weekly_group() -> None:
    data = event_json_ld(listing(), URL, after=SUMMER)
    json.dumps(data)  # it must serialise as it is
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Tuesday toddlers"
    assert data["url"] == URL
    assert data["startDate"] == "2026-06-02T10:00:00+01:00"  # the next meeting, in BST
    assert data["endDate"] == "2026-06-02T11:30:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {
        "@type": "Place",
        "name": "Hyde Park Community Centre",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "12 Mill Lane, Leeds",
            "postalCode": "LS6 1AN",
            "addressCountry": "GB",
        },
    }
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Hyde Park Families",
        "url": "https://group.example/toddlers",
    }
    assert data["isAccessibleForFree"] is True
    assert "offers" not in data
    assert data["typicalAgeRange"] == "0-4"
    schedule = data["eventSchedule"]
    assert schedule["repeatFrequency"] == "P1W"
    assert schedule["byDay"] == "https://schema.org/Tuesday"
    assert (schedule["startTime"], schedule["endTime"]) == ("10:00:00", "11:30:00")
    assert schedule["scheduleTimezone"] == "Europe/London"
    assert "endDate" not in schedule


def test_json_ld_for_a_paid_one_off_event_in_winter() -> None:
    fair = listing(
        kind="event",
        repeat="none",
        starts_on="2026-12-05",
        start_time="14:00",
        end_time="16:00",
        cost="paid",
        cost_details="£2 on the door",
        age_min="",
        age_max="",
    )
    data = event_json_ld(fair, URL, after=SUMMER)
    assert data["startDate"] == "2026-12-05T14:00:00+00:00"
    assert data["isAccessibleForFree"] is False
    assert data["offers"] == {"@type": "Offer", "description": "£2 on the door", "url": URL}
    assert "eventSchedule" not in data
    assert "typicalAgeRange" not in data
    after_it = event_json_ld(fair, URL, after=datetime(2027, 1, 1, tzinfo=UTC))
    assert after_it["startDate"] == "2026-12-05T14:00:00+00:00"  # the last time it happened


def test_json_ld_for_a_monthly_group() -> None:
    data = event_json_ld(listing(repeat="monthly", repeat_until="2026-12-31"), URL, after=SUMMER)
    assert data["startDate"] == "2026-06-02T10:00:00+01:00"
    assert data["eventSchedule"]["repeatFrequency"] == "P1M"
    assert data["eventSchedule"]["byMonthWeek"] == 1
    assert data["eventSchedule"]["endDate"] == "2026-12-01"


def test_a_listing_as_an_open_referral_service() -> None:
    data = open_referral.service(listing(), URL)
    json.dumps(data)
    assert uuid.UUID(data["id"])
    assert (data["name"], data["url"], data["status"]) == ("Tuesday toddlers", URL, "active")
    assert data["email"] == "toddlers@group.example"
    assert data["fees"] == "Free"
    assert data["cost_options"] == []
    assert data["organization"]["name"] == "Hyde Park Families"
    assert uuid.UUID(data["organization"]["id"])
    [place] = data["service_at_locations"]
    assert place["location"]["name"] == "Hyde Park Community Centre"
    [address] = place["location"]["physical_addresses"]
    assert (address["address_1"], address["city"], address["postal_code"]) == (
        "12 Mill Lane",
        "Leeds",
        "LS6 1AN",
    )
    [schedule] = data["regular_schedules"]
    assert (schedule["freq"], schedule["interval"], schedule["byday"]) == ("WEEKLY", "1", "TU")
    assert (schedule["opens_at"], schedule["closes_at"]) == ("10:00", "11:30")
    assert (schedule["valid_from"], schedule["valid_to"]) == ("2026-01-06", None)
    assert data["eligibilitys"][0]["minimum_age"] == 0
    assert data["eligibilitys"][0]["maximum_age"] == 4
    [category] = data["service_taxonomys"]
    assert category["taxonomy"] == {
        "id": "parents-and-toddlers",
        "name": "Parents and toddlers",
        "vocabulary": "community-directory",
        "parent": None,
    }


def test_open_referral_schedules_costs_and_missing_details() -> None:
    quiz = listing(
        repeat="monthly",
        starts_on="2026-01-30",
        week_of_month="last",
        start_time="19:00",
        end_time="22:00",
        repeat_until="2026-06-30",
        cost="paid",
        cost_details="£1 a round",
        age_min="",
        age_max="",
        contact_email="",
        website="",
    )
    data = open_referral.service(quiz, URL)
    [schedule] = data["regular_schedules"]
    assert (schedule["freq"], schedule["byday"]) == ("MONTHLY", "-1FR")
    assert (schedule["opens_at"], schedule["closes_at"]) == ("19:00", "22:00")
    assert schedule["valid_to"] == "2026-06-26"
    assert data["fees"] == "£1 a round"
    assert data["cost_options"][0]["option"] == "£1 a round"
    assert data["eligibilitys"] == []
    assert "email" not in data
    assert "url" not in data["organization"]
    fair = listing(kind="event", repeat="none", starts_on="2026-12-05")
    [once] = open_referral.service(fair, URL)["regular_schedules"]
    assert (once["freq"], once["byday"], once["valid_from"], once["valid_to"]) == (
        "WEEKLY",
        "SA",
        "2026-12-05",
        "2026-12-05",
    )


def test_open_referral_ids_never_change() -> None:
    first = open_referral.service(listing(1), URL)
    assert first == open_referral.service(listing(1), URL)
    other = open_referral.service(listing(2, organisation="HYDE PARK FAMILIES"), URL)
    assert other["id"] != first["id"]
    assert other["organization"]["id"] == first["organization"]["id"]


def test_open_referral_pages_count_from_one() -> None:
    results = Page(listings=[listing(1), listing(2)], total=5, page=1, per_page=2)
    data = open_referral.services_page(results, page_of)
    assert {key: data[key] for key in data if key != "content"} == {
        "totalElements": 5,
        "totalPages": 3,
        "number": 1,
        "size": 2,
        "first": True,
        "last": False,
    }
    assert [service["url"] for service in data["content"]] == [
        page_of(listing(1)),
        page_of(listing(2)),
    ]
    last = open_referral.paged([], total=5, page=3, per_page=2)
    assert (last["first"], last["last"], last["content"]) == (False, True, [])
    empty = open_referral.paged([], total=0, page=1, per_page=20)
    assert (empty["totalPages"], empty["first"], empty["last"]) == (0, True, True)


def test_the_categories_as_open_referral_taxonomies() -> None:
    terms = open_referral.taxonomies()
    assert {
        "id": "walking-groups",
        "name": "Walking groups",
        "vocabulary": "community-directory",
        "parent": "sport-and-fitness",
    } in terms
    assert len({term["id"] for term in terms}) == len(terms)


def test_csv_has_a_row_a_listing() -> None:
    rows = list(
        csv.reader(
            io.StringIO(csv_export([listing(1), listing(2, title="Saturday walks")], page_of))
        )
    )
    assert rows[0] == list(CSV_COLUMNS)
    assert [row[CSV_COLUMNS.index("title")] for row in rows[1:]] == [
        "Tuesday toddlers",
        "Saturday walks",
    ]
    first = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert first["when"] == "Every Tuesday, 10am to 11:30am"
    assert first["address"] == "12 Mill Lane\nLeeds"
    assert first["url"] == page_of(listing(1))
    assert first["age_min"] == "0"
    assert first["published_at"] == "2026-01-02T09:00:00+00:00"


def test_csv_cells_cannot_start_a_formula() -> None:
    hostile = listing(
        title='=HYPERLINK("https://evil.example","Click")',
        organisation="+44 Club",
        description="-1 reasons to come",
        who_for="@everyone",
        venue="\tTabbed hall",
        cost="paid",
        cost_details="=1+1",
    )
    row = list(csv.reader(io.StringIO(csv_export([hostile], page_of))))[1]
    cells = dict(zip(CSV_COLUMNS, row, strict=True))
    assert cells["title"] == '\'=HYPERLINK("https://evil.example","Click")'
    assert cells["organisation"] == "'+44 Club"
    assert cells["description"] == "'-1 reasons to come"
    assert cells["who_for"] == "'@everyone"
    assert cells["cost_details"] == "'=1+1"
    assert cells["venue"] == "Tabbed hall"  # answers are stripped before they are stored
    dangerous = tuple("=+-@\t\r")
    assert not [cell for cell in row if cell.startswith(dangerous)]


def test_safe_cells() -> None:
    assert safe_cell("\tcmd") == "'\tcmd"
    assert safe_cell("\rcmd") == "'\rcmd"
    assert safe_cell("-2+3") == "'-2+3"
    assert safe_cell("Tea and cake") == "Tea and cake"
    assert safe_cell("a=b") == "a=b"
    assert safe_cell(5) == 5
    assert safe_cell(None) == ""
