"""Participants: codes, start links, a reset that forgets their answers, and deletion.

A participant's start link carries a random token; only its SHA-256 is kept. What a
participant sent is found through the draft tokens their events recorded, so resetting or
deleting them removes their drafts and submissions (and each pattern's records of those)
and nothing of anyone else's.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mvpkit import clock
from mvpkit.patterns.research.models import ResearchEvent, ResearchNote, ResearchParticipant
from mvpkit.registry import installed_patterns
from mvpkit.store.database import Database
from mvpkit.store.models import Draft, StatusEvent, Submission

CODE_PREFIX = "P"
MOST = 999  # participants a round


class ParticipantError(Exception):
    """A participant could not be made: the message says why."""


def token_digest(token: str) -> str:
    """The SHA-256 kept for a start link's token."""
    return hashlib.sha256(token.encode()).hexdigest()


def code_for(number: int) -> str:
    """P01, P02 ... P99, P100."""
    return f"{CODE_PREFIX}{number:02d}"


def add(
    db: Database, service: str, round_number: int = 1, scenario: str | None = None
) -> tuple[ResearchParticipant, str]:
    """The next participant of the round, and the token of their start link (shown once)."""
    for _ in range(5):  # two researchers adding at once: the loser takes the next code
        token = secrets.token_urlsafe(24)
        with db.writes() as session:
            taken = session.scalar(
                select(func.count())
                .select_from(ResearchParticipant)
                .where(
                    ResearchParticipant.service == service,
                    ResearchParticipant.round == round_number,
                )
            )
            number = _next_number(session, service, round_number, taken or 0)
            if number > MOST:
                raise ParticipantError(f"A round has at most {MOST} participants.")
            participant = ResearchParticipant(
                service=service,
                round=round_number,
                code=code_for(number),
                start_token_hash=token_digest(token),
                scenario=scenario,
            )
            session.add(participant)
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                continue
            session.refresh(participant)
            session.expunge(participant)
            return participant, token
    raise ParticipantError("Could not choose a code: try again.")


def _next_number(session: Session, service: str, round_number: int, taken: int) -> int:
    codes = session.scalars(
        select(ResearchParticipant.code).where(
            ResearchParticipant.service == service, ResearchParticipant.round == round_number
        )
    )
    numbers = [int(code[1:]) for code in codes if code[1:].isdigit()]
    return max([taken, *numbers]) + 1


def new_link(db: Database, participant_id: int) -> str:
    """A new start link's token for the participant; the old link stops working."""
    token = secrets.token_urlsafe(24)
    with db.writes() as session:
        found = session.get(ResearchParticipant, participant_id)
        if found is not None:
            found.start_token_hash = token_digest(token)
        session.commit()
    return token


def by_token(
    db: Database, service: str, token: str, round_number: int = 1
) -> ResearchParticipant | None:
    """The participant a start link is for, on this service and round."""
    if not token or len(token) > 100:
        return None
    with db.reads() as session:
        found = session.scalar(
            select(ResearchParticipant).where(
                ResearchParticipant.start_token_hash == token_digest(token),
                ResearchParticipant.service == service,
                ResearchParticipant.round == round_number,
            )
        )
        if found is not None:
            session.expunge(found)
        return found


def by_code(
    db: Database, service: str, code: str, round_number: int = 1
) -> ResearchParticipant | None:
    """A participant of the round, by code."""
    with db.reads() as session:
        found = session.scalar(
            select(ResearchParticipant).where(
                ResearchParticipant.service == service,
                ResearchParticipant.round == round_number,
                ResearchParticipant.code == code[:10],
            )
        )
        if found is not None:
            session.expunge(found)
        return found


def of_round(db: Database, service: str, round_number: int = 1) -> list[ResearchParticipant]:
    """Every participant of the round, in code order."""
    with db.reads() as session:
        found = list(
            session.scalars(
                select(ResearchParticipant)
                .where(
                    ResearchParticipant.service == service,
                    ResearchParticipant.round == round_number,
                )
                .order_by(ResearchParticipant.id)
            )
        )
        session.expunge_all()
        return found


def started(db: Database, participant_id: int, device: str) -> None:
    """The participant opened their start link (again) on a device of this class."""
    with db.writes() as session:
        found = session.get(ResearchParticipant, participant_id)
        if found is not None:
            found.started_at = clock.now()
            found.device = device
        session.commit()


def reset(db: Database, service: str, participant_id: int) -> None:
    """Forget what the participant did and answered; their code, link and notes stay."""
    with db.writes() as session:
        _forget_answers(session, service, participant_id)
        session.execute(delete(ResearchEvent).where(ResearchEvent.participant_id == participant_id))
        found = session.get(ResearchParticipant, participant_id)
        if found is not None:
            found.started_at = None
            found.device = None
        session.commit()


def remove(db: Database, service: str, participant_id: int) -> None:
    """Delete the participant and everything of theirs: answers, events and notes."""
    with db.writes() as session:
        _forget_answers(session, service, participant_id)
        session.execute(delete(ResearchEvent).where(ResearchEvent.participant_id == participant_id))
        session.execute(delete(ResearchNote).where(ResearchNote.participant_id == participant_id))
        session.execute(delete(ResearchParticipant).where(ResearchParticipant.id == participant_id))
        session.commit()


def _forget_answers(session: Session, service: str, participant_id: int) -> None:
    """Their drafts and submissions, and every pattern's records of those submissions."""
    tokens = _draft_tokens(session, participant_id)
    if not tokens:
        return
    sent = list(
        session.scalars(
            select(Submission).where(
                Submission.service == service, Submission.draft_token.in_(tokens)
            )
        )
    )
    references = [submission.reference for submission in sent]
    for pattern in installed_patterns():
        pattern.submissions_deleted(session, service, references)
    if sent:
        ids = [submission.id for submission in sent]
        session.execute(delete(StatusEvent).where(StatusEvent.submission_id.in_(ids)))
        session.execute(delete(Submission).where(Submission.id.in_(ids)))
    session.execute(delete(Draft).where(Draft.service == service, Draft.token.in_(tokens)))


def _draft_tokens(session: Session, participant_id: int) -> Sequence[str]:
    return list(
        session.scalars(
            select(ResearchEvent.draft)
            .where(ResearchEvent.participant_id == participant_id, ResearchEvent.draft.is_not(None))
            .distinct()
        )
    )
