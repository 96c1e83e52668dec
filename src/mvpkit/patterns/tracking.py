"""Track a submission by its reference: its status history, with no personal data."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from mvpkit.app import current_kit
from mvpkit.journeys.validation import FieldError, clean_text
from mvpkit.store.references import is_reference, normalise_reference
from mvpkit.store.submissions import find_by_reference

tracking = Blueprint("tracking", __name__, url_prefix="/track")


def _form(reference: str, errors: list[FieldError]) -> str:
    tracking_settings = current_kit().service.tracking
    assert tracking_settings is not None
    return render_template(
        "mvpkit/track.html", title=tracking_settings.title, reference=reference, errors=errors
    )


@tracking.get("")
def lookup() -> str:
    """Ask for the reference."""
    return _form("", [])


@tracking.post("")
def find() -> str | Response:
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
    if find_by_reference(kit.db, kit.slug, reference) is None:
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
def status(reference: str) -> str:
    """The status history of one submission."""
    kit = current_kit()
    submission = find_by_reference(kit.db, kit.slug, normalise_reference(reference))
    if submission is None:
        abort(404)
    return render_template(
        "mvpkit/track_status.html",
        title=f"Progress of {submission.reference}",
        submission=submission,
        back_href=url_for("tracking.lookup"),
    )
