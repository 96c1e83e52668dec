"""The figures' own records: who was helped online and where, and offline transactions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mvpkit import clock
from mvpkit.store.models import Base


class AssistedSubmission(Base):
    """A submission staff sent with a resident (assisted digital): where, and who helped."""

    __tablename__ = "figures_assisted"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    service: Mapped[str] = mapped_column(String(100))
    place: Mapped[str] = mapped_column(String(100))
    staff_email: Mapped[str] = mapped_column(String(254))


class AssistingStaff(Base):
    """A member of staff may help residents online in this service (assisted digital)."""

    __tablename__ = "figures_assisting_staff"

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True
    )
    service: Mapped[str] = mapped_column(String(100), primary_key=True)


class OfflineCount(Base):
    """Offline transactions of one month and channel: a call or visit, or a month's import."""

    __tablename__ = "figures_offline"
    __table_args__ = (
        Index("ix_figures_offline_service_month", "service", "month"),
        CheckConstraint("count >= 0", name="ck_figures_offline_count"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service: Mapped[str] = mapped_column(String(100))
    month: Mapped[str] = mapped_column(String(7))  # 2026-11
    channel: Mapped[str] = mapped_column(String(20))  # phone, face-to-face or post
    count: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20))  # form or import
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(254))
    entered_at: Mapped[datetime] = mapped_column(default=clock.now)
