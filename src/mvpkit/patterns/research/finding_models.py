"""Research findings: a note or an error on a participant's timeline, with a user need.

A finding keeps the route its participant took up to it (the pages they saw, in order), so
it can be exported as a scenario after the participant is reset. It goes when they are
deleted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mvpkit import clock
from mvpkit.store.models import Base

NOTE, ERROR = "note", "error"
SOURCES = (NOTE, ERROR)


class ResearchFinding(Base):
    """What the team learnt from a moment of a session, as a user need."""

    __tablename__ = "research_findings"
    __table_args__ = (Index("ix_research_findings_round", "service", "round", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service: Mapped[str] = mapped_column(String(100))
    round: Mapped[int] = mapped_column(default=1)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("research_participants.id", ondelete="CASCADE")
    )
    source: Mapped[str] = mapped_column(String(10))  # NOTE or ERROR
    source_id: Mapped[int] = mapped_column(Integer)  # the note's or the error event's id
    page: Mapped[str] = mapped_column(String(200), default="")
    route: Mapped[str] = mapped_column(Text, default="")  # page keys seen, one a line
    detail: Mapped[str] = mapped_column(Text, default="")  # the error's message
    title: Mapped[str] = mapped_column(String(200))
    need: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    created_by: Mapped[str] = mapped_column(String(100), default="")
