"""Drafts and submissions: answers kept until the user sends them, then stored in one go."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import Table, Text, bindparam, delete, insert, select, type_coerce, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from mvpkit import clock
from mvpkit.store.database import Database
from mvpkit.store.models import Draft, StatusEvent, Submission
from mvpkit.store.prepared import prepare
from mvpkit.store.references import new_reference

REFERENCE_ATTEMPTS = 10


class AlreadySentError(Exception):
    """The draft was sent already: `submission` is what it became."""

    def __init__(self, submission: Submission) -> None:
        super().__init__(submission.reference)
        self.submission = submission


class NothingToSendError(Exception):
    """There is no draft to send (it expired, or was never started)."""


DRAFTS = cast(Table, Draft.__table__)
# Drafts are read and written on every page, so these use SQLAlchemy Core, not the ORM.
_DRAFT_ANSWERS = select(DRAFTS.c.answers).where(
    DRAFTS.c.service == bindparam("service"), DRAFTS.c.token == bindparam("token")
)


def draft_answers(db: Database, service: str, token: str) -> dict[str, Any]:
    """The answers saved under this draft token (empty when there are none)."""
    key = {"service": service, "token": token}
    if db.on_sqlite:  # read on SQLite's own connection (`prepared`)
        with db.driver_reads() as driver:
            row = prepare(_DRAFT_ANSWERS, db.engine.dialect).first(driver, key)
        found = row[0] if row is not None else None
    else:
        with db.engine.connect() as connection:
            found = connection.execute(_DRAFT_ANSWERS, key).scalar()
    return dict(found) if found else {}


def save_answers(
    db: Database,
    service: str,
    token: str,
    answers: dict[str, Any],
    *,
    keep_for: timedelta = timedelta(days=30),
    forget: Iterable[str] = (),
    seen: dict[str, Any] | None = None,
) -> None:
    """Merge a page's answers into the draft, creating it on the first answer.

    `forget` names answers to drop, such as a time chosen for a day that has changed.
    `seen` is the draft as this request read it: on SQLite the answers are then merged
    before the write, and written by one statement if the draft is still as it was read.

    Creating a draft also deletes drafts nobody has touched for `keep_for`, as the
    privacy notice promises.
    """
    if seen and db.queue is not None and _update_as_seen(db, service, token, seen, answers, forget):
        return
    key = {"service": service, "token": token}
    for _attempt in range(2):
        try:
            with db.write_connection() as connection:
                saved = connection.execute(_DRAFT_ANSWERS.with_for_update(), key).scalar()
                now = clock.now()
                if saved is None:
                    connection.execute(
                        delete(DRAFTS).where(
                            DRAFTS.c.service == service, DRAFTS.c.updated_at < now - keep_for
                        )
                    )
                    connection.execute(
                        insert(DRAFTS),
                        {**key, "answers": dict(answers), "created_at": now, "updated_at": now},
                    )
                else:
                    connection.execute(
                        update(DRAFTS)
                        .where(DRAFTS.c.service == service, DRAFTS.c.token == token)
                        .values(answers=_merged(saved, answers, forget), updated_at=now)
                    )
            return
        except IntegrityError:  # two first answers raced: merge into the winner's draft
            continue
    raise RuntimeError("could not save the answers")  # pragma: no cover


def _update_as_seen(
    db: Database,
    service: str,
    token: str,
    seen: dict[str, Any],
    answers: dict[str, Any],
    forget: Iterable[str],
) -> bool:
    """SQLite: write the merged answers if the draft still holds `seen`; True when written.

    A writer's turn in the write queue then covers one statement in SQLite's own
    transaction, not BEGIN, a read, the write and COMMIT. Each of those gives up Python's
    lock and has to win it back from the worker's other threads while every other writer
    waits; under load that wait, not SQLite, set the pace of answers. When the draft has
    changed since it was read, nothing is written and the caller reads it again in a
    transaction. The statement runs on SQLite's own connection (`prepared`).
    """
    values = {
        "of_service": service,
        "of_token": token,
        "seen": json.dumps(seen),  # as SQLAlchemy stored it
        "merged": _merged(seen, answers, forget),
        "now": clock.now(),
    }
    with db.driver_writes() as driver:
        written = prepare(_UPDATE_AS_SEEN, db.engine.dialect).run(driver, values).rowcount
    return bool(written == 1)


_UPDATE_AS_SEEN = (  # compiled once (`prepare`), with the values bound by the columns' types
    update(DRAFTS)
    .where(
        DRAFTS.c.service == bindparam("of_service"),
        DRAFTS.c.token == bindparam("of_token"),
        type_coerce(DRAFTS.c.answers, Text) == bindparam("seen"),
    )
    .values(answers=bindparam("merged"), updated_at=bindparam("now"))
)


def purge_drafts(db: Database, keep_for: timedelta) -> int:
    """Delete every service's drafts nobody has changed for `keep_for`; return how many."""
    with db.write_connection() as connection:
        deleted = connection.execute(
            delete(DRAFTS).where(DRAFTS.c.updated_at < clock.now() - keep_for)
        )
    return int(deleted.rowcount)


def _merged(
    saved: dict[str, Any], answers: dict[str, Any], forget: Iterable[str]
) -> dict[str, Any]:
    merged = {**saved, **answers}
    for key in forget:
        merged.pop(key, None)
    return merged


def submission_for_draft(db: Database, service: str, token: str) -> Submission | None:
    """The submission this draft token became, if it was sent."""
    with db.reads() as session:
        return session.scalar(
            select(Submission).where(Submission.service == service, Submission.draft_token == token)
        )


def send(
    db: Database,
    service: str,
    token: str,
    answers: dict[str, Any],
    *,
    prefix: str,
    first_status: str | None,
    within: Callable[[Session, Submission], None] | None = None,
    account_id: int | None = None,
) -> Submission:
    """Store the submission, its first status and drop the draft, in one transaction.

    `within` adds what goes with the submission (a booking, an email) to that transaction;
    whatever it raises rolls the whole transaction back and reaches the caller.
    `account_id` links it to the signed-in resident's account.
    Raises AlreadySentError when the same draft was sent before (a double click or a replay).
    """
    for _attempt in range(REFERENCE_ATTEMPTS):
        with db.writes() as session:
            existing = session.scalar(
                select(Submission).where(
                    Submission.service == service, Submission.draft_token == token
                )
            )
            if existing is not None:
                raise AlreadySentError(existing)
            draft = session.get(Draft, (service, token))
            if draft is None:
                raise NothingToSendError(token)
            submission = Submission(
                service=service,
                reference=new_reference(prefix),
                draft_token=token,
                answers=answers,
                status=first_status,
                account_id=account_id,
            )
            session.add(submission)
            if first_status:
                submission.events.append(StatusEvent(status=first_status, by="system"))
            session.delete(draft)
            try:
                if within is not None:
                    session.flush()
                    within(session, submission)
                session.commit()
                return submission
            except IntegrityError:
                session.rollback()
        # Either the draft was sent by a request that won the race, or the reference
        # collided: the next attempt tells which.
    raise RuntimeError("could not store the submission")  # pragma: no cover


def find_by_reference(db: Database, service: str, reference: str) -> Submission | None:
    """The submission with this reference and its status history."""
    with db.reads() as session:
        return session.scalar(
            select(Submission)
            .options(selectinload(Submission.events))
            .where(Submission.service == service, Submission.reference == reference)
        )
