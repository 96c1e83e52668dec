"""iCalendar feeds, read back with the icalendar package."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from dateutil.rrule import rrulestr
from icalendar import Calendar, Event

from mvpkit.clock import LONDON
from mvpkit.patterns.directory.answers import check, columns
from mvpkit.patterns.directory.feeds import directory_calendar, listing_calendar, london_timezone
from mvpkit.patterns.directory.models import DirectoryListing
from tests.directory_support import SERVICE, answers

HOST = "council.example"
UPDATED = datetime(2026, 5, 1, 12, tzinfo=UTC)


def listing(listing_id: int = 7, **changes: Any) -> DirectoryListing:
    values = columns(check(answers(**changes)))
    return DirectoryListing(
        id=listing_id, service=SERVICE, status="published", updated_at=UPDATED, **values
    )


def page_of(found: DirectoryListing) -> str:
    return f"https://{HOST}/find-a-group/{found.id}"


def read(feed: bytes) -> tuple[Calendar, list[Event]]:
    calendar = Calendar.from_ical(feed)
    return calendar, list(calendar.walk("VEVENT"))


def test_one_listing_as_a_calendar() -> None:
    calendar, [event] = read(listing_calendar(listing(), host=HOST, url_for=page_of))
    assert str(calendar["VERSION"]) == "2.0"
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/London"
    assert str(event["UID"]) == f"directory-{SERVICE}-7@{HOST}"
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTEND"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART") == datetime(2026, 1, 6, 10, tzinfo=LONDON)
    assert event.decoded("DTEND") == datetime(2026, 1, 6, 11, 30, tzinfo=LONDON)
    assert event.decoded("DTSTAMP") == UPDATED
    assert str(event["SUMMARY"]) == "Tuesday toddlers"
    assert "messy play" in str(event["DESCRIPTION"])
    assert "Run by Hyde Park Families." in str(event["DESCRIPTION"])
    assert str(event["LOCATION"]) == "Hyde Park Community Centre, 12 Mill Lane, Leeds, LS6 1AN"
    assert str(event["URL"]) == f"https://{HOST}/find-a-group/7"
    rule = event["RRULE"]
    assert (rule["FREQ"], rule["BYDAY"]) == (["WEEKLY"], ["TU"])
    assert "UNTIL" not in rule


def test_weekly_repeats_keep_ten_oclock_across_the_clock_changes() -> None:
    raw = listing_calendar(listing(starts_on="2026-10-20"), host=HOST, url_for=page_of)
    _, [event] = read(raw)
    start = event.decoded("DTSTART")
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    found = [moment for _, moment in zip(range(3), rule, strict=False)]
    assert [moment.astimezone(UTC).hour for moment in found] == [9, 10, 10]  # BST, then GMT


def test_a_monthly_listing_with_an_end_has_until_in_utc() -> None:
    course = listing(repeat="monthly", starts_on="2026-06-02", repeat_until="2026-08-31")
    _, [event] = read(listing_calendar(course, host=HOST, url_for=page_of))
    rule = event["RRULE"]
    assert (rule["FREQ"], rule["BYDAY"]) == (["MONTHLY"], ["1TU"])
    assert rule["UNTIL"] == [datetime(2026, 8, 4, 9, tzinfo=UTC)]  # 10am BST, the last start
    start = event.decoded("DTSTART")
    dates = [
        moment.date().isoformat() for moment in rrulestr(rule.to_ical().decode(), dtstart=start)
    ]
    assert dates == ["2026-06-02", "2026-07-07", "2026-08-04"]


def test_the_last_weekday_of_the_month() -> None:
    quiz = listing(repeat="monthly", starts_on="2026-01-30", week_of_month="last")
    _, [event] = read(listing_calendar(quiz, host=HOST, url_for=page_of))
    assert event["RRULE"]["BYDAY"] == ["-1FR"]


def test_a_one_off_event_does_not_repeat() -> None:
    fair = listing(
        kind="event", repeat="none", starts_on="2026-12-05", start_time="14:00", end_time="16:00"
    )
    _, [event] = read(listing_calendar(fair, host=HOST, url_for=page_of))
    assert "RRULE" not in event
    assert event.decoded("DTSTART") == datetime(2026, 12, 5, 14, tzinfo=LONDON)


def test_text_with_commas_and_semicolons_reads_back_the_same() -> None:
    odd = listing(
        title="Tea, cake; and a chat", description="Line one\nLine two, with commas; and more"
    )
    _, [event] = read(listing_calendar(odd, host=HOST, url_for=page_of))
    assert str(event["SUMMARY"]) == "Tea, cake; and a chat"
    assert str(event["DESCRIPTION"]).startswith("Line one\nLine two, with commas; and more")


def test_the_whole_directory_as_one_calendar() -> None:
    feed = directory_calendar(
        [listing(1), listing(2, title="Saturday walks", starts_on="2026-01-10")],
        host=HOST,
        url_for=page_of,
        name="Find a community group",
    )
    calendar, events = read(feed)
    assert str(calendar["X-WR-CALNAME"]) == "Find a community group"
    assert len(calendar.walk("VTIMEZONE")) == 1
    assert [str(event["UID"]) for event in events] == [
        f"directory-{SERVICE}-1@{HOST}",
        f"directory-{SERVICE}-2@{HOST}",
    ]
    assert [str(event["URL"]) for event in events] == [page_of(listing(1)), page_of(listing(2))]


def test_the_timezone_gives_londons_offsets_for_years_to_come() -> None:
    zone = london_timezone().to_tz()
    moment = datetime(2026, 1, 1)
    while moment < datetime(2036, 1, 1):
        assert (
            moment.replace(tzinfo=zone).utcoffset() == moment.replace(tzinfo=LONDON).utcoffset()
        ), moment
        moment += timedelta(hours=7)
