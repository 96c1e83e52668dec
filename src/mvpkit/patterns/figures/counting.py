"""What the figures count as requests go by: visits to the start page, journeys started.

A visit is counted soon rather than at once (`count_soon`): the start page only reads,
and a write lock on every view of it cut its speed by three quarters.

Only the month, the service and the class of device are kept: nothing of who it was.
"""

from __future__ import annotations

from flask import Flask, g, request, session
from werkzeug.wrappers import Response

from mvpkit.frontend.devices import device_class
from mvpkit.kit import current_kit
from mvpkit.patterns.figures.compute import STARTED, VISIT
from mvpkit.store.counts import count, count_soon

DRAFT = "draft"  # the journey's session key for its draft


def install_counting(app: Flask) -> None:
    """Count each start page shown, and each journey's first answer kept."""

    @app.before_request
    def note_draft() -> None:
        if request.endpoint == "journey.answer":
            g.figures_draft_before = session.get(DRAFT)

    @app.after_request
    def counted(response: Response) -> Response:
        endpoint = request.endpoint
        if endpoint == "journey.start" and request.method == "GET" and response.status_code == 200:
            kit = current_kit()
            count_soon(kit.db, kit.slug, VISIT, device_class(request.user_agent.string))
        elif (
            endpoint == "journey.answer"
            and response.status_code in (302, 303)
            and session.get(DRAFT) != g.get("figures_draft_before")  # a new journey's draft
        ):
            kit = current_kit()
            count(kit.db, kit.slug, STARTED)
        return response
