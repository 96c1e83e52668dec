"""Searching published listings: each filter, what is never found, pages and order."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from mvpkit.patterns.directory import listings, moderation
from mvpkit.patterns.directory.answers import check, columns
from mvpkit.patterns.directory.models import DirectoryListing
from mvpkit.patterns.directory.schedule import Schedule, dates
from mvpkit.patterns.directory.search import MAX_PER_PAGE, days_until_next, search
from mvpkit.store.database import Database
from tests.directory_support import SERVICE, STAFF, answers, directory_database

NOW = datetime(2026, 5, 11, 8, tzinfo=UTC)  # Monday 11 May 2026, 9am in London
TODAY = date(2026, 5, 11)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    with time_machine.travel(NOW, tick=False), directory_database(database_url) as database:
        yield database


def publish(db: Database, title: str, **changes: object) -> int:
    listing = listings.create(db, SERVICE, answers(title=title, **changes))
    moderation.approve(db, SERVICE, listing.id, STAFF)
    return listing.id


def titles(db: Database, **query: object) -> set[str]:
    page = search(db, SERVICE, per_page=MAX_PER_PAGE, **query)  # type: ignore[arg-type]
    return {listing.title for listing in page.listings}


@pytest.fixture
def directory(db: Database) -> Database:
    publish(db, "Tuesday toddlers")  # weekly, 0 to 4, free, LS6, parents and toddlers
    publish(
        db,
        "Thursday football",
        description="Five-a-side football for adults.",
        category="sport-and-fitness",
        age_min="18",
        age_max="",
        cost="paid",
        cost_details="£3 a game",
        starts_on="2026-01-08",
        postcode="LS16 5AB",
    )
    publish(
        db,
        "Saturday walks",
        description="Gentle walks around the park.",
        category="walking-groups",
        age_min="",
        age_max="",
        starts_on="2026-01-10",
        postcode="LS7 3AA",
    )
    publish(
        db,
        "Teen art club",
        description="Painting and drawing after school.",
        category="arts-and-crafts",
        age_min="11",
        age_max="16",
        starts_on="2026-01-06",
        postcode="LS6 2BB",
    )
    return db


def test_every_word_must_appear(directory: Database) -> None:
    assert titles(directory, words="football") == {"Thursday football"}
    assert titles(directory, words="MESSY play") == {"Tuesday toddlers"}
    assert titles(directory, words="messy football") == set()
    assert titles(directory, words="toddlers,") == {"Tuesday toddlers"}
    assert titles(directory, words="sport") == {"Thursday football"}  # its category's name
    assert len(titles(directory, words="")) == 4


def test_like_wildcards_in_words_are_only_characters(db: Database) -> None:
    publish(db, "The a_b club")
    publish(db, "The axb club")
    publish(db, "Half 50%off")
    publish(db, "Half 50xoff")
    assert titles(db, words="a_b") == {"The a_b club"}
    assert titles(db, words="50%off") == {"Half 50%off"}
    assert titles(db, words="%") == titles(db)  # no word left to look for


def test_category_includes_the_terms_beneath_it(directory: Database) -> None:
    assert titles(directory, category="sport-and-fitness") == {
        "Thursday football",
        "Saturday walks",
    }
    assert titles(directory, category="walking-groups") == {"Saturday walks"}
    assert titles(directory, category="volunteering") == set()


def test_age_must_be_within_the_listing_ages(directory: Database) -> None:
    assert titles(directory, age=3) == {"Tuesday toddlers", "Saturday walks"}
    assert titles(directory, age=4) == {"Tuesday toddlers", "Saturday walks"}
    assert titles(directory, age=11) == {"Teen art club", "Saturday walks"}
    assert titles(directory, age=17) == {"Saturday walks"}
    assert titles(directory, age=30) == {"Thursday football", "Saturday walks"}


def test_day_of_week(directory: Database) -> None:
    assert titles(directory, weekday=1) == {"Tuesday toddlers", "Teen art club"}
    assert titles(directory, weekday=3) == {"Thursday football"}
    assert titles(directory, weekday=6) == set()


def test_free_or_paid(directory: Database) -> None:
    assert titles(directory, cost="paid") == {"Thursday football"}
    assert "Thursday football" not in titles(directory, cost="free")
    assert len(titles(directory, cost="free")) == 3


def test_area_is_a_postcode_district(directory: Database) -> None:
    assert titles(directory, area="ls6") == {"Tuesday toddlers", "Teen art club"}
    assert titles(directory, area="LS6 9ZZ") == {"Tuesday toddlers", "Teen art club"}
    assert titles(directory, area="LS16") == {"Thursday football"}
    assert titles(directory, area="Leeds") == set()


def test_filters_combine(directory: Database) -> None:
    assert titles(directory, area="LS6", age=12, weekday=1, cost="free", words="painting") == {
        "Teen art club"
    }
    assert titles(directory, area="LS6", category="sport-and-fitness") == set()


def test_unpublished_finished_and_other_services_listings_are_never_found(db: Database) -> None:
    publish(db, "Found")
    listings.create(db, SERVICE, answers(title="Pending"))
    changes = listings.create(db, SERVICE, answers(title="Changes requested"))
    moderation.request_changes(db, SERVICE, changes.id, STAFF, "Add a price")
    refused = listings.create(db, SERVICE, answers(title="Rejected"))
    moderation.reject(db, SERVICE, refused.id, STAFF, "Not local")
    listings.withdraw(db, SERVICE, publish(db, "Withdrawn"))
    publish(db, "Yesterday's fair", repeat="none", starts_on="2026-05-10")
    publish(db, "Finished course", repeat_until="2026-05-10")
    listing = listings.create(db, "another-service", answers(title="Elsewhere"))
    moderation.approve(db, "another-service", listing.id, STAFF)
    assert titles(db) == {"Found"}
    assert titles(db, words="fair") == set()


def test_a_listing_is_found_until_the_end_of_its_last_day(db: Database) -> None:
    publish(
        db,
        "Breakfast club",
        repeat="none",
        starts_on="2026-05-11",
        start_time="06:00",
        end_time="07:00",
    )
    publish(db, "Course ends today", repeat_until="2026-05-11", starts_on="2026-01-05")
    publish(db, "Course ended yesterday", repeat_until="2026-05-10", starts_on="2026-01-04")
    assert titles(db) == {"Breakfast club", "Course ends today"}


def test_pages(db: Database) -> None:
    for number in range(7):
        publish(db, f"Group {number}")
    first = search(db, SERVICE, page=1, per_page=3)
    assert (first.total, first.total_pages, first.page, first.per_page) == (7, 3, 1, 3)
    assert (first.first, first.last, len(first.listings)) == (True, False, 3)
    last = search(db, SERVICE, page=3, per_page=3)
    assert (len(last.listings), last.first, last.last) == (1, False, True)
    beyond = search(db, SERVICE, page=4, per_page=3)
    assert (beyond.listings, beyond.total, beyond.page, beyond.last) == ([], 7, 4, True)
    seen = [
        listing.id
        for number in (1, 2, 3)
        for listing in search(db, SERVICE, page=number, per_page=3).listings
    ]
    assert len(seen) == len(set(seen)) == 7


def test_page_and_page_size_are_kept_in_bounds(db: Database) -> None:
    publish(db, "Only group")
    assert search(db, SERVICE, per_page=10_000).per_page == MAX_PER_PAGE
    assert search(db, SERVICE, per_page=0).per_page == 1
    assert search(db, SERVICE, page=-3).page == 1
    nothing = search(db, SERVICE, words="absent")
    assert (nothing.total, nothing.total_pages, nothing.listings) == (0, 0, [])
    assert (nothing.first, nothing.last) == (True, True)


def test_soonest_first_then_by_title(db: Database) -> None:
    publish(db, "Wednesday B", starts_on="2026-01-07")  # next: Wednesday 13 May
    publish(db, "Wednesday A", starts_on="2026-01-07")
    publish(db, "Fair on Thursday", repeat="none", starts_on="2026-05-14")
    publish(db, "Monday club", starts_on="2026-01-05")  # today
    publish(db, "First Tuesday", repeat="monthly", starts_on="2026-01-06")  # 2 June
    publish(
        db, "Last Tuesday", repeat="monthly", starts_on="2026-01-27", week_of_month="last"
    )  # 26 May
    publish(db, "Starts in June", starts_on="2026-06-01")
    assert [listing.title for listing in search(db, SERVICE).listings] == [
        "Monday club",
        "Wednesday A",
        "Wednesday B",
        "Fair on Thursday",
        "Last Tuesday",
        "Starts in June",
        "First Tuesday",
    ]


def schedules() -> list[dict[str, object]]:
    """Listings starting on each weekday in January 2026, repeating each way there is."""
    made: list[dict[str, object]] = []
    for offset in range(7):
        first = date(2026, 1, 5) + timedelta(days=offset)  # Monday 5 to Sunday 11 January
        last = first
        while (last + timedelta(days=7)).month == 1:
            last += timedelta(days=7)
        made.append({"starts_on": first.isoformat(), "repeat": "weekly"})
        for week in (1, 2, 3, 4):
            nth = first + timedelta(days=7 * (week - 1))
            made.append({"starts_on": nth.isoformat(), "repeat": "monthly"})
        made.append({"starts_on": last.isoformat(), "repeat": "monthly", "week_of_month": "last"})
        made.append({"starts_on": f"2027-0{offset + 1}-1{offset}", "repeat": "weekly"})
        made.append({"starts_on": f"2026-0{offset + 1}-2{offset}", "repeat": "none"})
    return made


def test_days_until_next_in_sql_agrees_with_the_schedule(db: Database) -> None:
    with db.writes() as session:
        for changes in schedules():
            values = columns(check(answers(**changes)))
            session.add(DirectoryListing(service=SERVICE, status="published", **values))
        session.commit()
    days = [date(2026, 1, 1) + timedelta(days=step) for step in range(0, 800, 9)]
    days += [date(2026, 2, 28), date(2028, 2, 29), date(2026, 12, 31), date(2026, 4, 30)]
    with db.reads() as session:
        stored = list(session.scalars(select(DirectoryListing)))
        for today in days:
            rows = session.execute(select(DirectoryListing.id, days_until_next(today)))
            worked_out = dict(rows.all())
            for listing in stored:
                coming = next(dates(Schedule.of(listing), since=today), None)
                if coming is None:
                    continue  # a one-off that has gone: never found, so never sorted
                assert worked_out[listing.id] == (coming - today).days, (today, listing.starts_at)
