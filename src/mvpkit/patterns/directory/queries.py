"""Queries the pages and open data need beyond `search`: every listing found, an ORUK page,
and a listing by its Open Referral id."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_, select

from mvpkit import clock
from mvpkit.patterns.directory import open_referral, search
from mvpkit.patterns.directory.filters import OpenQuery
from mvpkit.patterns.directory.models import DirectoryListing
from mvpkit.store.database import Database


def everything_found(db: Database, service: str) -> list[DirectoryListing]:
    """Every published listing that has not finished, soonest first (for feeds and CSV)."""
    today = clock.today()
    with db.reads() as session:
        return list(
            session.scalars(
                select(DirectoryListing)
                .where(*search.found(service, today))
                .order_by(
                    search.days_until_next(today), DirectoryListing.title, DirectoryListing.id
                )
            )
        )


def _ages(query: OpenQuery) -> list[ColumnElement[bool]]:
    """Listings open to some age from `minimum_age` to `maximum_age`."""
    listing = DirectoryListing
    conditions: list[ColumnElement[bool]] = []
    if query.minimum_age is not None:
        conditions.append(or_(listing.age_max.is_(None), listing.age_max >= query.minimum_age))
    if query.maximum_age is not None:
        conditions.append(or_(listing.age_min.is_(None), listing.age_min <= query.maximum_age))
    return conditions


def open_page(db: Database, service: str, query: OpenQuery) -> search.Page:
    """A page of the listings an Open Referral UK query finds, in the search's order."""
    today = clock.today()
    conditions = [
        *search.found(service, today),
        *search.filters(words=query.words, category=query.category, weekday=query.weekday),
        *_ages(query),
    ]
    with db.reads() as session:
        total = session.scalar(
            select(func.count()).select_from(DirectoryListing).where(*conditions)
        )
        found = list(
            session.scalars(
                select(DirectoryListing)
                .where(*conditions)
                .order_by(
                    search.days_until_next(today), DirectoryListing.title, DirectoryListing.id
                )
                .limit(query.per_page)
                .offset((query.page - 1) * query.per_page)
            )
        )
    return search.Page(listings=found, total=total or 0, page=query.page, per_page=query.per_page)


def by_open_id(db: Database, service: str, open_id: str) -> DirectoryListing | None:
    """The published, unfinished listing whose ORUK id this is, or None (as the list agrees).

    The ids are made from the listing's number, so they are worked out for each listing
    found's number (numbers only are read) and compared.
    """
    with db.reads() as session:
        numbers = session.scalars(
            select(DirectoryListing.id).where(*search.found(service, clock.today()))
        ).all()
        for number in numbers:
            if open_referral.stable_id(service, "listing", number) == open_id:
                return session.get(DirectoryListing, number)
    return None
