"""Offline transactions staff enter or import: phone calls, visits and letters by month.

Each entry is one service's count for one month and channel, with who entered it and
when; a month's figures add up every entry for it. Staff may delete the entries they made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select

from mvpkit.patterns.figures.models import OfflineCount
from mvpkit.patterns.figures.settings import OFFLINE_CHANNELS
from mvpkit.store.database import Database
from mvpkit.store.months import MonthError, month_name, months_until, parse_month

CHANNEL_LABELS = {"phone": "Phone", "face-to-face": "Face to face", "post": "Post"}
FORM, IMPORT = "form", "import"
MOST = 100_000  # transactions in one entry
NOTE_MAX = 500
FIRST_YEAR = 2000
RECENT_MONTHS = 12


@dataclass(frozen=True)
class Entry:
    """An entry to store: a month like 2026-11, a channel, a count and a note."""

    month: str
    channel: str
    count: int
    note: str = ""


def month_problem(text: str, today: date) -> str | None:
    """What is wrong with a month like 2026-11 for an entry, in words after "the month", or
    None: not a month, before 2000, or after this month."""
    try:
        first = parse_month(text)
    except MonthError:
        return "must be a real month, like 2026-11"
    if first.year < FIRST_YEAR:
        return f"must be {FIRST_YEAR}-01 or later"
    if first > today.replace(day=1):
        return "must be this month or earlier"
    return None


def count_problem(text: str) -> str | None:
    """What is wrong with a count, in words after "the count", or None."""
    digits = text.strip().replace(",", "")
    if not digits.isascii() or not digits.isdigit() or len(digits) > 6 or int(digits) > MOST:
        return f"must be a whole number from 0 to {MOST:,}"
    return None


def channel_label(channel: str) -> str:
    """How a channel reads on the staff's pages."""
    return CHANNEL_LABELS.get(channel, channel)


def month_label(month: str) -> str:
    """2026-11 as November 2026."""
    first = parse_month(month)
    return first.strftime("%B %Y")


def add_entries(
    db: Database, service: str, entries: Iterable[Entry], source: str, entered_by: str
) -> int:
    """Store the entries in one transaction; how many there were."""
    rows = [
        OfflineCount(
            service=service,
            month=entry.month,
            channel=entry.channel,
            count=entry.count,
            source=source,
            note=entry.note,
            entered_by=entered_by,
        )
        for entry in entries
        if entry.channel in OFFLINE_CHANNELS
    ]
    with db.writes() as session:
        session.add_all(rows)
        session.commit()
    return len(rows)


def recent_entries(db: Database, service: str, today: date) -> list[OfflineCount]:
    """The service's entries for the last 12 months (this one included), newest first."""
    months = months_until(month_name(today), RECENT_MONTHS)
    with db.reads() as session:
        return list(
            session.scalars(
                select(OfflineCount)
                .where(OfflineCount.service == service, OfflineCount.month.in_(months))
                .order_by(
                    OfflineCount.month.desc(),
                    OfflineCount.entered_at.desc(),
                    OfflineCount.id.desc(),
                )
            )
        )


def find_entry(db: Database, service: str, entry_id: int) -> OfflineCount | None:
    """One of the service's entries, by id."""
    with db.reads() as session:
        entry = session.get(OfflineCount, entry_id)
        return entry if entry is not None and entry.service == service else None


def delete_entry(db: Database, service: str, entry_id: int, entered_by: str) -> bool:
    """Delete an entry this member of staff made; False when there is none such."""
    with db.writes() as session:
        deleted = session.execute(
            delete(OfflineCount).where(
                OfflineCount.id == entry_id,
                OfflineCount.service == service,
                OfflineCount.entered_by == entered_by,
            )
        )
        session.commit()
    return bool(getattr(deleted, "rowcount", 0))
