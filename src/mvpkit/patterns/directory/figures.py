"""The directory's figures: listings published, searches and feed subscriptions by month.

Each is a row of `directory_counts` (see `counts.py`), kept as it happens; one query reads
the months asked for.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from mvpkit.pattern import MonthlyFigure
from mvpkit.patterns.directory.counts import FEED_SUBSCRIPTIONS, LISTINGS_PUBLISHED, SEARCHES
from mvpkit.patterns.directory.models import DirectoryCount

FIGURES = (
    (
        LISTINGS_PUBLISHED,
        "listings-published",
        "Listings published",
        "Listings staff approved in the month, each published then (an edit checked again "
        "and approved counts again).",
    ),
    (
        SEARCHES,
        "directory-searches",
        "Searches",
        "Searches residents made in the month: the first page of results of a search "
        "with the form sent, whatever it found.",
    ),
    (
        FEED_SUBSCRIPTIONS,
        "feed-subscriptions",
        "Feed subscriptions",
        "Fetches of the whole directory's calendar feed (calendar.ics) in the month: "
        "a subscribed calendar fetches it again every few hours.",
    ),
)


def directory_figures(session: Session, service: str, months: Sequence[str]) -> list[MonthlyFigure]:
    """The three counts, for the months asked for (a month with no count is left out)."""
    counted = select(DirectoryCount.month, DirectoryCount.name, DirectoryCount.count).where(
        DirectoryCount.service == service,
        DirectoryCount.month.in_(months),
        DirectoryCount.name.in_([name for name, *_ in FIGURES]),
    )
    found: dict[str, dict[str, int]] = {name: {} for name, *_ in FIGURES}
    for month, name, count in session.execute(counted):
        if count:
            found[name][month] = count
    return [
        MonthlyFigure(key=key, label=label, kind="count", values=found[name], how=how)
        for name, key, label, how in FIGURES
    ]
