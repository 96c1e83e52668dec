"""Residents tell the council something on a published listing is wrong.

The form is on the listing's page. Reports are limited per network or device
(`REPORT_PER_CLIENT`), so nobody can fill the staff's queue; over the limit, a 429 page.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, redirect, request, session, url_for
from werkzeug.wrappers import Response

from mvpkit.auth import limits
from mvpkit.auth.clients import client_address
from mvpkit.frontend.errors import error_page
from mvpkit.kit import current_kit
from mvpkit.patterns.directory import listings, moderation, schedule
from mvpkit.patterns.directory.views import REPORT, REPORT_NOTICE, render_listing

directory_reports = Blueprint("directory_reports", __name__)
REPORT_PER_CLIENT = limits.Limit("directory-report", 10, timedelta(hours=1), by_client=True)
FIELD = "what-is-wrong"
TOO_MANY = (
    "Sorry, there have been too many reports",
    "There have been too many reports from this network or device. "
    f"Wait {REPORT_PER_CLIENT.minutes} minutes, then try again.",
)


@directory_reports.post("/listings/<int:listing_id>/report")
def report(listing_id: int) -> str | Response | tuple[str, int]:
    """Check the report and keep it for staff; the listing's page again, saying thanks."""
    kit = current_kit()
    try:
        found = listings.published(kit.db, kit.slug, listing_id)
    except listings.ListingNotFoundError:
        abort(404)
    if schedule.finished(schedule.Schedule.of(found)):
        abort(404)
    result = REPORT.read(request.form)
    if not result.valid:
        return render_listing(found, result)
    if not limits.claim(kit.db, (REPORT_PER_CLIENT, client_address())).allowed:
        return error_page(429, *TOO_MANY)
    try:
        moderation.report(kit.db, kit.slug, listing_id, result.values[FIELD])
    except listings.ListingNotFoundError:
        abort(404)
    session[REPORT_NOTICE] = "Thank you. We will check the listing."
    return redirect(url_for("directory.listing", listing_id=listing_id))
