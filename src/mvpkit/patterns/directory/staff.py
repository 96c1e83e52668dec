"""Staff moderation in the back office: the queue, a listing's page, decisions and reports.

Only staff signed in to this service's back office reach these pages; every form carries
the back office's CSRF token. Asking for changes and rejecting need a reason, which the
organisers get by email in the same transaction as the decision.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from mvpkit import clock
from mvpkit.backoffice.access import signed_in_email, staff_required
from mvpkit.backoffice.navigation import StaffLink
from mvpkit.frontend.forms import FixedForm
from mvpkit.kit import current_kit
from mvpkit.patterns.directory import listings, moderation, schedule, taxonomy
from mvpkit.patterns.directory.emails import ListingMail
from mvpkit.patterns.directory.manage import STATUS_WORDS
from mvpkit.patterns.directory.models import PENDING, DirectoryListing
from mvpkit.patterns.directory.views import age_words, cost_words
from mvpkit.questions.answers import PageResult

directory_staff = Blueprint("directory_staff", __name__, url_prefix="/staff/listings")
STAFF_LINKS = (
    StaffLink("Listings", "directory_staff.queue", ("directory_staff.listing",)),
    StaffLink("Reports", "directory_staff.reports"),
)
REASON_MAX = 1000
DECISION_WORDS = {
    "approved": "Approved",
    "changes_requested": "Asked for changes",
    "rejected": "Rejected",
}


def _reason_form(action: str, label: str, hint: str, missing: str) -> FixedForm:
    """The form a decision's reason is typed in (its field is `<action>-reason`)."""
    return FixedForm(
        {
            "id": action,
            "title": label,
            "fields": [
                {
                    "id": f"{action}-reason",
                    "label": label,
                    "type": "textarea",
                    "max_length": REASON_MAX,
                    "hint": hint,
                    "errors": {
                        "required": f"Enter {missing}",
                        "max_length": f"The reason must be {REASON_MAX:,} characters or fewer",
                    },
                }
            ],
        }
    )


ASKS = {  # for each decision with a reason: its form, the decision and the email
    "changes": (
        _reason_form(
            "changes",
            "What should the group change?",
            "The group gets this in an email, with a link to change the listing.",
            "what to change",
        ),
        moderation.request_changes,
        ListingMail.changes_requested,
    ),
    "reject": (
        _reason_form(
            "reject",
            "Why is the listing rejected?",
            "The group gets this in an email.",
            "why it is rejected",
        ),
        moderation.reject,
        ListingMail.rejected,
    ),
}


def when(moment: datetime) -> str:
    """ "Monday 11 May 2026, 9am" in London time."""
    local = clock.as_utc(moment).astimezone(clock.LONDON)
    return f"{schedule.long_date(local.date())}, {schedule.clock_time(local.time())}"


@directory_staff.get("")
@staff_required
def queue() -> str:
    """Listings waiting for a decision, the longest waiting first."""
    kit = current_kit()
    waiting = listings.awaiting_moderation(kit.db, kit.slug)
    return render_template(
        "mvpkit/directory/staff_queue.html",
        title="Listings to check",
        waiting=[(listing, when(listing.updated_at)) for listing in waiting],
    )


def _listing(listing_id: int) -> DirectoryListing:
    kit = current_kit()
    try:
        return listings.get(kit.db, kit.slug, listing_id)
    except listings.ListingNotFoundError:
        abort(404)


def _render(listing: DirectoryListing, result: PageResult | None = None) -> str:
    kit = current_kit()
    history = [
        {
            "when": when(decision.decided_at),
            "who": decision.staff_email,
            "what": DECISION_WORDS.get(decision.decision, decision.decision),
            "why": decision.reason,
        }
        for decision in moderation.decisions(kit.db, kit.slug, listing.id)
    ]
    return render_template(
        "mvpkit/directory/staff_listing.html",
        title=listing.title,
        listing=listing,
        status=STATUS_WORDS.get(listing.status, listing.status),
        pending=listing.status == PENDING,
        details=_details(listing),
        history=history,
        forms={action: form for action, (form, *_) in ASKS.items()},
        errors=result.errors if result else [],
        values=result.entered if result else {},
        back_href=url_for(".queue"),
    )


