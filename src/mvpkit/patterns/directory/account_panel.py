"""The directory's part of My Account: an organiser's listings, with a link to manage each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask import render_template
from markupsafe import Markup
from sqlalchemy import ColumnElement, exists, select, update
from sqlalchemy.orm import Session

from mvpkit.frontend.mounts import service_href
from mvpkit.patterns.directory.manage import STATUS_WORDS
from mvpkit.patterns.directory.models import DirectoryListing
from mvpkit.store.database import Database
from mvpkit.store.models import Submission

SHOWN = 50


def of_account(db: Database, account_id: int, services: Sequence[str]) -> list[DirectoryListing]:
    """The account's listings in these services, newest first."""
    with db.reads() as session:
        return list(
            session.scalars(
                select(DirectoryListing)
                .where(
                    DirectoryListing.account_id == account_id,
                    DirectoryListing.service.in_(services),
                )
                .order_by(DirectoryListing.created_at.desc(), DirectoryListing.id.desc())
                .limit(SHOWN)
            )
        )


def panel(db: Database, account_id: int, services: Mapping[str, str]) -> Markup | None:
    """ "Your listings": each with its service, its status and a link to manage it.

    None when the account has listed nothing, so residents who never list see no section.
    """
    found = of_account(db, account_id, list(services))
    if not found:
        return None
    return Markup(  # noqa: S704 - rendered by Jinja, which escapes what it is given
        render_template(
            "mvpkit/directory/account_panel.html",
            listings=found,
            service_name=lambda slug: services.get(slug, slug),
            status_words=lambda status: STATUS_WORDS.get(status, status),
            manage_href=manage_href,
        )
    )


def manage_href(listing: DirectoryListing) -> str:
    """The directory service's page where its organiser changes or withdraws the listing."""
    return service_href(listing.service, f"/listings/{listing.id}/manage")


def listed_submissions() -> ColumnElement[bool]:
    """Submissions that sent a listing: shown as listings, not as reports."""
    return exists().where(
        DirectoryListing.service == Submission.service,
        DirectoryListing.reference == Submission.reference,
    )


def link(session: Session, submission: Submission) -> None:
    """A listing sent with a submission belongs to whoever added the submission."""
    session.execute(
        update(DirectoryListing)
        .where(
            DirectoryListing.service == submission.service,
            DirectoryListing.reference == submission.reference,
        )
        .values(account_id=submission.account_id)
    )


def unlink(session: Session, account_id: int) -> None:
    """The listings stay, published or not, but no longer point at the account."""
    session.execute(
        update(DirectoryListing)
        .where(DirectoryListing.account_id == account_id)
        .values(account_id=None)
    )
