"""A listing's organisers: opened from the emailed link, then changed or withdrawn.

The link's key is signed for the listing and its edit version (see `links`). A valid key
lets this browser manage that version of the listing, and leaves the address at once. A
change that sends a published listing back for checking, or a withdrawal, makes every
emailed link stale; this browser keeps the new version, and a new link is emailed.

An organiser signed in to My Account needs no link for a listing of their account: the
server checks that the listing's account is the one signed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from mvpkit.definition.model import Page
from mvpkit.frontend.errors import error_page
from mvpkit.journeys.hooks import sender_account
from mvpkit.journeys.presentation import render_page_questions
from mvpkit.kit import Kit, current_kit
from mvpkit.patterns.directory import answers as listing_answers
from mvpkit.patterns.directory import journey, listings, moderation
from mvpkit.patterns.directory.emails import ListingMail
from mvpkit.patterns.directory.links import version_from_key
from mvpkit.patterns.directory.models import CHANGES_REQUESTED, DirectoryListing
from mvpkit.questions.answers import FieldError
from mvpkit.questions.registry import kind_of
from mvpkit.questions.validation import answer_text, validate_page

directory_manage = Blueprint("directory_manage", __name__)
GRANTS = "directory_listings"  # listing id -> the edit version this browser may manage
MAX_GRANTS = 20
NOTICE = "directory_notice"
STATUS_WORDS = {
    "pending": "Waiting to be checked",
    "published": "Published",
    "changes_requested": "Changes asked for",
    "rejected": "Not published",
    "withdrawn": "Withdrawn",
}
EXPIRED = (
    "This link has expired or is not valid",
    "Use the link in the most recent email about your listing, or contact us.",
)
CONFIRM_WITHDRAW = Page.model_validate(
    {
        "id": "withdraw",
        "title": "Are you sure you want to withdraw your listing?",
        "type": "yesno",
        "hint": "It will be taken off the directory. You cannot undo this.",
        "errors": {"required": "Select yes if you want to withdraw your listing"},
    }
)


def grant(listing_id: int, version: int) -> None:
    """Let this browser manage this version of the listing."""
    held = session.get(GRANTS, {})
    kept = {k: v for k, v in held.items() if k != str(listing_id)} if isinstance(held, dict) else {}
    session[GRANTS] = {**dict(list(kept.items())[-(MAX_GRANTS - 1) :]), str(listing_id): version}


def _granted(listing_id: int) -> int | None:
    held = session.get(GRANTS, {})
    version = held.get(str(listing_id)) if isinstance(held, dict) else None
    return version if isinstance(version, int) else None


class ExpiredLinkError(Exception):
    """This browser holds no grant to the listing's current version."""


@directory_manage.errorhandler(ExpiredLinkError)
def _expired(_error: ExpiredLinkError) -> tuple[str, int]:
    return error_page(403, *EXPIRED)


@dataclass(frozen=True)
class Managing:
    """A listing this browser may manage, the version it was shown, and why it may."""

    listing: DirectoryListing
    version: int
    by_link: bool
    """From an emailed link this browser holds; False: the signed-in owner, with no link."""


def _own_listing(listing_id: int) -> Managing:
    """The listing, when this browser holds a link to it or its owner is signed in (else
    ExpiredLinkError)."""
    kit = current_kit()
    try:
        listing = listings.get(kit.db, kit.slug, listing_id)
    except listings.ListingNotFoundError:
        abort(404)
    if _granted(listing_id) == listing.edit_version:
        return Managing(listing, listing.edit_version, by_link=True)
    if _owned(kit, listing):
        return Managing(listing, listing.edit_version, by_link=False)
    raise ExpiredLinkError(listing_id)


def _owned(kit: Kit, listing: DirectoryListing) -> bool:
    """True when the resident signed in to My Account sent the listing, or claimed it."""
    return listing.account_id is not None and sender_account(kit) == listing.account_id


@directory_manage.get("/listings/<int:listing_id>/manage")
def manage(listing_id: int) -> str | Response | tuple[str, int]:
    """The listing as its organisers sent it, with ways to change or withdraw it."""
    key = request.args.get("key")
    if key is not None:
        kit = current_kit()
        version = version_from_key(kit.settings.secret_key, listing_id, key)
        try:
            listing = listings.get(kit.db, kit.slug, listing_id)
        except listings.ListingNotFoundError as missing:
            raise ExpiredLinkError(listing_id) from missing
        if version is None or version != listing.edit_version:
            raise ExpiredLinkError(listing_id)
        grant(listing_id, version)
        return redirect(url_for(".manage", listing_id=listing_id))  # the key leaves the URL
    listing = _own_listing(listing_id).listing
    return render_template(
        "mvpkit/directory/manage.html",
        title="Your listing",
        listing=listing,
        status=STATUS_WORDS.get(listing.status, listing.status),
        editable=listing.status in listings.EDITABLE,
        rows=_rows(listing),
        reason=_latest_reason(listing),
        notice=session.pop(NOTICE, None),
    )


def _latest_reason(listing: DirectoryListing) -> str:
    if listing.status != CHANGES_REQUESTED:
        return ""
    kit = current_kit()
    decided = moderation.decisions(kit.db, kit.slug, listing.id)
    return decided[-1].reason if decided else ""


