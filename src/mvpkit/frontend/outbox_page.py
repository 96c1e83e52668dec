"""The development outbox: every email the service has queued, on a page, outside production."""

from __future__ import annotations

import re

from flask import Blueprint, abort, render_template
from markupsafe import Markup, escape
from sqlalchemy import select

from mvpkit.email.models import OutboxEmail
from mvpkit.kit import current_kit

outbox = Blueprint("outbox", __name__)
SHOWN = 100
WEB_ADDRESS = re.compile(r"https?://[^\s<>\"']+")
TRAILING = ".,;:!?)"  # ends a sentence around an address rather than the address itself


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


@outbox.app_template_filter("with_links")
def with_links(text: str) -> Markup:
    """The email's text, escaped, with each web address in it a link to follow."""
    html = Markup()
    last = 0
    for match in WEB_ADDRESS.finditer(text):
        address = match.group().rstrip(TRAILING)
        html += escape(text[last : match.start()])
        html += Markup('<a class="govuk-link" href="{0}">{0}</a>').format(address)
        last = match.start() + len(address)
    return html + escape(text[last:])
