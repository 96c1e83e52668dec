"""The email outbox: queued with its transaction, sent when due, retried, never sent twice."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from mvpkit import clock
from mvpkit.email.models import OutboxEmail
from mvpkit.email.outbox import (
    BACKOFF,
    MAX_ATTEMPTS,
    deliver_due,
    queue_email,
    retry_delay,
)
from mvpkit.email.senders import DevelopmentSender, OutgoingEmail
from mvpkit.migrate import upgrade
from mvpkit.store.database import Database, connect


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = connect(database_url)
    upgrade(database.engine)
    yield database
    database.dispose()


class BoomError(RuntimeError):
    """The provider refused."""


class FailingSender:
    def __init__(self) -> None:
        self.calls = 0

    def send(self, message: OutgoingEmail) -> str:
        self.calls += 1
        raise BoomError("connection refused by the provider")


class RecordingSender:
    """Records every id it is asked to send, from any thread, slowly enough to overlap."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.lock = threading.Lock()

    def send(self, message: OutgoingEmail) -> str:
        time.sleep(0.002)
        with self.lock:
            self.ids.append(message.id)
        return f"rec-{message.id}"


def queue(db: Database, count: int = 1, **extra: object) -> list[int]:
    with db.writes() as session:
        rows = [
            queue_email(session, "svc", f"r{i}@example.org", f"Subject {i}", f"Body {i}", **extra)  # type: ignore[arg-type]
            for i in range(count)
        ]
        session.commit()
        return [row.id for row in rows]


def rows(db: Database) -> list[OutboxEmail]:
    with db.reads() as session:
        return list(session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))


def test_a_rolled_back_transaction_queues_nothing(db: Database) -> None:
    with db.writes() as session:
        queue_email(session, "svc", "a@example.org", "Your booking", "See you on Monday")
        session.flush()
        session.rollback()
    assert rows(db) == []
    queue(db)
    assert [row.status for row in rows(db)] == ["pending"]


def test_due_emails_are_sent_and_marked(db: Database) -> None:
    [now_id] = queue(db)
    with db.writes() as session:
        later = queue_email(
            session,
            "svc",
            "b@example.org",
            "Later",
            "Later",
            send_after=clock.now() + timedelta(hours=1),
        )
        session.commit()
    report = deliver_due(db, DevelopmentSender())
    assert report.sent == (now_id,)
    assert report.attempted == 1
    stored = {row.id: row for row in rows(db)}
    assert stored[now_id].status == "sent"
    assert stored[now_id].sent_at is not None
    assert stored[now_id].provider_id == f"development-{now_id}"
    assert stored[now_id].claim is None
    assert stored[later.id].status == "pending"
    assert deliver_due(db, DevelopmentSender()).attempted == 0  # nothing is sent twice
    assert deliver_due(db, DevelopmentSender(), now=clock.now() + timedelta(hours=2)).sent == (
        later.id,
    )


def test_limit_caps_one_run(db: Database) -> None:
    queue(db, 5)
    assert len(deliver_due(db, DevelopmentSender(), limit=2).sent) == 2
    assert len(deliver_due(db, DevelopmentSender(), limit=10).sent) == 3


def test_failures_back_off_then_fail_keeping_the_row_and_its_error(db: Database) -> None:
    [email_id] = queue(db)
    sender = FailingSender()
    now = clock.now()
    for attempt in range(1, MAX_ATTEMPTS):
        report = deliver_due(db, sender, now=now)
        assert report.retrying == (email_id,)
        [row] = rows(db)
        assert row.status == "pending"
        assert row.attempts == attempt
        assert row.last_error == "BoomError: connection refused by the provider"
        assert clock.as_utc(row.next_attempt_at) == now + BACKOFF[attempt - 1]
        # not due a moment before its time
        assert (
            deliver_due(db, sender, now=row.next_attempt_at - timedelta(seconds=1)).attempted == 0
        )
        now = clock.as_utc(row.next_attempt_at)
    report = deliver_due(db, sender, now=now)
    assert report.failed == (email_id,)
    [row] = rows(db)
    assert (row.status, row.attempts, row.sent_at) == ("failed", MAX_ATTEMPTS, None)
    assert "connection refused" in row.last_error
    assert row.body == "Body 0"
    assert deliver_due(db, sender, now=now + timedelta(days=30)).attempted == 0
    assert sender.calls == MAX_ATTEMPTS


def test_retry_delays_grow_and_stop_growing() -> None:
    assert [retry_delay(n) for n in range(1, 6)] == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(hours=2),
    ]


def test_a_stale_claim_is_reclaimed_and_the_old_result_ignored(db: Database) -> None:
    [email_id] = queue(db)
    now = clock.now()

    class Crashing:
        """A deliverer whose process dies mid-send: its claim is left behind."""

        def send(self, message: OutgoingEmail) -> str:
            raise SystemExit  # not an Exception: deliver_due does not record it

    with pytest.raises(SystemExit):
        deliver_due(db, Crashing(), now=now)
    [row] = rows(db)
    assert row.status == "sending"
    assert deliver_due(db, DevelopmentSender(), now=now + timedelta(minutes=1)).attempted == 0
    report = deliver_due(db, DevelopmentSender(), now=now + timedelta(minutes=11))
    assert report.sent == (email_id,)
    [row] = rows(db)
    assert row.status == "sent"


def test_two_deliverers_at_once_never_send_one_email_twice(db: Database) -> None:
    ids = queue(db, 40)
    sender = RecordingSender()
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def deliverer() -> None:
        try:
            start.wait()
            while deliver_due(db, sender, limit=3).attempted:
                pass
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=deliverer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Counter(sender.ids) == Counter(ids)  # every email once, none twice
    assert {row.status for row in rows(db)} == {"sent"}
    assert all(row.provider_id == f"rec-{row.id}" for row in rows(db))


def test_a_template_and_personalisation_are_kept(db: Database) -> None:
    queue(db, template_id="tmpl-1", personalisation={"reference": "BK-1234"})
    [row] = rows(db)
    assert (row.template_id, row.personalisation) == ("tmpl-1", {"reference": "BK-1234"})
    seen: list[OutgoingEmail] = []

    class Keeping:
        def send(self, message: OutgoingEmail) -> str:
            seen.append(message)
            return "kept"

    deliver_due(db, Keeping())
    assert seen[0].template_id == "tmpl-1"
    assert seen[0].personalisation == {"reference": "BK-1234"}
