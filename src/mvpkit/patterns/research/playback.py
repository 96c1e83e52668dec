"""Playback: what the participants of one round of one service did, in figures.

The funnel (who started, reached each page, sent), the arrows they took between pages,
the errors shown most, the median time on each page and where each participant stopped.
Counting is done by the database (GROUP BY, and window functions for the order of each
participant's pages); only the medians are worked out here, from one sum a participant
and page. Nothing here reads an answer: events hold none.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any, TypeVarTuple

from sqlalchemy import Select, and_, case, distinct, extract, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from mvpkit.clock import as_utc
from mvpkit.definition.model import CHECK_ANSWERS, Service
from mvpkit.patterns.research.events import ERROR, PAGE, SENT, START, Moment, timeline
from mvpkit.patterns.research.models import ResearchEvent, ResearchParticipant
from mvpkit.store.database import Database

STARTED, START_PAGE, CONFIRMATION = "started", "start", "confirmation"
MAP_START = "/"  # the journey map's id for the start page
MOST_ERRORS = 10
CSV_COLUMNS = ("participant", "at", "kind", "page", "question", "detail", "device")
Columns = TypeVarTuple("Columns")
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run a cell starting so


@dataclass(frozen=True)
class Step:
    """One bar of the funnel: how many participants got this far."""

    key: str  # a page id, or "started" / "sent"
    label: str
    count: int


@dataclass(frozen=True)
class ErrorShown:
    """An error message on a page: how many times it was shown, and to how many people."""

    page: str
    question: str
    message: str
    times: int
    participants: int


@dataclass(frozen=True)
class PageTime:
    """The median time participants spent on a page, from the participants who left it."""

    page: str
    label: str
    median_seconds: float
    participants: int


@dataclass(frozen=True)
class Stop:
    """Where a participant stopped: their last page, their device, and whether they sent."""

    participant_id: int
    code: str
    last_page: str | None
    device: str | None
    sent: bool


@dataclass(frozen=True)
class Playback:
    """A round of one service in figures."""

    service: str
    round: int
    funnel: list[Step]
    arrows: dict[tuple[str, str], int]  # (from, to) page ids: how many participants
    errors: list[ErrorShown]
    times: list[PageTime]
    stops: list[Stop]
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, page: str | None) -> str:
        """A page as people read it: its title and id."""
        if page is None:
            return "Not started"
        return self.labels.get(page, page)

    def map_counts(self) -> dict[str | tuple[str, str], int]:
        """The funnel and the arrows as the journey map's counts (the start page is `/`)."""

        def node(page: str) -> str:
            return MAP_START if page == START_PAGE else page

        counts: dict[str | tuple[str, str], int] = {
            node(step.key): step.count for step in self.funnel if step.key not in (STARTED, SENT)
        }
        for (source, target), count in self.arrows.items():
            counts[(node(source), node(target))] = count
        return counts


def page_labels(service: Service) -> dict[str, str]:
    """Each page of the journey, in order, with the words people know it by."""
    labels = {START_PAGE: f"Start page ({START_PAGE})"}
    labels.update({page.id: f"{page.title} ({page.id})" for page in service.pages})
    labels[CHECK_ANSWERS] = f"Check your answers ({CHECK_ANSWERS})"
    labels[CONFIRMATION] = f"{service.confirmation.title} ({CONFIRMATION})"
    return labels


def round_playback(db: Database, service: Service, slug: str, round_number: int) -> Playback:
    """The round's funnel, arrows, errors, times on page and stops."""
    labels = page_labels(service)
    with db.reads() as session:
        return Playback(
            service=slug,
            round=round_number,
            funnel=_funnel(session, slug, round_number, labels),
            arrows=_arrows(session, slug, round_number),
            errors=_errors(session, slug, round_number),
            times=_times(session, slug, round_number, labels),
            stops=_stops(session, slug, round_number),
            labels=labels,
        )


def _of_round(query: Select[*Columns], slug: str, round_number: int) -> Select[*Columns]:
    """The query narrowed to the events of the round's participants."""
    return query.join(
        ResearchParticipant, ResearchParticipant.id == ResearchEvent.participant_id
    ).where(ResearchParticipant.service == slug, ResearchParticipant.round == round_number)


def _funnel(session: Session, slug: str, round_number: int, labels: dict[str, str]) -> list[Step]:
    """Participants who started, reached each page (in the journey's order), and sent."""
    key = case((ResearchEvent.kind == PAGE, ResearchEvent.page), else_=literal(""))
    people = func.count(distinct(ResearchEvent.participant_id))
    query = _of_round(
        select(ResearchEvent.kind, key, people).where(ResearchEvent.kind.in_((PAGE, START, SENT))),
        slug,
        round_number,
    ).group_by(ResearchEvent.kind, key)
    counts = {(kind, page): count for kind, page, count in session.execute(query)}
    steps = [Step(STARTED, "Started (opened their start link)", counts.get((START, ""), 0))]
    steps.extend(Step(page, label, counts.get((PAGE, page), 0)) for page, label in labels.items())
    steps.append(Step(SENT, "Sent", counts.get((SENT, ""), 0)))
    return steps


