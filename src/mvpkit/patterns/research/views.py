"""The research pages: the password page, the researcher's participants, start links.

Everything here is below `/research/` of each service served by `mvpkit research`.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response

from mvpkit.auth import limits, sessions
from mvpkit.auth.clients import client_address
from mvpkit.frontend.devices import device_class
from mvpkit.frontend.errors import error_page
from mvpkit.frontend.forms import FixedForm, Rendered
from mvpkit.kit import current_kit
from mvpkit.patterns.research import participants, passwords, scenarios
from mvpkit.patterns.research.access import (
    REALM,
    SIGN_IN_PER_CLIENT,
    researcher_required,
    safe_next,
    signed_in_holder,
)
from mvpkit.patterns.research.events import (
    PARTICIPANT,
    record_scenario,
    record_start,
    timeline,
)
from mvpkit.patterns.research.links import shared_url, start_link, start_qr
from mvpkit.patterns.research.models import RESEARCHER, ResearchParticipant
from mvpkit.patterns.research.notes import add_note
from mvpkit.questions.answers import PageResult

research = Blueprint("research", __name__, url_prefix="/research")
NOTE_MAX = 2000
LINKS = "research_start_links"  # start links made in this researcher's session, by code
PASSWORD = FixedForm(
    {
        "id": "password",
        "title": "This is a prototype",
        "fields": [
            {
                "id": "password",
                "label": "Password",
                "type": "password",
                "autocomplete": "off",
                "errors": {"required": "Enter the password"},
            }
        ],
    }
)
NOTE = FixedForm(
    {
        "id": "note",
        "title": "Add a note",
        "fields": [
            {
                "id": "note",
                "label": "Note",
                "type": "textarea",
                "max_length": NOTE_MAX,
                "hint": "It is tagged with the page the participant is on. Use their code, "
                "never their name.",
                "errors": {"required": "Enter the note"},
            }
        ],
    }
)
TOO_MANY = (
    "Sorry, there have been too many attempts",
    "There have been too many wrong passwords from this network or device. "
    f"Wait {SIGN_IN_PER_CLIENT.minutes} minutes, then try again.",
)


def _password_page(result: PageResult | None = None, status: int = 200) -> Rendered:
    return PASSWORD.render(
        result,
        button="Continue",
        intro=["Only people taking part in this research can see it."],
        action=url_for("research.sign_in_submit", next=request.args.get("next")),
        status=status,
    )


@research.get("/sign-in")
def sign_in() -> Rendered:
    """The password page in front of the whole prototype."""
    return _password_page()


@research.post("/sign-in")
def sign_in_submit() -> Rendered | Response:
    """Check the password; a right one opens the prototype in this browser."""
    kit = current_kit()
    result = PASSWORD.read(request.form)
    if not result.valid:
        return _password_page(result)
    if not limits.claim(kit.db, (SIGN_IN_PER_CLIENT, client_address())).allowed:
        return error_page(429, *TOO_MANY)
    holder = passwords.check(kit.db, result.values["password"])
    if holder is None:
        PASSWORD.refuse(result, "password", "The password is not right")
        return _password_page(result)
    with kit.db.writes() as db_session:
        sessions.start(db_session, REALM, holder.id, secure=kit.settings.production)
        db_session.commit()
    return redirect(safe_next(request.args.get("next")))


@research.post("/sign-out")
def sign_out() -> Response:
    """End this browser's research session."""
    kit = current_kit()
    sessions.end_current(kit.db, REALM, secure=kit.settings.production)
    session.clear()
    return redirect(url_for("research.sign_in"))


@research.get("/")
def home_or_start() -> Response | str:
    """A researcher's participants; anyone else goes to the service."""
    holder = signed_in_holder(current_kit().db)
    if holder is None or holder.role != RESEARCHER:
        return redirect(_service_start())
    return _home()


@researcher_required
def _home() -> str:
    kit = current_kit()
    rows = participants.of_round(kit.db, kit.slug, kit.settings.research_round)
    address = shared_url(kit, _service_start())
    return render_template(
        "mvpkit/research/home.html",
        title="Research sessions",
        participants=rows,
        scenarios=scenarios.load_scenarios(kit.settings.service_dir, kit.service),
        round_number=kit.settings.research_round,
        address=address,
        address_qr=Markup(start_qr(address)),  # noqa: S704 - segno escapes the data
    )


