"""The development outbox: every email the service has queued, on a page, outside production."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from mvpkit.email.models import OutboxEmail
from mvpkit.kit import current_kit

outbox = Blueprint("outbox", __name__)
SHOWN = 100


@outbox.get("/outbox")
def emails() -> str:
    """The newest emails first, with their status: what a resident would have received."""
    kit = current_kit()
    if kit.settings.production:
        abort(404)
    with kit.db.reads() as session:
        rows = list(
            session.scalars(
                select(OutboxEmail)
                .where(OutboxEmail.service == kit.slug)
                .order_by(OutboxEmail.id.desc())
                .limit(SHOWN)
            )
        )
    return render_template("mvpkit/outbox.html", title="Emails sent by this service", rows=rows)
