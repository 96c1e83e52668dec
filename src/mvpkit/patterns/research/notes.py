"""Notes on a participant's timeline, tagged with the page they were on when written."""

from __future__ import annotations

from sqlalchemy import select

from mvpkit.patterns.research.events import PAGE
from mvpkit.patterns.research.models import ResearchEvent, ResearchNote
from mvpkit.store.database import Database


def add_note(db: Database, participant_id: int, text: str, *, by: str) -> None:
    """Keep the note, at the kit's time, on the page the participant last saw."""
    with db.writes() as session:
        page = session.scalar(
            select(ResearchEvent.page)
            .where(ResearchEvent.participant_id == participant_id, ResearchEvent.kind == PAGE)
            .order_by(ResearchEvent.id.desc())
            .limit(1)
        )
        session.add(ResearchNote(participant_id=participant_id, page=page or "", text=text, by=by))
        session.commit()
