"""Research mode's tables: its passwords, participants, what happened, and notes.

They live in the research database (`research/` beside the services), never a live one.
Events hold no answers: pages, question ids, the kit's error messages, the device class.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mvpkit import clock
from mvpkit.store.models import Base

PARTICIPANT, RESEARCHER = "participant", "researcher"
ROLES = (PARTICIPANT, RESEARCHER)


class ResearchPassword(Base):
    """A named password for the prototype; only its hash is kept, and it can be revoked."""

    __tablename__ = "research_passwords"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class ResearchParticipant(Base):
    """One participant of a round, known by a code (P01), never by name."""

    __tablename__ = "research_participants"
    __table_args__ = (UniqueConstraint("service", "round", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service: Mapped[str] = mapped_column(String(100))
    round: Mapped[int] = mapped_column(default=1)
    code: Mapped[str] = mapped_column(String(10))
    start_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scenario: Mapped[str | None] = mapped_column(String(100), default=None)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    device: Mapped[str | None] = mapped_column(String(10), default=None)


class ResearchEvent(Base):
    """Something a participant did: saw a page, answered it, was shown an error, sent."""

    __tablename__ = "research_events"
    __table_args__ = (Index("ix_research_events_participant", "participant_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("research_participants.id", ondelete="CASCADE")
    )
    at: Mapped[datetime] = mapped_column(default=clock.now)
    kind: Mapped[str] = mapped_column(String(20))
    page: Mapped[str] = mapped_column(String(200))
    question: Mapped[str | None] = mapped_column(String(100), default=None)
    detail: Mapped[str] = mapped_column(Text, default="")
    device: Mapped[str] = mapped_column(String(10), default="")
    draft: Mapped[str | None] = mapped_column(String(64), default=None)


class ResearchNote(Base):
    """A note the researcher (or a note-taker) adds to a participant's timeline."""

    __tablename__ = "research_notes"
    __table_args__ = (Index("ix_research_notes_participant", "participant_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("research_participants.id", ondelete="CASCADE")
    )
    at: Mapped[datetime] = mapped_column(default=clock.now)
    page: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(100))
