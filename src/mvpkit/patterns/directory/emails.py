"""Emails to a listing's organisers: sent in for checking, changed, sent back, rejected.

Each is queued in the caller's transaction, so there is never an email about something
that was not stored. They go to the listing's contact email; a listing without one gets
none. Links are built from the configured public address, never the request's host.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from mvpkit.email.links import EmailLinks
from mvpkit.email.outbox import queue_email
from mvpkit.kit import Kit
from mvpkit.patterns.directory.links import edit_key
from mvpkit.patterns.directory.models import DirectoryListing

KEEP_SAFE = "Do not share this link: anyone with it can change or withdraw your listing."


def edit_link(kit: Kit, links: EmailLinks, listing: DirectoryListing) -> str:
    """The signed link to change or withdraw this version of the listing."""
    key = edit_key(kit.settings.secret_key, listing.id, listing.edit_version)
    return links.url("directory_manage.manage", listing_id=listing.id, key=key)


def queue_received(
    session: Session, kit: Kit, links: EmailLinks, listing: DirectoryListing
) -> None:
    """We have your listing; we check it before it is published; the edit link."""
    _queue(
        session,
        kit,
        links,
        listing,
        f"Listing received: {listing.title}",
        "Thank you for sending your listing. We will check it before it is published, and "
        "email you when we have.",
    )


def queue_changed(session: Session, kit: Kit, links: EmailLinks, listing: DirectoryListing) -> None:
    """A published listing was changed: it is checked again; a new edit link."""
    _queue(
        session,
        kit,
        links,
        listing,
        f"Listing changed: {listing.title}",
        "We have your changes. We will check the listing again before it is published.\n\n"
        "The link in earlier emails no longer works: use the one below.",
    )


def queue_changes_requested(
    session: Session, kit: Kit, links: EmailLinks, listing: DirectoryListing, reason: str
) -> None:
    """Staff ask the organisers to change the listing, saying what."""
    _queue(
        session,
        kit,
        links,
        listing,
        f"Change your listing: {listing.title}",
        "We have checked your listing and need you to change it before we publish it.\n\n"
        f"What to change: {reason}",
    )


def queue_rejected(
    session: Session, kit: Kit, links: EmailLinks, listing: DirectoryListing, reason: str
) -> None:
    """Staff will not publish the listing, and say why."""
    _queue(
        session,
        kit,
        links,
        listing,
        f"Listing not published: {listing.title}",
        f"We have checked your listing and cannot publish it.\n\nWhy: {reason}",
        link=False,
    )


def queue_approved(
    session: Session, kit: Kit, links: EmailLinks, listing: DirectoryListing
) -> None:
    """The listing is published."""
    _queue(
        session,
        kit,
        links,
        listing,
        f"Listing published: {listing.title}",
        "We have checked your listing and published it.",
    )


def _queue(
    session: Session,
    kit: Kit,
    links: EmailLinks,
    listing: DirectoryListing,
    subject: str,
    opening: str,
    *,
    link: bool = True,
) -> None:
    if not listing.contact_email:
        return
    council = kit.service.council
    manage = (
        "\n\nTo change or withdraw your listing, use this link:\n"
        f"{edit_link(kit, links, listing)}\n\n"
        f"{KEEP_SAFE}"
        if link
        else ""
    )
    contact = " or ".join(part for part in (council.phone, council.email) if part)
    ask = f"\n\nIf you have a question, contact us on {contact}." if contact else ""
    body = f"{opening}{manage}{ask}\n\n{council.name}"
    queue_email(session, kit.slug, listing.contact_email, subject, body)
