"""Staff moderation of listings, and residents' reports that something is wrong.

Every decision is kept, with the member of staff and the time. A decision is taken only on
a pending listing, its row locked: two members of staff deciding at once get one decision
and one NotPendingError, never two.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mvpkit import clock
from mvpkit.patterns.directory import counts
from mvpkit.patterns.directory.listings import ListingNotFoundError, locked
from mvpkit.patterns.directory.models import (
    CHANGES_REQUESTED,
    PENDING,
    PUBLISHED,
    REJECTED,
    DirectoryDecision,
    DirectoryListing,
    DirectoryReport,
)
from mvpkit.store.database import Database

APPROVED = "approved"
Within = Callable[[Session, DirectoryListing], None]
"""Work done in the decision's transaction: emailing the organisers."""


class NotPendingError(Exception):
    """The listing is not waiting for moderation (someone may have just decided on it)."""


class ReportNotFoundError(LookupError):
    """No report on this service's listings has this id."""


@dataclass(frozen=True)
class Moderated:
    """A decision and the listing it changed: enough for the caller to tell the organisers."""

    listing: DirectoryListing
    decision: DirectoryDecision


def approve(
    db: Database, service: str, listing_id: int, staff_email: str, within: Within | None = None
) -> Moderated:
    """Publish a pending listing, and count it in this month's publications."""
    return _decide(db, service, listing_id, staff_email, APPROVED, "", within)


def request_changes(
    db: Database,
    service: str,
    listing_id: int,
    staff_email: str,
    reason: str,
    within: Within | None = None,
) -> Moderated:
    """Send a pending listing back to its organisers, saying what to change."""
    decision = CHANGES_REQUESTED
    return _decide(db, service, listing_id, staff_email, decision, _required(reason), within)


def reject(
    db: Database,
    service: str,
    listing_id: int,
    staff_email: str,
    reason: str,
    within: Within | None = None,
) -> Moderated:
    """Refuse a pending listing, saying why."""
    return _decide(db, service, listing_id, staff_email, REJECTED, _required(reason), within)


def _required(reason: str) -> str:
    if not reason.strip():
        raise ValueError("Enter the reason")
    return reason.strip()


def _decide(
    db: Database,
    service: str,
    listing_id: int,
    staff_email: str,
    decision: str,
    reason: str,
    within: Within | None,
) -> Moderated:
    with db.writes() as session:
        listing = locked(session, service, listing_id)
        if listing.status != PENDING:
            raise NotPendingError(listing.status)
        now = clock.now()
        if decision == APPROVED:
            listing.status = PUBLISHED
            listing.published_at = now
            counts.increment_in(session, service, counts.LISTINGS_PUBLISHED)
        else:
            listing.status = decision
        record = DirectoryDecision(
            listing_id=listing.id,
            decision=decision,
            reason=reason,
            staff_email=staff_email,
            decided_at=now,
        )
        session.add(record)
        session.flush()
        if within is not None:
            within(session, listing)
        session.commit()
    return Moderated(listing, record)


def decisions(db: Database, service: str, listing_id: int) -> list[DirectoryDecision]:
    """Every decision on a listing, oldest first."""
    with db.reads() as session:
        return list(
            session.scalars(
                select(DirectoryDecision)
                .join(DirectoryListing, DirectoryListing.id == DirectoryDecision.listing_id)
                .where(DirectoryListing.service == service, DirectoryListing.id == listing_id)
                .order_by(DirectoryDecision.decided_at, DirectoryDecision.id)
            )
        )


def report(db: Database, service: str, listing_id: int, what_is_wrong: str) -> DirectoryReport:
    """A resident says something about a published listing is wrong."""
    if not what_is_wrong.strip():
        raise ValueError("Enter what is wrong")
    with db.writes() as session:
        listing = session.get(DirectoryListing, listing_id)
        if listing is None or listing.service != service or listing.status != PUBLISHED:
            raise ListingNotFoundError(listing_id)
        record = DirectoryReport(
            listing_id=listing_id, what_is_wrong=what_is_wrong.strip(), reported_at=clock.now()
        )
        session.add(record)
        session.commit()
    return record


def open_reports(db: Database, service: str) -> list[tuple[DirectoryReport, DirectoryListing]]:
    """Reports staff have not dealt with yet, with their listings, oldest first."""
    with db.reads() as session:
        rows = session.execute(
            select(DirectoryReport, DirectoryListing)
            .join(DirectoryListing, DirectoryListing.id == DirectoryReport.listing_id)
            .where(DirectoryListing.service == service, DirectoryReport.resolved.is_(False))
            .order_by(DirectoryReport.reported_at, DirectoryReport.id)
        ).all()
    return [(found, listing) for found, listing in rows]


def resolve(db: Database, service: str, report_id: int) -> DirectoryReport:
    """Mark a report dealt with."""
    with db.writes() as session:
        found = session.get(DirectoryReport, report_id)
        listing = session.get(DirectoryListing, found.listing_id) if found else None
        if found is None or listing is None or listing.service != service:
            raise ReportNotFoundError(report_id)
        found.resolved = True
        session.commit()
    return found
