"""The tables of the authentication stack: sessions and attempt counters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mvpkit import clock
from mvpkit.store.models import Base


class AuthSession(Base):
    """A signed-in browser: the cookie holds a random token, this table only its SHA-256.

    `realm` says whose session it is (`staff`, `account`), `subject_id` which person, and
    `scope` where it opens anything: a staff session names its service, a resident's is "".
    """

    __tablename__ = "auth_sessions"
    __table_args__ = (Index("ix_auth_sessions_subject", "realm", "subject_id"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    realm: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column(Integer)
    scope: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    last_seen_at: Mapped[datetime] = mapped_column(default=clock.now)


class AuthAttempt(Base):
    """Attempts of one kind counted for one key (a SHA-256) until its window ends."""

    __tablename__ = "auth_attempts"
    __table_args__ = (Index("ix_auth_attempts_window_ends", "window_ends_at"),)

    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    window_ends_at: Mapped[datetime] = mapped_column()
