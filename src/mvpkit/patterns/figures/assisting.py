"""Assisted digital: who may help residents online, and what is kept when they send with one.

A member of staff may help in a service when they may sign in to its back office (a staff
grant) and have been let help there too (`mvpkit staff assist`). A submission sent while
helping is recorded with the place and the helper's email, in the send transaction; the
resident is emailed their reference when the journey asked for an email address.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from mvpkit.auth.emails import normalise_email
from mvpkit.backoffice.accounts import AccountError
from mvpkit.email.models import OutboxEmail
from mvpkit.email.outbox import queue_email
from mvpkit.kit import Kit
from mvpkit.patterns.figures.models import AssistedSubmission, AssistingStaff
from mvpkit.store.database import Database
from mvpkit.store.models import StaffGrant, StaffUser, Submission

EMAIL_KIND = "email"


def _staff_id(session: Session, email: str) -> int:
    found = session.scalar(select(StaffUser.id).where(StaffUser.email == normalise_email(email)))
    if found is None:
        raise AccountError(f"There is no staff account for {normalise_email(email)}.")
    return found


def allow_assisting(db: Database, email: str, service: str) -> None:
    """Let a member of staff who may sign in to the service help residents there."""
    with db.writes() as session:
        staff_id = _staff_id(session, email)
        if session.get(StaffGrant, (staff_id, service)) is None:
            raise AccountError(
                f"{normalise_email(email)} may not sign in to {service}: "
                f"run mvpkit staff grant first."
            )
        if session.get(AssistingStaff, (staff_id, service)) is None:
            session.add(AssistingStaff(staff_id=staff_id, service=service))
        session.commit()


def stop_assisting(db: Database, email: str, service: str) -> None:
    """Stop a member of staff helping residents in the service."""
    with db.writes() as session:
        staff_id = _staff_id(session, email)
        session.execute(
            delete(AssistingStaff).where(
                AssistingStaff.staff_id == staff_id, AssistingStaff.service == service
            )
        )
        session.commit()


def helper_email(session: Session, staff_id: int, service: str) -> str | None:
    """The email of the member of staff while they may sign in and help here; else None."""
    return session.scalar(
        select(StaffUser.email)
        .join(StaffGrant, StaffGrant.staff_id == StaffUser.id)
        .join(AssistingStaff, AssistingStaff.staff_id == StaffUser.id)
        .where(
            StaffUser.id == staff_id,
            StaffGrant.service == service,
            AssistingStaff.service == service,
        )
    )


def may_assist(db: Database, staff_id: int, service: str) -> bool:
    """True when the member of staff may help residents in the service."""
    with db.reads() as session:
        return helper_email(session, staff_id, service) is not None


def record_assisted(
    session: Session, kit: Kit, submission: Submission, place: str, staff_id: int
) -> bool:
    """Record the submission as sent with a resident, in the send transaction.

    Nothing is recorded unless the member of staff still may help in the service. The
    resident is emailed their reference when they gave an email address and nothing else
    sent with the submission has emailed them already (a booking's confirmation).
    """
    email = helper_email(session, staff_id, kit.slug)
    if email is None:
        return False
    session.add(
        AssistedSubmission(
            submission_id=submission.id, service=kit.slug, place=place, staff_email=email
        )
    )
    address = resident_address(kit, submission.answers)
    if address and not emailed_since(session, kit.slug, address, submission):
        subject, body = confirmation_email(kit, submission.reference)
        queue_email(session, kit.slug, address, subject, body)
    return True


def resident_address(kit: Kit, answers: Mapping[str, Any]) -> str:
    """The first email address the journey asked for and was given, or ''."""
    for page in kit.service.pages:
        for question in page.questions:
            given = answers.get(question.id)
            if question.type == EMAIL_KIND and isinstance(given, str) and given:
                return given
    return ""


def emailed_since(session: Session, service: str, address: str, submission: Submission) -> bool:
    """True when an email to this address was queued with or after the submission."""
    queued = session.scalar(
        select(func.count())
        .select_from(OutboxEmail)
        .where(
            OutboxEmail.service == service,
            OutboxEmail.to == address,
            OutboxEmail.created_at >= submission.created_at,
        )
    )
    return bool(queued)


def confirmation_email(kit: Kit, reference: str) -> tuple[str, str]:
    """The subject and plain-text body of the resident's copy of the confirmation."""
    service, council = kit.service, kit.service.council
    confirmation = service.confirmation
    parts = [
        f"{confirmation.title}.",
        f"Your reference number is {reference}.",
        confirmation.body.replace("{reference}", reference).strip(),
    ]
    if confirmation.what_happens_next:
        parts.append(f"What happens next\n\n{confirmation.what_happens_next.strip()}")
    contact = " or ".join(part for part in (council.phone, council.email) if part)
    if contact:
        parts.append(f"If you need to contact us: {contact}.")
    parts.append(council.name)
    return f"{service.name}: your reference number is {reference}", "\n\n".join(parts)


def assisted_of(kit: Kit, reference: str) -> tuple[str, str] | None:
    """Where a submission was sent with a resident, and the address it was emailed to ('').

    None when it was sent without staff helping.
    """
    with kit.db.reads() as session:
        found = session.execute(
            select(AssistedSubmission.place, Submission)
            .join(Submission, Submission.id == AssistedSubmission.submission_id)
            .where(Submission.service == kit.slug, Submission.reference == reference)
        ).one_or_none()
        if found is None:
            return None
        place, submission = found[0], found[1]
        address = resident_address(kit, submission.answers)
        if address and not emailed_since(session, kit.slug, address, submission):
            address = ""
        return place, address
