"""Listings stored, changed, withdrawn and moderated; reports; counts; the migration."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from mvpkit import clock
from mvpkit.patterns.directory import counts, listings, moderation, search
from mvpkit.patterns.directory.models import DirectoryDecision, DirectoryListing
from mvpkit.store.database import Database
from tests.directory_support import SERVICE, STAFF, answers, directory_database

MIGRATION = (
    Path(__file__).resolve().parents[1]
    / "src/mvpkit/patterns/directory/migrations/directory_0001.py"
)
NOW = datetime(2026, 5, 12, 9, 30, tzinfo=UTC)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    with time_machine.travel(NOW, tick=False), directory_database(database_url) as database:
        yield database


def published(db: Database, **changes: object) -> DirectoryListing:
    listing = listings.create(db, SERVICE, answers(**changes))
    return moderation.approve(db, SERVICE, listing.id, STAFF).listing


def test_a_new_listing_waits_for_moderation(db: Database) -> None:
    listing = listings.create(db, SERVICE, answers(), account_id=42)
    stored = listings.get(db, SERVICE, listing.id)
    assert stored.status == "pending"
    assert stored.edit_version == 1
    assert stored.account_id == 42
    assert stored.postcode == "LS6 1AN"
    assert clock.as_utc(stored.starts_at) == datetime(2026, 1, 6, 10, tzinfo=UTC)
    assert clock.as_utc(stored.created_at) == NOW
    assert stored.published_at is None
    assert [found.id for found in listings.awaiting_moderation(db, SERVICE)] == [listing.id]
    assert [found.id for found in listings.of_account(db, SERVICE, 42)] == [listing.id]
    assert search.search(db, SERVICE).total == 0


def test_another_services_listing_is_not_found(db: Database) -> None:
    listing = listings.create(db, SERVICE, answers())
    with pytest.raises(listings.ListingNotFoundError):
        listings.get(db, "another-service", listing.id)
    with pytest.raises(listings.ListingNotFoundError):
        moderation.approve(db, "another-service", listing.id, STAFF)


def test_approving_publishes_records_the_decision_and_counts_it(db: Database) -> None:
    listing = listings.create(db, SERVICE, answers())
    done = moderation.approve(db, SERVICE, listing.id, STAFF)
    assert done.listing.status == "published"
    stored = listings.published(db, SERVICE, listing.id)
    assert clock.as_utc(stored.published_at or NOW.replace(year=1999)) == NOW
    [decision] = moderation.decisions(db, SERVICE, listing.id)
    assert (decision.decision, decision.staff_email, decision.reason) == ("approved", STAFF, "")
    assert clock.as_utc(decision.decided_at) == NOW
    assert counts.monthly(db, SERVICE) == {"2026-05": {"listings_published": 1}}
    assert [found.id for found in search.search(db, SERVICE).listings] == [listing.id]


def test_changes_asked_for_and_rejections_keep_their_reasons(db: Database) -> None:
    first = listings.create(db, SERVICE, answers())
    second = listings.create(db, SERVICE, answers(title="Another group"))
    with pytest.raises(ValueError, match="Enter the reason"):
        moderation.request_changes(db, SERVICE, first.id, STAFF, "  ")
    asked = moderation.request_changes(db, SERVICE, first.id, STAFF, "Add the price")
    refused = moderation.reject(db, SERVICE, second.id, STAFF, "Not a community group")
    assert (asked.listing.status, asked.decision.reason) == ("changes_requested", "Add the price")
    assert (refused.listing.status, refused.decision.decision) == ("rejected", "rejected")
    assert listings.awaiting_moderation(db, SERVICE) == []
    assert counts.monthly(db, SERVICE) == {}
    with pytest.raises(listings.ListingNotFoundError):
        listings.published(db, SERVICE, second.id)


def test_only_a_pending_listing_is_decided_on(db: Database) -> None:
    listing = published(db)
    with pytest.raises(moderation.NotPendingError):
        moderation.approve(db, SERVICE, listing.id, STAFF)
    with pytest.raises(moderation.NotPendingError):
        moderation.reject(db, SERVICE, listing.id, STAFF, "Too late")
    assert len(moderation.decisions(db, SERVICE, listing.id)) == 1
    assert counts.monthly(db, SERVICE) == {"2026-05": {"listings_published": 1}}


def test_every_decision_is_kept_in_order(db: Database) -> None:
    listing = listings.create(db, SERVICE, answers())
    moderation.request_changes(db, SERVICE, listing.id, STAFF, "Add the price")
    again = listings.update(db, SERVICE, listing.id, answers(cost="paid", cost_details="£2"))
    assert (again.changed, again.back_to_pending, again.listing.status) == (True, True, "pending")
    assert again.listing.edit_version == 1
    moderation.approve(db, SERVICE, listing.id, "another@council.example")
    history = moderation.decisions(db, SERVICE, listing.id)
    assert [(one.decision, one.staff_email) for one in history] == [
        ("changes_requested", STAFF),
        ("approved", "another@council.example"),
    ]


def test_racing_approvals_publish_once(db: Database) -> None:
    listing = listings.create(db, SERVICE, answers())
    outcomes: list[str] = []
    barrier = threading.Barrier(6)

    def press() -> None:
        barrier.wait()
        try:
            moderation.approve(db, SERVICE, listing.id, STAFF)
            outcomes.append("approved")
        except moderation.NotPendingError:
            outcomes.append("already")

    threads = [threading.Thread(target=press) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already"] * 5 + ["approved"]
    with db.reads() as session:
        assert len(list(session.scalars(select(DirectoryDecision)))) == 1
    assert counts.monthly(db, SERVICE) == {"2026-05": {"listings_published": 1}}


def test_changing_a_published_listing_sends_it_back_and_kills_old_links(db: Database) -> None:
    listing = published(db)
    changed = listings.update(
        db, SERVICE, listing.id, answers(title="Toddler time"), edit_version=1
    )
    assert (changed.changed, changed.back_to_pending) == (True, True)
    stored = listings.get(db, SERVICE, listing.id)
    assert (stored.title, stored.status, stored.edit_version) == ("Toddler time", "pending", 2)
    assert "toddler time" in stored.search_text
    assert search.search(db, SERVICE).total == 0
    with pytest.raises(listings.StaleLinkError):
        listings.update(db, SERVICE, listing.id, answers(title="Stale"), edit_version=1)
    assert listings.get(db, SERVICE, listing.id).title == "Toddler time"


def test_changing_a_pending_listing_keeps_its_links(db: Database) -> None:
    listing = listings.create(db, SERVICE, answers())
    changed = listings.update(db, SERVICE, listing.id, answers(venue="The library"), edit_version=1)
    assert (changed.changed, changed.back_to_pending) == (True, False)
    stored = listings.get(db, SERVICE, listing.id)
    assert (stored.venue, stored.status, stored.edit_version) == ("The library", "pending", 1)


def test_sending_the_same_answers_changes_nothing(db: Database) -> None:
    listing = published(db)
    same = listings.update(db, SERVICE, listing.id, answers())
    assert (same.changed, same.back_to_pending) == (False, False)
    stored = listings.get(db, SERVICE, listing.id)
    assert (stored.status, stored.edit_version) == ("published", 1)


def test_a_changed_time_is_a_change(db: Database) -> None:
    listing = published(db)
    later = listings.update(db, SERVICE, listing.id, answers(start_time="10:15"))
    assert later.changed
    assert clock.as_utc(listings.get(db, SERVICE, listing.id).starts_at).minute == 15


def test_rejected_and_withdrawn_listings_cannot_be_changed(db: Database) -> None:
    refused = listings.create(db, SERVICE, answers())
    moderation.reject(db, SERVICE, refused.id, STAFF, "Not local")
    with pytest.raises(listings.NotEditableError):
        listings.update(db, SERVICE, refused.id, answers(title="Again"))
    gone = published(db)
    listings.withdraw(db, SERVICE, gone.id)
    with pytest.raises(listings.NotEditableError):
        listings.update(db, SERVICE, gone.id, answers(title="Again"))


def test_withdrawing_takes_a_listing_down_and_kills_its_links(db: Database) -> None:
    listing = published(db)
    with pytest.raises(listings.StaleLinkError):
        listings.withdraw(db, SERVICE, listing.id, edit_version=7)
    gone = listings.withdraw(db, SERVICE, listing.id, edit_version=1)
    assert (gone.status, gone.edit_version) == ("withdrawn", 2)
    assert listings.withdraw(db, SERVICE, listing.id).edit_version == 2  # once only
    assert search.search(db, SERVICE).total == 0
    with pytest.raises(listings.ListingNotFoundError):
        listings.published(db, SERVICE, listing.id)


def test_residents_report_published_listings_and_staff_resolve_reports(db: Database) -> None:
    listing = published(db)
    waiting = listings.create(db, SERVICE, answers(title="Not yet published"))
    with pytest.raises(ValueError, match="Enter what is wrong"):
        moderation.report(db, SERVICE, listing.id, " ")
    with pytest.raises(listings.ListingNotFoundError):
        moderation.report(db, SERVICE, waiting.id, "The time is wrong")
    report = moderation.report(db, SERVICE, listing.id, "  It has moved to the library  ")
    assert report.what_is_wrong == "It has moved to the library"
    assert [(found.id, about.id) for found, about in moderation.open_reports(db, SERVICE)] == [
        (report.id, listing.id)
    ]
    assert moderation.open_reports(db, "another-service") == []
    with pytest.raises(moderation.ReportNotFoundError):
        moderation.resolve(db, "another-service", report.id)
    assert moderation.resolve(db, SERVICE, report.id).resolved
    assert moderation.open_reports(db, SERVICE) == []


def test_counts_go_up_by_one_per_call_and_by_month(db: Database) -> None:
    counts.increment(db, SERVICE, counts.SEARCHES)
    counts.increment(db, SERVICE, counts.SEARCHES)
    counts.increment(db, "another-service", counts.SEARCHES)
    with time_machine.travel(datetime(2026, 5, 31, 23, 30, tzinfo=UTC), tick=False):
        counts.increment(db, SERVICE, counts.FEED_SUBSCRIPTIONS)  # 00:30 on 1 June in London
    assert counts.monthly(db, SERVICE) == {
        "2026-06": {"feed_subscriptions": 1},
        "2026-05": {"searches": 2},
    }


def test_racing_increments_lose_none(db: Database) -> None:
    threads_count, each = 8, 10
    barrier = threading.Barrier(threads_count)

    def count() -> None:
        barrier.wait()  # all at once on a row that does not exist yet
        for _ in range(each):
            counts.increment(db, SERVICE, counts.SEARCHES)

    threads = [threading.Thread(target=count) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counts.monthly(db, SERVICE) == {"2026-05": {"searches": threads_count * each}}
