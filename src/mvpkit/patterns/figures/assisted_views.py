"""Assisted digital and offline transactions: staff pages that feed the figures.

Here staff who may help start the journey on behalf of a resident ("Help a resident"), and
end it ("Stop helping"); the offline transactions' pages are in `offline_views.py`.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from mvpkit.auth import sessions
from mvpkit.backoffice.access import signed_in_email, staff_realm, staff_required
from mvpkit.backoffice.navigation import StaffLink, add_staff_links
from mvpkit.frontend.errors import error_page
from mvpkit.frontend.forms import STAFF, FixedForm, Rendered
from mvpkit.kit import Kit, current_kit
from mvpkit.patterns.figures.assisting import may_assist
from mvpkit.patterns.figures.helping import start_helping, stop_helping
from mvpkit.patterns.figures.settings import figures_of
from mvpkit.questions.answers import PageResult

figures_assist = Blueprint("figures_assist", __name__, url_prefix="/staff/figures")
START = "journey.start"
HELP_LINK = StaffLink("Help a resident", "figures_assist.assist")
OFFLINE_LINK = StaffLink(
    "Offline transactions",
    "figures_offline.offline",
    (
        "figures_offline.delete_form",
        "figures_offline.delete_entry_submit",
        "figures_offline.import_form",
        "figures_offline.import_preview",
        "figures_offline.import_confirm",
    ),
)
NOT_ALLOWED = (
    "You cannot help residents in this service",
    "Only staff who have been let help residents can use this page. Ask whoever runs the "
    "service to let you: they run mvpkit staff assist with your email address.",
)
NO_JOURNEY = (
    "There is no form to help with",
    "This service has no online form for residents to fill in.",
)
WHERE = FixedForm(
    {
        "id": "place",
        "title": "Where are you helping the resident?",
        "type": "radios",
        "options": ["Any"],  # the service's places, set as the form is shown
        "errors": {
            "required": "Select where you are helping the resident",
            "choice": "Select where you are helping the resident",
        },
    }
)
INTRO = (
    "You will fill in the form with the resident, on their behalf. It starts again from the "
    "beginning: answers not yet sent in this browser are forgotten.",
    "Every page shows that you are helping until the form is sent or you stop helping.",
)


def install_links(app: Flask) -> None:
    """Add "Help a resident" (services with a form) and "Offline transactions" to the staff's
    navigation."""
    kit: Kit = app.extensions["mvpkit"]
    links = [HELP_LINK] if kit.service.pages else []
    add_staff_links(app, [*links, OFFLINE_LINK])


def _form() -> FixedForm:
    places = figures_of(current_kit().service).places
    return WHERE.with_options("place", [(place, place) for place in places])


def _helper() -> int | Rendered:
    """The signed-in member of staff's id when they may help here; else the 403 or 404 page."""
    kit = current_kit()
    if START not in current_app.view_functions:
        return error_page(404, *NO_JOURNEY)
    staff_id = sessions.current(kit.db, staff_realm())
    if staff_id is None or not may_assist(kit.db, staff_id, kit.slug):
        return error_page(403, *NOT_ALLOWED)
    return staff_id


def _render(result: PageResult | None = None) -> Rendered:
    places = figures_of(current_kit().service).places
    return _form().render(
        result,
        layout=STAFF,
        button="Start helping",
        intro=INTRO,
        values={"place": places[0]} if len(places) == 1 else {},
        action=url_for("figures_assist.start"),
    )


@figures_assist.get("/assist")
@staff_required
def assist() -> Rendered:
    """Ask where the resident is being helped."""
    helper = _helper()
    return _render() if isinstance(helper, int) else helper


@figures_assist.post("/assist")
@staff_required
def start() -> Rendered | Response:
    """Start the journey afresh on the resident's behalf, at the place chosen."""
    helper = _helper()
    if not isinstance(helper, int):
        return helper
    result = _form().read(request.form)
    if not result.valid:
        return _render(result)
    start_helping(str(result.values["place"]), helper)
    return redirect(url_for(START))


@figures_assist.post("/assist/stop")
def stop() -> Response:
    """Stop helping in this browser: anyone may, as it only forgets what it holds."""
    stop_helping()
    if signed_in_email() is None and START in current_app.view_functions:
        return redirect(url_for(START))
    flash("You have stopped helping the resident")
    return redirect(url_for("backoffice.submissions"))