@research.post("/participants")
@researcher_required
def add_participant() -> Response:
    """The next participant: a code and a start link, shown once."""
    kit = current_kit()
    chosen = request.form.get("scenario", "")[:50] or None
    if chosen is not None and scenarios.find(kit, chosen) is None:
        abort(400)
    made, token = participants.add(kit.db, kit.slug, kit.settings.research_round, chosen)
    _remember_link(made.code, token)
    return redirect(url_for("research.participant", code=made.code))


@research.get("/participants/<code>")
@researcher_required
def participant(code: str) -> str:
    """One participant: their start link, their timeline, and a note to add."""
    return _participant_page(_participant(code))


def _participant_page(found: ResearchParticipant, result: PageResult | None = None) -> str:
    kit = current_kit()
    token = session.get(LINKS, {}).get(found.code)
    link = start_link(kit, token) if isinstance(token, str) else None
    return render_template(
        "mvpkit/research/participant.html",
        title=f"Participant {found.code}",
        participant=found,
        link=link,
        qr=Markup(start_qr(link)) if link else None,  # noqa: S704 - segno escapes the data
        moments=timeline(kit.db, found.id),
        note_form=NOTE,
        values=result.entered if result else {},
        errors=result.errors if result else [],
        back_href=url_for("research.home_or_start"),
    )


@research.post("/participants/<code>/link")
@researcher_required
def new_link(code: str) -> Response:
    """A new start link: the old one stops working."""
    kit = current_kit()
    found = _participant(code)
    _remember_link(found.code, participants.new_link(kit.db, found.id))
    flash(f"{found.code} has a new start link. The old one no longer works.")
    return redirect(url_for("research.participant", code=found.code))


@research.post("/participants/<code>/notes")
@researcher_required
def note(code: str) -> str | Response:
    """A time-stamped note on the participant's timeline, tagged with the page they are on."""
    kit = current_kit()
    found = _participant(code)
    result = NOTE.read(request.form)
    if not result.valid:
        return _participant_page(found, result)
    holder = signed_in_holder(kit.db)
    add_note(kit.db, found.id, result.values["note"], by=holder.name if holder else "")
    return redirect(url_for("research.participant", code=found.code))


@research.post("/participants/<code>/reset")
@researcher_required
def reset(code: str) -> Response:
    """Forget what the participant did and answered; their link starts them afresh."""
    kit = current_kit()
    found = _participant(code)
    participants.reset(kit.db, kit.slug, found.id)
    flash(f"{found.code} is reset: their answers and what they did are gone. Notes are kept.")
    return redirect(url_for("research.participant", code=found.code))


@research.get("/participants/<code>/delete")
@researcher_required
def confirm_delete(code: str) -> str:
    """Ask before deleting everything of the participant's."""
    found = _participant(code)
    return render_template(
        "mvpkit/research/delete.html",
        title=f"Delete {found.code}",
        participant=found,
        back_href=url_for("research.participant", code=found.code),
    )


@research.post("/participants/<code>/delete")
@researcher_required
def delete(code: str) -> Response:
    """Delete the participant, their answers, what they did and the notes on them."""
    kit = current_kit()
    found = _participant(code)
    participants.remove(kit.db, kit.slug, found.id)
    session.get(LINKS, {}).pop(found.code, None)
    flash(f"{found.code} and all of their data are deleted.")
    return redirect(url_for("research.home_or_start"))


@research.get("/start/<token>")
def start(token: str) -> Response:
    """A participant's start link: a clean session, then the service's first page."""
    kit = current_kit()
    found = participants.by_token(kit.db, kit.slug, token, kit.settings.research_round)
    if found is None:
        abort(404)
    device = device_class(request.user_agent.string)
    session.clear()  # nothing of whoever used this browser before
    session[PARTICIPANT] = found.id
    participants.started(kit.db, found.id, device)
    record_start(kit.db, found.id, device)
    scenario = scenarios.find(kit, found.scenario)
    if scenario is not None:
        draft, reference = scenarios.begin(kit, scenario)
        if reference is None:
            session["draft"] = draft  # the journey carries on from the scenario's answers
        record_scenario(kit.db, found.id, scenario.title, draft, reference)
    return redirect(_service_start())


def _participant(code: str) -> ResearchParticipant:
    kit = current_kit()
    return participants.by_code(kit.db, kit.slug, code, kit.settings.research_round) or abort(404)


def _remember_link(code: str, token: str) -> None:
    links = dict(session.get(LINKS, {}))
    links[code] = token
    session[LINKS] = dict(list(links.items())[-50:])


def _service_start() -> str:
    return request.script_root + "/"
