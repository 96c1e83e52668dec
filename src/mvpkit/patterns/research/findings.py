"""Findings: a note or an error of a participant's timeline, made into a user need.

A finding keeps the route its participant took up to the note or error (the pages they
saw, in order). `export` gives a round's findings with their routes, for
`mvpkit research findings export` to write as Gherkin scenarios.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mvpkit.patterns.research.events import ERROR as ERROR_EVENT
from mvpkit.patterns.research.events import PAGE
from mvpkit.patterns.research.finding_models import ERROR, NOTE, SOURCES, ResearchFinding
from mvpkit.patterns.research.models import ResearchEvent, ResearchNote, ResearchParticipant
from mvpkit.store.database import Database

ROUTE_SEPARATOR = "\n"


@dataclass(frozen=True)
class Source:
    """The moment a finding is made from: a note, or an error the participant was shown."""

    kind: str  # NOTE or ERROR
    id: int
    page: str
    at: datetime
    text: str  # the note, or the error's message
    question: str = ""  # the question an error was about


@dataclass(frozen=True)
class Listed:
    """A finding as the round's list shows it."""

    id: int
    code: str
    source: str
    page: str
    title: str
    need: str
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class Exported:
    """A finding with what a scenario needs: the participant's route and device."""

    id: int
    round: int
    code: str
    device: str  # phone, tablet, desktop, or "" when not known
    scenario: str  # the scenario the participant started from, or ""
    source: str
    page: str
    route: tuple[str, ...]  # the page keys the participant saw, in order, up to the finding
    detail: str  # the error's message; "" for a note
    title: str
    need: str


def source_of(db: Database, participant_id: int, kind: str, source_id: int) -> Source | None:
    """The participant's note or error with this id; None if it is not theirs (or gone)."""
    if kind not in SOURCES:
        return None
    with db.reads() as session:
        if kind == NOTE:
            note = session.get(ResearchNote, source_id)
            if note is None or note.participant_id != participant_id:
                return None
            return Source(NOTE, note.id, note.page, note.at, note.text)
        event = session.get(ResearchEvent, source_id)
        if event is None or event.participant_id != participant_id or event.kind != ERROR_EVENT:
            return None
        return Source(ERROR, event.id, event.page, event.at, event.detail, event.question or "")


def create(
    db: Database,
    participant: ResearchParticipant,
    source: Source,
    *,
    title: str,
    need: str,
    by: str,
) -> int:
    """Keep a finding of the participant's round, with their route up to the source."""
    with db.writes() as session:
        made = ResearchFinding(
            service=participant.service,
            round=participant.round,
            participant_id=participant.id,
            source=source.kind,
            source_id=source.id,
            page=source.page,
            route=ROUTE_SEPARATOR.join(_route_to(session, participant.id, source)),
            detail=source.text if source.kind == ERROR else "",
            title=title,
            need=need,
            created_by=by[:100],
        )
        session.add(made)
        session.commit()
        return made.id


def _route_to(session: Session, participant_id: int, source: Source) -> list[str]:
    """The pages the participant saw, in order, up to the moment of the source."""
    up_to = ResearchEvent.id < source.id if source.kind == ERROR else ResearchEvent.at <= source.at
    return list(
        session.scalars(
            select(ResearchEvent.page)
            .where(
                ResearchEvent.participant_id == participant_id,
                ResearchEvent.kind == PAGE,
                up_to,
            )
            .order_by(ResearchEvent.id)
        )
    )


def of_round(db: Database, service: str, round_number: int) -> list[Listed]:
    """The round's findings, oldest first."""
    with db.reads() as session:
        rows = session.execute(
            select(ResearchFinding, ResearchParticipant.code)
            .join(ResearchParticipant, ResearchParticipant.id == ResearchFinding.participant_id)
            .where(ResearchFinding.service == service, ResearchFinding.round == round_number)
            .order_by(ResearchFinding.id)
        ).all()
        return [
            Listed(f.id, code, f.source, f.page, f.title, f.need, f.created_at, f.created_by)
            for f, code in rows
        ]


def remove(db: Database, service: str, round_number: int, finding_id: int) -> bool:
    """Delete one finding of the service's round; False when there was none."""
    with db.writes() as session:
        found = session.get(ResearchFinding, finding_id)
        if found is None or (found.service, found.round) != (service, round_number):
            return False
        session.delete(found)
        session.commit()
        return True


def rounds(db: Database, service: str) -> list[int]:
    """The rounds of the service that have findings, in order."""
    with db.reads() as session:
        return list(
            session.scalars(
                select(ResearchFinding.round)
                .where(ResearchFinding.service == service)
                .distinct()
                .order_by(ResearchFinding.round)
            )
        )


def export(db: Database, service: str, round_number: int) -> list[Exported]:
    """The round's findings with each participant's route, by participant then finding."""
    with db.reads() as session:
        rows = session.execute(
            select(
                ResearchFinding,
                ResearchParticipant.code,
                ResearchParticipant.device,
                ResearchParticipant.scenario,
            )
            .join(ResearchParticipant, ResearchParticipant.id == ResearchFinding.participant_id)
            .where(ResearchFinding.service == service, ResearchFinding.round == round_number)
            .order_by(ResearchParticipant.id, ResearchFinding.id)
        ).all()
        return [
            Exported(
                id=f.id,
                round=f.round,
                code=code,
                device=device or "",
                scenario=scenario or "",
                source=f.source,
                page=f.page,
                route=tuple(page for page in f.route.split(ROUTE_SEPARATOR) if page),
                detail=f.detail,
                title=f.title,
                need=f.need,
            )
            for f, code, device, scenario in rows
        ]
