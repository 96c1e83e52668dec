"""The directory's tables: listings, moderation decisions, residents' reports, monthly counts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from mvpkit import clock
from mvpkit.store.models import Base

KINDS = ("group", "event")
PENDING, PUBLISHED, CHANGES_REQUESTED, REJECTED, WITHDRAWN = (
    "pending",
    "published",
    "changes_requested",
    "rejected",
    "withdrawn",
)
STATUSES = (PENDING, PUBLISHED, CHANGES_REQUESTED, REJECTED, WITHDRAWN)
COSTS = ("free", "paid")
REPEATS = ("none", "weekly", "monthly")
DECISIONS = ("approved", "changes_requested", "rejected")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class DirectoryListing(Base):
    """A community group or an event, as its organisers described it, and where it has got to.

    Times are stored in UTC; `weekday`, `week_of_month`, `first_day` and `ends_on` are worked
    out from them in London time when the listing is saved, so that SQL can search and sort
    by day without date functions that differ between databases.
    """

    __tablename__ = "directory_listings"
    __table_args__ = (
        # Every search asks for one service's published listings that have not finished.
        Index("ix_directory_listings_found", "service", "status", "ends_on"),
        Index("ix_directory_listings_category", "service", "status", "category"),
        Index("ix_directory_listings_weekday", "service", "status", "weekday"),
        Index("ix_directory_listings_area", "service", "status", "area"),
        Index("ix_directory_listings_queue", "service", "status", "updated_at"),
        Index("ix_directory_listings_reference", "service", "reference"),
        CheckConstraint(_one_of("kind", KINDS), name="ck_directory_listings_kind"),
        CheckConstraint(_one_of("status", STATUSES), name="ck_directory_listings_status"),
        CheckConstraint(_one_of("cost", COSTS), name="ck_directory_listings_cost"),
        CheckConstraint(_one_of("repeat", REPEATS), name="ck_directory_listings_repeat"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="ck_directory_listings_weekday"),
        CheckConstraint(
            "age_min IS NULL OR age_max IS NULL OR age_min <= age_max",
            name="ck_directory_listings_ages",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    organisation: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    who_for: Mapped[str] = mapped_column(Text, default="")
    age_min: Mapped[int | None] = mapped_column(Integer, default=None)  # years
    age_max: Mapped[int | None] = mapped_column(Integer, default=None)
    category: Mapped[str] = mapped_column(String(100))  # a taxonomy term id
    cost: Mapped[str] = mapped_column(String(10))
    cost_details: Mapped[str] = mapped_column(Text, default="")
    venue: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text)
    postcode: Mapped[str] = mapped_column(String(10))  # "LS6 1AN"
    area: Mapped[str] = mapped_column(String(5))  # the postcode district: "LS6"
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    # The first occurrence, in UTC; repeats keep its London wall-clock times.
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    repeat: Mapped[str] = mapped_column(String(10), default="none")
    repeat_until: Mapped[date | None] = mapped_column(default=None)
    weekday: Mapped[int] = mapped_column(Integer)  # 0 is Monday, in London
    week_of_month: Mapped[int | None] = mapped_column(Integer, default=None)  # 1-4, -1 last
    first_day: Mapped[int] = mapped_column(Integer)  # the first London date's toordinal()
    ends_on: Mapped[date | None] = mapped_column(default=None)  # last day; None: open-ended
    search_text: Mapped[str] = mapped_column(Text)  # lower-cased words to search
    edit_version: Mapped[int] = mapped_column(Integer, default=1)  # bumped: old links die
    account_id: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    # the reference of the submission that sent it through the journey, if one did
    reference: Mapped[str | None] = mapped_column(String(32), default=None)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)
    published_at: Mapped[datetime | None] = mapped_column(default=None)


class DirectoryDecision(Base):
    """A moderation decision on a listing: what, why, by which member of staff, when."""

    __tablename__ = "directory_decisions"
    __table_args__ = (
        CheckConstraint(_one_of("decision", DECISIONS), name="ck_directory_decisions_decision"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("directory_listings.id"), index=True)
    decision: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    staff_email: Mapped[str] = mapped_column(String(254))
    decided_at: Mapped[datetime] = mapped_column(default=clock.now)


class DirectoryReport(Base):
    """A resident telling the council that something about a listing is wrong."""

    __tablename__ = "directory_reports"
    __table_args__ = (Index("ix_directory_reports_open", "resolved", "reported_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("directory_listings.id"), index=True)
    what_is_wrong: Mapped[str] = mapped_column(Text)
    reported_at: Mapped[datetime] = mapped_column(default=clock.now)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


class DirectoryCount(Base):
    """How many times something happened in a service in a month ("2026-05")."""

    __tablename__ = "directory_counts"

    service: Mapped[str] = mapped_column(String(100), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


TABLE_NAMES = ("directory_listings", "directory_decisions", "directory_reports", "directory_counts")


def tables() -> list[Table]:
    """The directory's tables, parents first: for `create_all(tables=...)` and comparisons."""
    return [Base.metadata.tables[name] for name in TABLE_NAMES]
