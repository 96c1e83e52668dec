"""Searching a service's published listings that have not finished, a page at a time.

Every filter, the count and the order are SQL: nothing is loaded to be filtered in Python.
Listings come soonest first (the days until each next happens, worked out in SQL from the
columns saved with it), then by title. A listing is found until the end of its last day.
"""

from __future__ import annotations

import calendar
import string
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, case, func, or_, select

from mvpkit import clock
from mvpkit.patterns.directory import postcodes, taxonomy
from mvpkit.patterns.directory.models import PUBLISHED, DirectoryListing
from mvpkit.store.database import Database

PER_PAGE = 20
MAX_PER_PAGE = 50
MAX_WORDS = 10
MAX_WORD_LENGTH = 100


@dataclass(frozen=True)
class Page:
    """One page of results, numbered from 1, with the total found."""

    listings: list[DirectoryListing]
    total: int
    page: int
    per_page: int

    @property
    def total_pages(self) -> int:
        """How many pages the results fill (0 when nothing was found)."""
        return -(-self.total // self.per_page)

    @property
    def first(self) -> bool:
        """Whether this is the first page."""
        return self.page == 1

    @property
    def last(self) -> bool:
        """Whether no page comes after this one."""
        return self.page >= self.total_pages


def search(
    db: Database,
    service: str,
    *,
    words: str = "",
    category: str | None = None,
    age: int | None = None,
    weekday: int | None = None,
    cost: str | None = None,
    area: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Page:
    """Published listings that have not finished and match every filter given.

    `words`: each must appear in the listing; `category`: a term id (its children count);
    `age` in years: within the listing's ages; `weekday`: 0 is Monday; `cost`: "free" or
    "paid"; `area`: a postcode district or a whole postcode. `per_page` is capped at 50.
    """
    per_page = min(max(per_page, 1), MAX_PER_PAGE)
    page = max(page, 1)
    today = clock.today()
    conditions = found(service, today) + filters(
        words=words, category=category, age=age, weekday=weekday, cost=cost, area=area
    )
    with db.reads() as session:
        total = session.scalar(
            select(func.count()).select_from(DirectoryListing).where(*conditions)
        )
        listings = list(
            session.scalars(
                select(DirectoryListing)
                .where(*conditions)
                .order_by(days_until_next(today), DirectoryListing.title, DirectoryListing.id)
                .limit(per_page)
                .offset((page - 1) * per_page)
            )
        )
    return Page(listings=listings, total=total or 0, page=page, per_page=per_page)


def found(service: str, today: date) -> list[ColumnElement[bool]]:
    """The listings anyone may find: published, of this service, not finished before today."""
    return [
        DirectoryListing.service == service,
        DirectoryListing.status == PUBLISHED,
        or_(DirectoryListing.ends_on.is_(None), DirectoryListing.ends_on >= today),
    ]


def filters(
    *,
    words: str = "",
    category: str | None = None,
    age: int | None = None,
    weekday: int | None = None,
    cost: str | None = None,
    area: str | None = None,
) -> list[ColumnElement[bool]]:
    """The conditions for the filters a resident chose."""
    listing = DirectoryListing
    conditions = [listing.search_text.contains(word, autoescape=True) for word in split(words)]
    if category:
        conditions.append(listing.category.in_(taxonomy.with_children(category)))
    if age is not None:
        conditions.append(or_(listing.age_min.is_(None), listing.age_min <= age))
        conditions.append(or_(listing.age_max.is_(None), listing.age_max >= age))
    if weekday is not None:
        conditions.append(listing.weekday == weekday)
    if cost:
        conditions.append(listing.cost == cost)
    if area:
        district = postcodes.area_asked(area)
        conditions.append(listing.area == (district or area.strip().upper()))
    return conditions


def split(words: str) -> list[str]:
    """The words to look for: lower-cased, stripped of punctuation at their ends, no repeats."""
    found_words: list[str] = []
    for word in words.lower().split():
        word = word.strip(string.punctuation)[:MAX_WORD_LENGTH]
        if word and word not in found_words:
            found_words.append(word)
    return found_words[:MAX_WORDS]


def days_until_next(today: date) -> ColumnElement[int]:
    """How many days from `today` until a listing next happens (0: today), in SQL.

    Integer arithmetic on the saved weekday, week of the month and first day, with today's
    calendar facts bound as numbers, so it means the same on SQLite and PostgreSQL.
    """
    listing = DirectoryListing
    this_length = calendar.monthrange(today.year, today.month)[1]
    next_first = today.replace(day=1) + timedelta(days=this_length)
    next_length = calendar.monthrange(next_first.year, next_first.month)[1]
    this_first_weekday = today.replace(day=1).weekday()
    this_last_weekday = (this_first_weekday + this_length - 1) % 7
    next_last_weekday = (next_first.weekday() + next_length - 1) % 7
    left_this_month = this_length - today.day
    weeks_in = 7 * (listing.week_of_month - 1)
    nth_this = 1 + (listing.weekday - this_first_weekday + 7) % 7 + weeks_in
    nth_next = left_this_month + 1 + (listing.weekday - next_first.weekday() + 7) % 7 + weeks_in
    last_this = this_length - (this_last_weekday - listing.weekday + 7) % 7
    last_next = left_this_month + next_length - (next_last_weekday - listing.weekday + 7) % 7
    return case(
        (listing.first_day >= today.toordinal(), listing.first_day - today.toordinal()),
        (listing.repeat == "weekly", (listing.weekday - today.weekday() + 7) % 7),
        (
            and_(listing.repeat == "monthly", listing.week_of_month == -1),
            case((last_this >= today.day, last_this - today.day), else_=last_next),
        ),
        (
            listing.repeat == "monthly",
            case((nth_this >= today.day, nth_this - today.day), else_=nth_next),
        ),
        else_=0,
    )