def _arrows(session: Session, slug: str, round_number: int) -> dict[tuple[str, str], int]:
    """How many participants went from each page straight to another, page events in order."""
    previous = func.lag(ResearchEvent.page).over(
        partition_by=ResearchEvent.participant_id, order_by=ResearchEvent.id
    )
    pages = _of_round(
        select(ResearchEvent.participant_id, ResearchEvent.page, previous.label("previous")).where(
            ResearchEvent.kind == PAGE
        ),
        slug,
        round_number,
    ).subquery()
    query = (
        select(pages.c.previous, pages.c.page, func.count(distinct(pages.c.participant_id)))
        .where(pages.c.previous.is_not(None), pages.c.previous != pages.c.page)
        .group_by(pages.c.previous, pages.c.page)
    )
    return {(source, target): count for source, target, count in session.execute(query)}


def _errors(session: Session, slug: str, round_number: int) -> list[ErrorShown]:
    """The errors shown most: page, question and message, with times and participants."""
    times = func.count(ResearchEvent.id)
    people = func.count(distinct(ResearchEvent.participant_id))
    columns = (ResearchEvent.page, ResearchEvent.question, ResearchEvent.detail)
    query = (
        _of_round(
            select(*columns, times, people).where(ResearchEvent.kind == ERROR), slug, round_number
        )
        .group_by(*columns)
        .order_by(times.desc(), people.desc(), *columns)
        .limit(MOST_ERRORS)
    )
    return [
        ErrorShown(page, question or "", message, shown, participants)
        for page, question, message, shown, participants in session.execute(query)
    ]


def _seconds_between(
    session: Session, later: ColumnElement[Any], earlier: ColumnElement[Any]
) -> ColumnElement[Any]:
    """Seconds from one time to a later one, in this database's own words."""
    if session.get_bind().dialect.name == "postgresql":
        return extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


def _times(
    session: Session, slug: str, round_number: int, labels: dict[str, str]
) -> list[PageTime]:
    """The median, across participants, of each one's time on a page (until their next)."""
    following = func.lead(ResearchEvent.at).over(
        partition_by=ResearchEvent.participant_id, order_by=ResearchEvent.id
    )
    seen = _of_round(
        select(
            ResearchEvent.participant_id,
            ResearchEvent.kind,
            ResearchEvent.page,
            ResearchEvent.at,
            following.label("left_at"),
        ).where(ResearchEvent.kind.in_((PAGE, SENT))),
        slug,
        round_number,
    ).subquery()
    seconds = func.sum(_seconds_between(session, seen.c.left_at, seen.c.at))
    query = (
        select(seen.c.page, seconds)
        .where(and_(seen.c.kind == PAGE, seen.c.left_at.is_not(None)))
        .group_by(seen.c.participant_id, seen.c.page)
    )
    each: dict[str, list[float]] = {}
    for page, total in session.execute(query):
        each.setdefault(page, []).append(round(float(total), 3))
    order = [*labels, *sorted(set(each) - set(labels))]
    return [
        PageTime(page, labels.get(page, page), median(each[page]), len(each[page]))
        for page in order
        if page in each
    ]


def _stops(session: Session, slug: str, round_number: int) -> list[Stop]:
    """Each participant of the round, in code order: their last page, device, and if sent."""
    last = (
        select(ResearchEvent.participant_id, func.max(ResearchEvent.id).label("last_id"))
        .where(ResearchEvent.kind == PAGE)
        .group_by(ResearchEvent.participant_id)
        .subquery()
    )
    sent = (
        select(ResearchEvent.participant_id, func.count(ResearchEvent.id).label("sent"))
        .where(ResearchEvent.kind == SENT)
        .group_by(ResearchEvent.participant_id)
        .subquery()
    )
    query = (
        select(
            ResearchParticipant.id,
            ResearchParticipant.code,
            ResearchEvent.page,
            func.coalesce(ResearchParticipant.device, ResearchEvent.device),
            sent.c.sent,
        )
        .outerjoin(last, last.c.participant_id == ResearchParticipant.id)
        .outerjoin(ResearchEvent, ResearchEvent.id == last.c.last_id)
        .outerjoin(sent, sent.c.participant_id == ResearchParticipant.id)
        .where(ResearchParticipant.service == slug, ResearchParticipant.round == round_number)
        .order_by(ResearchParticipant.id)
    )
    return [
        Stop(participant_id, code, page, device or None, bool(sent_count))
        for participant_id, code, page, device, sent_count in session.execute(query)
    ]


def timelines(db: Database, stops: Sequence[Stop]) -> list[tuple[Stop, list[Moment]]]:
    """Each participant's timeline (events and notes), as their page shows it."""
    return [(stop, timeline(db, stop.participant_id)) for stop in stops]


def events_csv(db: Database, slug: str, round_number: int) -> str:
    """The round's events as CSV: participant code, time (ISO 8601), kind, page, question,
    detail and device; never the draft token, and no answers (events hold none)."""
    query = _of_round(
        select(
            ResearchParticipant.code,
            ResearchEvent.at,
            ResearchEvent.kind,
            ResearchEvent.page,
            ResearchEvent.question,
            ResearchEvent.detail,
            ResearchEvent.device,
        ),
        slug,
        round_number,
    ).order_by(ResearchParticipant.id, ResearchEvent.id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    with db.reads() as session:
        for code, at, kind, page, question, detail, device in session.execute(query):
            cells = (code, as_utc(at).isoformat(), kind, page, question or "", detail, device)
            writer.writerow([_cell(cell) for cell in cells])
    return out.getvalue()


def _cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return f"'{value}" if value.startswith(FORMULA) else value
