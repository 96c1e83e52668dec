"""Track a submission by its reference: its status history, with no personal data.

References that are not found count against the client (`TRACK_PER_CLIENT`), so nobody
can try references one after another: over the limit, every look-up gets a 429 page.
"""

from __future__ import annotations

from functools import cache

from flask import Blueprint, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from mvpkit.auth import limits
from mvpkit.auth.clients import client_address
from mvpkit.frontend.errors import error_page
from mvpkit.frontend.forms import FixedForm, Rendered
from mvpkit.kit import current_kit
from mvpkit.patterns.tracking.settings import tracking_of
from mvpkit.store.counts import count
from mvpkit.store.references import is_reference, normalise_reference
from mvpkit.store.submissions import find_by_reference

tracking = Blueprint("tracking", __name__, url_prefix="/track")


@cache
def _lookup_form(title: str, prefix: str) -> FixedForm:
    """The reference form, in the words of this service's tracking section."""
    return FixedForm(
        {
            "id": "track",
            "title": title,
            "fields": [
                {
                    "id": "reference",
                    "label": "Reference number",
                    "hint": "You were given this when you sent your report, for example "
                    f"{prefix}-7K4M-9QFA",
                    "autocomplete": "off",
                    "max_length": 100,
                    "errors": {"required": "Enter your reference number"},
                }
            ],
        }
    )


def _form() -> FixedForm:
    kit = current_kit()
    section = tracking_of(kit.service)
    assert section is not None, "the tracking pages are registered only with `tracking:`"
    return _lookup_form(section.title, kit.service.reference_prefix)


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
def lookup() -> Rendered:
    """Ask for the reference."""
    return _form().render()


@tracking.post("")
def find() -> Rendered | Response:
    """Check the reference and show its status, or say what is wrong."""
    kit = current_kit()
    form = _form()
    result = form.read(request.form)
    if not result.valid:
        return form.render(result)
    reference = normalise_reference(result.values["reference"])
    if not is_reference(reference):
        prefix = kit.service.reference_prefix
        message = f"Enter your reference number as it was shown, like {prefix}-7K4M-9QFA"
        return form.render(form.refuse(result, "reference", message))
    if _refused():
        return error_page(429, *TOO_MANY)
    if find_by_reference(kit.db, kit.slug, reference) is None:
        if not _count_miss():
            return error_page(429, *TOO_MANY)
        message = "We cannot find that reference number. Check it and try again"
        return form.render(form.refuse(result, "reference", message))
    count(kit.db, kit.slug, "tracked")
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
