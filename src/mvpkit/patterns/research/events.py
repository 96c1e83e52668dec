"""What a participant did, kept as events: pages seen, answers given, errors shown, sent.

Recorded after each of the participant's requests to the service, from the request's
endpoint and the template that answered it; nothing of what they typed is kept, only
page and question ids, the kit's error messages and the class of device.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask, g, request, session, template_rendered
from sqlalchemy import select
from werkzeug.wrappers import Response

from mvpkit.frontend.devices import device_class
from mvpkit.kit import current_kit
from mvpkit.patterns.research.models import ResearchEvent, ResearchNote
from mvpkit.questions.answers import FieldError
from mvpkit.store.database import Database

PARTICIPANT = "research_participant"  # the session key holding the participant's id
PAGE, ANSWERED, ERROR, SENT, START = "page", "answered", "error", "sent", "start"
SCENARIO = "scenario"
NOT_RECORDED = ("research.", "research_", "assets", "icon", "touch_icon", "static", "pages.health")


def page_key() -> str:
    """The page in the service's words: a journey page's id, else the address's pattern."""
    args = request.view_args or {}
    if request.endpoint == "journey.start":
        return "start"
    if "page_id" in args:
        return str(args["page_id"])[:100]
    if request.endpoint == "journey.check_answers" or request.endpoint == "journey.accept_and_send":
        return "check-answers"
    if request.endpoint == "journey.confirmation":
        return "confirmation"
    return request.url_rule.rule[:200] if request.url_rule else request.path[:200]


def install_recording(app: Flask) -> None:
    """Keep the events of each request a participant makes to this service."""

    def shown(sender: Flask, template: Any, context: dict[str, Any], **extra: Any) -> None:
        errors = context.get("errors")
        if errors:
            g.research_errors = [e for e in errors if isinstance(e, FieldError)]

    template_rendered.connect(shown, app, weak=False)

    @app.after_request
    def record(response: Response) -> Response:
        participant = session.get(PARTICIPANT)
        endpoint = request.endpoint or ""
        if not isinstance(participant, int) or endpoint.startswith(NOT_RECORDED):
            return response
        events = _events_of(response)
        if events:
            _keep(current_kit().db, participant, events)
        return response


def _events_of(response: Response) -> list[dict[str, Any]]:
    """The events this request makes: a page seen, the answers kept, the errors shown."""
    page = page_key()
    common = {
        "page": page,
        "device": device_class(request.user_agent.string),
        "draft": session.get("draft"),
    }
    errors: Sequence[FieldError] = g.get("research_errors", [])
    if errors:
        return [
            {**common, "kind": ERROR, "question": e.question_id[:100], "detail": e.message}
            for e in errors
        ]
    if request.method == "GET" and response.status_code == 200 and response.mimetype == "text/html":
        change = "change" if request.args.get("change") == "1" else ""
        return [{**common, "kind": PAGE, "detail": change}]
    if request.method == "POST" and 300 <= response.status_code < 400:
        kind = SENT if request.endpoint == "journey.accept_and_send" else ANSWERED
        return [{**common, "kind": kind, "detail": ""}]
    return []


def _keep(db: Database, participant_id: int, events: list[dict[str, Any]]) -> None:
    with db.writes() as db_session:
        for event in events:
            db_session.add(ResearchEvent(participant_id=participant_id, **event))
        db_session.commit()


def record_start(db: Database, participant_id: int, device: str) -> None:
    """The participant began, from their start link."""
    _keep(db, participant_id, [{"kind": START, "page": "start link", "device": device}])


def record_scenario(
    db: Database, participant_id: int, title: str, draft: str | None, reference: str | None
) -> None:
    """The participant started from a scenario (its draft kept, so a reset removes it)."""
    detail = f"{title} (sent as {reference})" if reference else title
    _keep(
        db,
        participant_id,
        [{"kind": SCENARIO, "page": "start link", "detail": detail, "draft": draft}],
    )


@dataclass(frozen=True)
class Moment:
    """One line of a participant's timeline: an event or a note."""

    at: datetime
    what: str
    page: str
    detail: str
    seconds_on_page: float | None = None
    source: tuple[str, int] | None = None  # ("note" or "error", its id): a finding's source


def timeline(db: Database, participant_id: int) -> list[Moment]:
    """The participant's events and notes in time order, with the time spent on each page."""
    with db.reads() as db_session:
        events = list(
            db_session.scalars(
                select(ResearchEvent)
                .where(ResearchEvent.participant_id == participant_id)
                .order_by(ResearchEvent.id)
            )
        )
        notes = list(
            db_session.scalars(
                select(ResearchNote)
                .where(ResearchNote.participant_id == participant_id)
                .order_by(ResearchNote.id)
            )
        )
    return sorted(
        [
            *_event_moments(events),
            *(Moment(n.at, "Note", n.page, n.text, source=("note", n.id)) for n in notes),
        ],
        key=lambda moment: moment.at,
    )


def _event_moments(events: Sequence[ResearchEvent]) -> list[Moment]:
    moments: list[Moment] = []
    order: dict[str, int] = {}
    last_page: str | None = None
    for index, event in enumerate(events):
        if event.kind == PAGE:
            seen = _seconds_until_next_page(events, index)
            went_back = last_page is not None and order.get(event.page, 1 << 30) < order.get(
                last_page, 0
            )
            order.setdefault(event.page, len(order))
            what = "Changed an answer from" if event.detail == "change" else "Saw"
            if went_back and event.detail != "change":
                what = "Went back to"
            moments.append(Moment(event.at, what, event.page, event.device, seen))
            last_page = event.page
        else:
            what = {
                ERROR: "Was shown an error",
                ANSWERED: "Answered",
                SENT: "Sent",
                START: "Started",
                SCENARIO: "Started from the scenario",
            }.get(event.kind, event.kind)
            detail = f"{event.question}: {event.detail}" if event.kind == ERROR else event.detail
            source = ("error", event.id) if event.kind == ERROR else None
            moments.append(Moment(event.at, what, event.page, detail, source=source))
    return moments


def _seconds_until_next_page(events: Sequence[ResearchEvent], index: int) -> float | None:
    for later in events[index + 1 :]:
        if later.kind in (PAGE, SENT):
            return (later.at - events[index].at).total_seconds()
    return None
