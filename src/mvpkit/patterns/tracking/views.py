"""Track a submission by its reference: its status history, with no personal data.

References that are not found count against the client (`TRACK_PER_CLIENT`), so nobody
can try references one after another: over the limit, every look-up gets a 429 page.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from mvpkit.auth import limits
from mvpkit.auth.clients import client_address
from mvpkit.frontend.errors import error_page
from mvpkit.kit import current_kit
from mvpkit.patterns.tracking.settings import tracking_of
from mvpkit.questions.answers import FieldError, clean_text
from mvpkit.store.references import is_reference, normalise_reference
from mvpkit.store.submissions import find_by_reference

tracking = Blueprint("tracking", __name__, url_prefix="/track")


def _form(reference: str, errors: list[FieldError]) -> str:
    section = tracking_of(current_kit().service)
    assert section is not None, "the tracking pages are registered only with `tracking:`"
    title = section.title
    return render_template("mvpkit/track.html", title=title, reference=reference, errors=errors)


TOO_MANY = (
    "Sorry, there have been too many attempts to find a reference",
    "There have been too many attempts from this network or device. "
    f"Wait {limits.TRACK_PER_CLIENT.minutes} minutes, then try again.",
)


def _refused() -> bool:
    """True while this client has used up its look-ups of references that do not exist."""
    with current_kit().db.reads() as session:
        return limits.reached(session, limits.TRACK_PER_CLIENT, client_address())


def _count_miss() -> bool:
    """Count a reference not found; False when the client had no look-ups left."""
    return limits.claim(current_kit().db, (limits.TRACK_PER_CLIENT, client_address())).allowed


@tracking.get("")
def lookup() -> str:
    """Ask for the reference."""
    return _form("", [])


@tracking.post("")
def find() -> str | Response | tuple[str, int]:
    """Check the reference and show its status, or say what is wrong."""
    kit = current_kit()
    typed = clean_text(request.form.get("reference"))[:100]
    reference = normalise_reference(typed)
    if not typed:
        return _form(typed, [FieldError("reference", "reference", "Enter your reference number")])
    if not is_reference(reference):
        return _form(
            typed,
            [
                FieldError(
                    "reference",
                    "reference",
                    f"Enter your reference number as it was shown, like "
                    f"{kit.service.reference_prefix}-7K4M-9QFA",
                )
            ],
        )
    if _refused():
        return error_page(429, *TOO_MANY)
    if find_by_reference(kit.db, kit.slug, reference) is None:
        if not _count_miss():
            return error_page(429, *TOO_MANY)
        return _form(
            typed,
            [
                FieldError(
                    "reference",
                    "reference",
                    "We cannot find that reference number. Check it and try again",
                )
            ],
        )
    return redirect(url_for("tracking.status", reference=reference))


@tracking.get("/<reference>")
def status(reference: str) -> str | tuple[str, int]:
    """The status history of one submission."""
    kit = current_kit()
    reference = normalise_reference(reference)
    if not is_reference(reference):  # nothing else can be stored, such as a NUL byte
        abort(404)
    if _refused():
        return error_page(429, *TOO_MANY)
    submission = find_by_reference(kit.db, kit.slug, reference)
    if submission is None:
        if not _count_miss():
            return error_page(429, *TOO_MANY)
        abort(404)
    return render_template(
        "mvpkit/track_status.html",
        title=f"Progress of {submission.reference}",
        submission=submission,
        back_href=url_for("tracking.lookup"),
    )
