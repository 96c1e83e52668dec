"""The tables every service shares: drafts, submissions, status events, staff, feedback."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from mvpkit import clock


class Base(DeclarativeBase):
    """The declarative base of mvpkit's tables."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        datetime: DateTime(timezone=True),
    }


class Draft(Base):
    """Answers a user has given but not yet sent, keyed by their session's draft token."""

    __tablename__ = "drafts"
    __table_args__ = (Index("ix_drafts_updated", "updated_at"),)

    service: Mapped[str] = mapped_column(String(100), primary_key=True)
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)


class Submission(Base):
    """A sent journey: its answers, its reference and where it has got to."""

    __tablename__ = "submissions"
    __table_args__ = (
        UniqueConstraint("service", "draft_token", name="uq_submissions_draft"),
        Index("ix_submissions_service_created", "service", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service: Mapped[str] = mapped_column(String(100))
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    draft_token: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict[str, Any]] = mapped_column()
    status: Mapped[str | None] = mapped_column(String(100), default=None)
    # the resident's account, when sent signed in or claimed later (the account pattern)
    account_id: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)

    events: Mapped[list[StatusEvent]] = relationship(
        back_populates="submission", order_by="StatusEvent.id", cascade="all, delete-orphan"
    )


class StatusEvent(Base):
    """One change of a submission's status: what, by whom, when, and the staff note."""

    __tablename__ = "status_events"
    __table_args__ = (Index("ix_status_events_waits", "service", "status", "month", "waited"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    status: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    # Filled by the figures (`store/waits.py`): the submission's service, the London month
    # it was sent in, and, on the first event of each status, the days it waited for it.
    service: Mapped[str | None] = mapped_column(String(100), default=None)
    month: Mapped[str | None] = mapped_column(String(7), default=None)
    waited: Mapped[float | None] = mapped_column(Float, default=None)

    submission: Mapped[Submission] = relationship(back_populates="events")


class StaffUser(Base):
    """A member of staff who may sign in to the back office."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class StaffGrant(Base):
    """A member of staff may sign in to this service's back office (the service's slug)."""

    __tablename__ = "staff_grants"

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True
    )
    service: Mapped[str] = mapped_column(String(100), primary_key=True)


class Feedback(Base):
    """A satisfaction rating and comment left on the feedback page."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service: Mapped[str] = mapped_column(String(100), index=True)
    rating: Mapped[str] = mapped_column(String(50))
    comments: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class MonthlyCount(Base):
    """A count kept by month for the service's figures: visits by device, journeys started."""

    __tablename__ = "monthly_counts"

    service: Mapped[str] = mapped_column(String(100), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # 2026-11, London time
    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    dimension: Mapped[str] = mapped_column(String(50), primary_key=True, default="")
    value: Mapped[int] = mapped_column(Integer, default=0)