def _details(listing: DirectoryListing) -> list[tuple[str, str]]:
    return [
        ("Group or event", listing.kind.capitalize()),
        ("Organisation", listing.organisation),
        ("Description", listing.description),
        ("Who it is for", listing.who_for or "Not provided"),
        ("Age", age_words(listing)),
        ("Category", taxonomy.name_of(listing.category)),
        ("Cost", cost_words(listing)),
        ("Where", "\n".join([listing.venue, listing.address, listing.postcode])),
        ("When", schedule.wording(schedule.Schedule.of(listing))),
        (
            "Contact",
            "\n".join(
                part
                for part in (listing.contact_name, listing.contact_email, listing.contact_phone)
                if part
            ),
        ),
        ("Website", listing.website or "Not provided"),
        ("Sent", when(listing.created_at)),
    ]


@directory_staff.get("/<int:listing_id>")
@staff_required
def listing(listing_id: int) -> str:
    """A listing's details, its decisions, and what may be decided now."""
    return _render(_listing(listing_id))


def _already_decided(found: DirectoryListing) -> Response:
    flash(f"“{found.title}” has already been decided on: it is {STATUS_WORDS[found.status]}.")
    return redirect(url_for(".listing", listing_id=found.id))


@directory_staff.post("/<int:listing_id>/approve")
@staff_required
def approve(listing_id: int) -> Response:
    """Publish the listing; its organisers are emailed."""
    kit = current_kit()
    found = _listing(listing_id)
    staff = signed_in_email() or ""
    mail = ListingMail.for_request(kit)

    def email(session: Session, decided: DirectoryListing) -> None:
        mail.approved(session, decided)

    try:
        moderation.approve(kit.db, kit.slug, found.id, staff, within=email)
    except moderation.NotPendingError:
        return _already_decided(_listing(listing_id))
    flash(f"“{found.title}” is published.")
    return redirect(url_for(".queue"))


@directory_staff.post("/<int:listing_id>/<any(changes, reject):action>")
@staff_required
def decide(listing_id: int, action: str) -> str | Response:
    """Ask for changes or reject, with the reason the organisers are emailed."""
    kit = current_kit()
    found = _listing(listing_id)
    form, decide_with, email_with = ASKS[action]
    result = form.read(request.form)
    if not result.valid:
        return _render(found, result)
    reason = result.values[f"{action}-reason"]

    mail = ListingMail.for_request(kit)

    def email(session: Session, decided: DirectoryListing) -> None:
        email_with(mail, session, decided, reason)

    try:
        decide_with(kit.db, kit.slug, found.id, signed_in_email() or "", reason, email)
    except moderation.NotPendingError:
        return _already_decided(_listing(listing_id))
    done = "sent back for changes" if action == "changes" else "rejected"
    told = f" We have emailed {found.contact_email}." if found.contact_email else ""
    flash(f"“{found.title}” is {done}.{told}")
    return redirect(url_for(".queue"))


@directory_staff.get("/reports")
@staff_required
def reports() -> str:
    """Residents' reports that something is wrong, oldest first."""
    kit = current_kit()
    rows: list[dict[str, Any]] = [
        {"report": report, "listing": found, "when": when(report.reported_at)}
        for report, found in moderation.open_reports(kit.db, kit.slug)
    ]
    return render_template("mvpkit/directory/staff_reports.html", title="Reports", rows=rows)


@directory_staff.post("/reports/<int:report_id>/resolve")
@staff_required
def resolve(report_id: int) -> Response:
    """Mark a report dealt with."""
    kit = current_kit()
    try:
        moderation.resolve(kit.db, kit.slug, report_id)
    except moderation.ReportNotFoundError:
        abort(404)
    flash("Report marked as dealt with.")
    return redirect(url_for(".reports"))
