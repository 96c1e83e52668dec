"""Listings as their organisers see them: send one, change it, withdraw it.

Each function runs in one write transaction and returns what the caller needs to tell
people; nothing here sends an email. A listing's `edit_version` is part of its signed edit
links: bumping it makes every earlier link stale, and a stale link changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mvpkit import clock
from mvpkit.patterns.directory import answers as listing_answers
from mvpkit.patterns.directory.models import (
    CHANGES_REQUESTED,
    PENDING,
    PUBLISHED,
    WITHDRAWN,
    DirectoryDecision,
    DirectoryListing,
    DirectoryReport,
)
from mvpkit.store.database import Database

EDITABLE = (PENDING, PUBLISHED, CHANGES_REQUESTED)
Within = Callable[[Session, DirectoryListing], None]
"""Work done in the same transaction as a change (queueing an email, say)."""


class ListingNotFoundError(LookupError):
    """No listing of this service has this id (in the status asked for)."""


class StaleLinkError(Exception):
    """The edit link's version is not the listing's: a newer link has been sent since."""


class NotEditableError(Exception):
    """The listing was rejected or withdrawn, so it cannot be changed."""


@dataclass(frozen=True)
class Updated:
    """What a change did: whether anything changed, and whether it needs moderating again."""

    listing: DirectoryListing
    changed: bool
    back_to_pending: bool


def create(
    db: Database, service: str, answers: Mapping[str, Any], account_id: int | None = None
) -> DirectoryListing:
    """Store a new listing, pending moderation; raises InvalidListingError for bad answers."""
    checked = listing_answers.check(answers)
    with db.writes() as session:
        listing = create_in(session, service, checked, account_id=account_id)
        session.commit()
    return listing


def create_in(
    session: Session,
    service: str,
    checked: listing_answers.ListingAnswers,
    *,
    account_id: int | None = None,
    reference: str | None = None,
    status: str = PENDING,
) -> DirectoryListing:
    """Add a listing in the caller's transaction (flushed, so it has its id).

    `reference` is the submission's that sent it, when the journey did.
    """
    values = listing_answers.columns(checked)
    listing = DirectoryListing(
        service=service,
        status=status,
        account_id=account_id,
        reference=reference,
        edit_version=1,
        **values,
    )
    if status == PUBLISHED:
        listing.published_at = clock.now()
    session.add(listing)
    session.flush()
    return listing


def update(
    db: Database,
    service: str,
    listing_id: int,
    answers: Mapping[str, Any],
    edit_version: int | None = None,
    within: Within | None = None,
) -> Updated:
    """Change a listing's answers. A changed published listing goes back to moderation and
    its edit links go stale; one sent back for changes is sent for moderation again.

    `edit_version`, from a signed link, must be the listing's current one. `within` runs in
    the same transaction when something changed.
    """
    values = listing_answers.columns(listing_answers.check(answers))
    with db.writes() as session:
        listing = _locked(session, service, listing_id, edit_version)
        if listing.status not in EDITABLE:
            raise NotEditableError(listing.status)
        changed = {name: value for name, value in values.items() if _differs(listing, name, value)}
        if not changed:
            return Updated(listing, changed=False, back_to_pending=False)
        for name, value in changed.items():
            setattr(listing, name, value)
        was = listing.status
        if was == PUBLISHED:
            listing.edit_version += 1
        listing.status = PENDING
        session.flush()
        if within is not None:
            within(session, listing)
        session.commit()
    return Updated(listing, changed=True, back_to_pending=was != PENDING)


def withdraw(
    db: Database, service: str, listing_id: int, edit_version: int | None = None
) -> DirectoryListing:
    """Take a listing down for good at its organisers' request; its edit links go stale."""
    with db.writes() as session:
        listing = _locked(session, service, listing_id, edit_version)
        if listing.status != WITHDRAWN:
            listing.status = WITHDRAWN
            listing.edit_version += 1
            session.commit()
    return listing


def get(db: Database, service: str, listing_id: int) -> DirectoryListing:
    """A listing of this service, whatever its status."""
    with db.reads() as session:
        listing = session.get(DirectoryListing, listing_id)
    if listing is None or listing.service != service:
        raise ListingNotFoundError(listing_id)
    return listing


def published(db: Database, service: str, listing_id: int) -> DirectoryListing:
    """A published listing, for its public page (it may have finished: say so on the page)."""
    listing = get(db, service, listing_id)
    if listing.status != PUBLISHED:
        raise ListingNotFoundError(listing_id)
    return listing


def awaiting_moderation(db: Database, service: str) -> list[DirectoryListing]:
    """Listings waiting for staff, the longest waiting first."""
    with db.reads() as session:
        return list(
            session.scalars(
                select(DirectoryListing)
                .where(DirectoryListing.service == service, DirectoryListing.status == PENDING)
                .order_by(DirectoryListing.updated_at, DirectoryListing.id)
            )
        )


def of_account(db: Database, service: str, account_id: int) -> list[DirectoryListing]:
    """The listings a resident's account sent, newest first."""
    with db.reads() as session:
        return list(
            session.scalars(
                select(DirectoryListing)
                .where(
                    DirectoryListing.service == service,
                    DirectoryListing.account_id == account_id,
                )
                .order_by(DirectoryListing.created_at.desc(), DirectoryListing.id.desc())
            )
        )


def locked(session: Session, service: str, listing_id: int) -> DirectoryListing:
    """The listing, its row locked until the transaction ends (on PostgreSQL; SQLite's
    writers already take turns)."""
    listing = session.scalars(
        select(DirectoryListing)
        .where(DirectoryListing.id == listing_id, DirectoryListing.service == service)
        .with_for_update()
    ).first()
    if listing is None:
        raise ListingNotFoundError(listing_id)
    return listing


def _locked(
    session: Session, service: str, listing_id: int, edit_version: int | None
) -> DirectoryListing:
    listing = locked(session, service, listing_id)
    if edit_version is not None and edit_version != listing.edit_version:
        raise StaleLinkError(listing_id)
    return listing


def _differs(listing: DirectoryListing, name: str, value: Any) -> bool:
    current = getattr(listing, name)
    if isinstance(current, datetime) and isinstance(value, datetime):
        return clock.as_utc(current) != clock.as_utc(value)  # SQLite gives back naive UTC
    return bool(current != value)


def forget_sent(session: Session, service: str, references: Sequence[str]) -> None:
    """Delete the listings these submissions sent, with their decisions and reports."""
    if not references:
        return
    ids = list(
        session.scalars(
            select(DirectoryListing.id).where(
                DirectoryListing.service == service, DirectoryListing.reference.in_(references)
            )
        )
    )
    if ids:
        session.execute(delete(DirectoryDecision).where(DirectoryDecision.listing_id.in_(ids)))
        session.execute(delete(DirectoryReport).where(DirectoryReport.listing_id.in_(ids)))
        session.execute(delete(DirectoryListing).where(DirectoryListing.id.in_(ids)))
