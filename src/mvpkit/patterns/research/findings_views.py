"""Findings: a note or an error turned into a finding with a user need.

From a participant's timeline, "Make a finding" on a note or an error asks for a title and
the user need; the round's findings are listed, each with a button to delete it. Only
researchers reach these pages (the gate, and `researcher_required`).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from mvpkit.frontend.forms import FixedForm, Rendered
from mvpkit.kit import current_kit
from mvpkit.patterns.research import findings as found
from mvpkit.patterns.research import participants
from mvpkit.patterns.research.access import researcher_required, signed_in_holder
from mvpkit.patterns.research.finding_models import ERROR, SOURCES  # its table joins Base
from mvpkit.patterns.research.models import ResearchParticipant
from mvpkit.questions.answers import PageResult

findings = Blueprint("research_findings", __name__, url_prefix="/research")
TITLE_MAX, NEED_MAX = 200, 1000
FINDING = FixedForm(
    {
        "id": "finding",
        "title": "Make a finding",
        "fields": [
            {
                "id": "title",
                "label": "Finding",
                "type": "text",
                "max_length": TITLE_MAX,
                "hint": "What you saw, in a few words. It names the finding's scenario.",
                "errors": {"required": "Enter the finding"},
            },
            {
                "id": "need",
                "label": "User need",
                "type": "textarea",
                "max_length": NEED_MAX,
                "hint": "As a resident reporting from the street, I need ... so that ...",
                "errors": {"required": "Enter the user need"},
            },
        ],
    }
)


def _round() -> int:
    """The round this app serves."""
    return int(getattr(current_kit().settings, "research_round", 1))


def _participant(code: str) -> ResearchParticipant:
    kit = current_kit()
    return participants.by_code(kit.db, kit.slug, code, _round()) or abort(404)


def _source(participant: ResearchParticipant, source: str, source_id: int) -> found.Source:
    if source not in SOURCES:
        abort(404)
    return found.source_of(current_kit().db, participant.id, source, source_id) or abort(404)


def _form_page(
    participant: ResearchParticipant, source: found.Source, result: PageResult | None = None
) -> Rendered:
    if source.kind == ERROR:
        said = f"From the error {participant.code} was shown on {source.page}: {source.text}"
    else:
        said = f"From the note on {participant.code} at {source.page or 'the start'}: {source.text}"
    return FINDING.render(
        result,
        title=f"Make a finding from {participant.code}",
        intro=[said, "The finding keeps the route the participant took to this moment."],
        button="Make the finding",
        action=url_for(
            "research_findings.make",
            code=participant.code,
            source=source.kind,
            source_id=source.id,
        ),
        back_href=url_for("research.participant", code=participant.code),
    )


@findings.get("/participants/<code>/findings/<source>/<int:source_id>")
@researcher_required
def new(code: str, source: str, source_id: int) -> Rendered:
    """The form for a finding made from one of the participant's notes or errors."""
    participant = _participant(code)
    return _form_page(participant, _source(participant, source, source_id))


@findings.post("/participants/<code>/findings/<source>/<int:source_id>")
@researcher_required
def make(code: str, source: str, source_id: int) -> Rendered | Response:
    """Keep the finding, with the participant's route up to its note or error."""
    kit = current_kit()
    participant = _participant(code)
    moment = _source(participant, source, source_id)
    result = FINDING.read(request.form)
    if not result.valid:
        return _form_page(participant, moment, result)
    holder = signed_in_holder(kit.db)
    found.create(
        kit.db,
        participant,
        moment,
        title=result.values["title"],
        need=result.values["need"],
        by=holder.name if holder else "",
    )
    flash(f"Finding made from {participant.code}'s {moment.kind}: {result.values['title']}")
    return redirect(url_for("research_findings.round_findings"))


@findings.get("/findings")
@researcher_required
def round_findings() -> str:
    """The round's findings, each with its participant, source and user need."""
    kit = current_kit()
    return render_template(
        "mvpkit/research/findings.html",
        title=f"Findings of round {_round()}",
        round_number=_round(),
        findings=found.of_round(kit.db, kit.slug, _round()),
        back_href=url_for("research.home_or_start"),
    )


@findings.post("/findings/<int:finding_id>/delete")
@researcher_required
def delete(finding_id: int) -> Response:
    """Delete one finding of the round; its note or error stays on the timeline."""
    kit = current_kit()
    if not found.remove(kit.db, kit.slug, _round(), finding_id):
        abort(404)
    flash("The finding is deleted.")
    return redirect(url_for("research_findings.round_findings"))
