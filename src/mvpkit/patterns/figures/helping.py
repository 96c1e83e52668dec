"""Helping a resident in this browser: the session key, the banner, and the send.

While a member of staff helps, the service's session keeps the place and their staff id
under one key. The key alone proves nothing: a submission is recorded as assisted only
when the same member of staff is signed in to this service's back office and may still
help there, checked again inside the send transaction. Helping ends once it is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, g, render_template, session
from markupsafe import Markup
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from mvpkit.auth import sessions
from mvpkit.backoffice.access import staff_realm
from mvpkit.kit import Kit, current_kit
from mvpkit.pattern import Within
from mvpkit.patterns.figures.assisting import assisted_of, record_assisted
from mvpkit.patterns.figures.models import AssistedSubmission
from mvpkit.patterns.figures.settings import figures_of
from mvpkit.store.models import Submission

HELPING = "figures_helping"  # the session key: {"place": ..., "staff": ...}
DRAFT = "draft"  # the journey's session key for its draft
SENT = "figures_helped"  # on `g`: the submission just recorded as assisted


@dataclass(frozen=True)
class Helping:
    """Who is helping a resident in this browser, and where."""

    place: str
    staff_id: int


def start_helping(place: str, staff_id: int) -> None:
    """Start the journey afresh on behalf of a resident: any draft is forgotten."""
    session.pop(DRAFT, None)
    session[HELPING] = {"place": place, "staff": staff_id}


def stop_helping() -> None:
    """End helping in this browser, and forget the resident's unsent answers."""
    session.pop(HELPING, None)
    session.pop(DRAFT, None)


def helping() -> Helping | None:
    """What the session says about helping, when it has the right shape."""
    kept = session.get(HELPING)
    if not isinstance(kept, dict):
        return None
    place, staff_id = kept.get("place"), kept.get("staff")
    if not isinstance(place, str) or type(staff_id) is not int:
        return None
    return Helping(place, staff_id)


def assisted_within(kit: Kit) -> Within | None:
    """Record the submission as assisted, when the helper is signed in here and may help."""
    found = helping()
    if found is None or found.place not in figures_of(kit.service).places:
        return None
    if sessions.current(kit.db, staff_realm()) != found.staff_id:
        return None

    def within(db_session: Session, submission: Submission) -> None:
        if record_assisted(db_session, kit, submission, found.place, found.staff_id):
            setattr(g, SENT, submission.id)

    return within


def install_helping(app: Flask) -> None:
    """End helping once the submission it was for is stored."""

    @app.after_request
    def sent(response: Response) -> Response:
        submission_id = g.get(SENT)
        if submission_id is not None:
            with current_kit().db.reads() as db_session:
                if db_session.get(AssistedSubmission, submission_id) is not None:
                    session.pop(HELPING, None)
        return response


def helping_fragment(kit: Kit, place: str, context: Mapping[str, Any]) -> Markup | None:
    """The banner while helping; after sending with a resident, what to give them."""
    if place == "banner":
        found = helping()
        if found is None:
            return None
        html = render_template("mvpkit/figures/assist_banner.html", place=found.place)
        return Markup(html)  # noqa: S704 - rendered by Jinja, which escaped it
    if place == "confirmation_after" and isinstance(context.get("reference"), str):
        assisted = assisted_of(kit, context["reference"])
        if assisted is None:
            return None
        where, address = assisted
        html = render_template(
            "mvpkit/figures/assist_confirmation.html", place=where, address=address
        )
        return Markup(html)  # noqa: S704 - rendered by Jinja, which escaped it
    return None