def _journey_answers(listing: DirectoryListing) -> dict[str, Any]:
    return journey.from_listing(current_kit().service, listing_answers.answers_of(listing))


def _rows(listing: DirectoryListing) -> list[dict[str, Any]]:
    """Each question the journey asks, its answer and a link to change it."""
    answers = _journey_answers(listing)
    rows: list[dict[str, Any]] = []
    for page in _listing_pages():
        for question in page.questions:
            rows.append(
                {
                    "key": question.short_label,
                    "value": answer_text(question, answers.get(question.id)),
                    "href": url_for(".change", listing_id=listing.id, page_id=page.id),
                }
            )
    return rows


def _listing_pages() -> list[Page]:
    """The journey's pages that ask a listing's answers."""
    names = {journey.question_id(name) for name in journey.NAMES} | {"address"}
    return [
        page
        for page in current_kit().service.pages
        if not page.is_exit and any(q.id in names for q in page.questions)
    ]


def _question_page(page: Page, listing_id: int, **context: Any) -> str:
    return render_template(
        "mvpkit/question.html",
        title=page.title,
        questions=render_page_questions(
            page, context.get("values", {}), context.get("errors", []), "Your listing"
        ),
        errors=context.get("errors", []),
        back_href=url_for(".manage", listing_id=listing_id),
        action=context["action"],
        caption="Your listing",
        change_day_href=None,
    )


@directory_manage.route("/listings/<int:listing_id>/change/<page_id>", methods=["GET", "POST"])
def change(listing_id: int, page_id: str) -> str | Response | tuple[str, int]:
    """One of the journey's pages, filled in; a changed published listing is checked again."""
    kit = current_kit()
    managing = _own_listing(listing_id)
    listing, version = managing.listing, managing.version
    page = next((p for p in _listing_pages() if p.id == page_id), None) or abort(404)
    if listing.status not in listings.EDITABLE:
        return redirect(url_for(".manage", listing_id=listing_id))
    action = url_for(".change", listing_id=listing_id, page_id=page_id)
    answers = _journey_answers(listing)
    if request.method == "GET":
        values = {q.id: answers.get(q.id) for q in page.questions}
        return _question_page(page, listing_id, values=values, action=action)
    result = validate_page(page, request.form)
    if not result.valid:
        return _question_page(
            page, listing_id, values=result.entered, errors=result.errors, action=action
        )
    merged = journey.to_listing(kit.service, {**answers, **result.values})

    mail = ListingMail.for_request(kit)

    def email_new_link(db_session: Session, changed: DirectoryListing) -> None:
        if changed.edit_version != version:
            mail.changed(db_session, changed)

    try:
        updated = listings.update(
            kit.db, kit.slug, listing_id, merged, edit_version=version, within=email_new_link
        )
    except listing_answers.InvalidListingError as invalid:
        errors = _errors_on(page, invalid.errors)
        return _question_page(page, listing_id, values=result.entered, errors=errors, action=action)
    except listings.StaleLinkError as stale:
        raise ExpiredLinkError(listing_id) from stale
    except listings.NotEditableError:
        return redirect(url_for(".manage", listing_id=listing_id))
    if managing.by_link:  # the owner signed in gets no grant that outlives signing out
        grant(listing_id, updated.listing.edit_version)
    if updated.back_to_pending:
        session[NOTICE] = "Your changes are saved. We will check your listing again."
    elif updated.changed:
        session[NOTICE] = "Your changes are saved."
    return redirect(url_for(".manage", listing_id=listing_id))


def _errors_on(page: Page, problems: dict[str, str]) -> list[FieldError]:
    """The problems shown on this page: at its questions, else at its first."""
    found = journey.by_question(current_kit().service, problems)
    errors = [
        FieldError(q.id, kind_of(q).field_names(q)[0], found[q.id])
        for q in page.questions
        if q.id in found
    ]
    if not errors:
        first = page.questions[0]
        message = next(iter(found.values()))
        errors = [FieldError(first.id, kind_of(first).field_names(first)[0], message)]
    return errors


@directory_manage.route("/listings/<int:listing_id>/withdraw", methods=["GET", "POST"])
def withdraw(listing_id: int) -> str | Response | tuple[str, int]:
    """Ask if they are sure; withdrawing takes the listing down and every emailed link dies."""
    kit = current_kit()
    managing = _own_listing(listing_id)
    listing, version = managing.listing, managing.version
    back = url_for(".manage", listing_id=listing_id)
    if listing.status not in listings.EDITABLE:
        return redirect(back)
    action = url_for(".withdraw", listing_id=listing_id)
    if request.method == "GET":
        return _question_page(CONFIRM_WITHDRAW, listing_id, action=action)
    result = validate_page(CONFIRM_WITHDRAW, request.form)
    if not result.valid:
        return _question_page(
            CONFIRM_WITHDRAW, listing_id, values=result.entered, errors=result.errors, action=action
        )
    if result.values["withdraw"] != "yes":
        return redirect(back)
    try:
        withdrawn = listings.withdraw(kit.db, kit.slug, listing_id, edit_version=version)
    except listings.StaleLinkError as stale:
        raise ExpiredLinkError(listing_id) from stale
    if managing.by_link:
        grant(listing_id, withdrawn.edit_version)
    session[NOTICE] = "Your listing has been withdrawn."
    return redirect(back)
