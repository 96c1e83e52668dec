"""Emails to a listing's organisers: sent in for checking, changed, sent back, rejected.

Each is queued in the caller's transaction, so there is never an email about something
that was not stored. They go to the listing's contact email; a listing without one gets
none. Links are built from the configured public address, never the request's host.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from mvpkit.email.links import EmailLinks
from mvpkit.email.outbox import queue_email
from mvpkit.kit import Kit
from mvpkit.patterns.directory.links import edit_key
from mvpkit.patterns.directory.models import DirectoryListing

KEEP_SAFE = "Do not share this link: anyone with it can change or withdraw your listing."


@dataclass(frozen=True)
class ListingMail:
    """The organisers' emails of one service, with its links: made in the request, then used
    inside the transaction of the change each email is about."""

    kit: Kit
    links: EmailLinks

    @classmethod
    def for_request(cls, kit: Kit) -> ListingMail:
        """The emails of the service handling this request."""
        return cls(kit, EmailLinks.for_request())

    def edit_link(self, listing: DirectoryListing) -> str:
        """The signed link to change or withdraw this version of the listing."""
        key = edit_key(self.kit.settings.secret_key, listing.id, listing.edit_version)
        return self.links.url("directory_manage.manage", listing_id=listing.id, key=key)

    def received(self, session: Session, listing: DirectoryListing) -> None:
        """We have your listing; we check it before it is published; the edit link."""
        self._queue(
            session,
            listing,
            f"Listing received: {listing.title}",
            "Thank you for sending your listing. We will check it before it is published, "
            "and email you when we have.",
        )

    def changed(self, session: Session, listing: DirectoryListing) -> None:
        """A published listing was changed: it is checked again; a new edit link."""
        self._queue(
            session,
            listing,
            f"Listing changed: {listing.title}",
            "We have your changes. We will check the listing again before it is published.\n\n"
            "The link in earlier emails no longer works: use the one below.",
        )

    def changes_requested(self, session: Session, listing: DirectoryListing, reason: str) -> None:
        """Staff ask the organisers to change the listing, saying what."""
        self._queue(
            session,
            listing,
            f"Change your listing: {listing.title}",
            "We have checked your listing and need you to change it before we publish it.\n\n"
            f"What to change: {reason}",
        )

    def rejected(self, session: Session, listing: DirectoryListing, reason: str) -> None:
        """Staff will not publish the listing, and say why."""
        self._queue(
            session,
            listing,
            f"Listing not published: {listing.title}",
            f"We have checked your listing and cannot publish it.\n\nWhy: {reason}",
            link=False,
        )

    def approved(self, session: Session, listing: DirectoryListing) -> None:
        """The listing is published."""
        self._queue(
            session,
            listing,
            f"Listing published: {listing.title}",
            "We have checked your listing and published it.",
        )

    def _queue(
        self,
        session: Session,
        listing: DirectoryListing,
        subject: str,
        opening: str,
        *,
        link: bool = True,
    ) -> None:
        if not listing.contact_email:
            return
        council = self.kit.service.council
        manage = (
            "\n\nTo change or withdraw your listing, use this link:\n"
            f"{self.edit_link(listing)}\n\n"
            f"{KEEP_SAFE}"
            if link
            else ""
        )
        contact = " or ".join(part for part in (council.phone, council.email) if part)
        ask = f"\n\nIf you have a question, contact us on {contact}." if contact else ""
        body = f"{opening}{manage}{ask}\n\n{council.name}"
        queue_email(session, self.kit.slug, listing.contact_email, subject, body)
