"""Two `mvpkit serve` instances on one PostgreSQL database, as a council behind a load balancer.

Each instance is its own gunicorn process with the same secret key and database, as two
machines would be. What one instance starts, the other continues; what the database
guards (the last place, attempt limits, each email sent once) holds across both.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest
import requests
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from mvpkit.auth import limits
from mvpkit.auth.hashing import hash_password
from mvpkit.auth.limits import Limit, digest
from mvpkit.auth.models import AuthAttempt
from mvpkit.backoffice.accounts import add_staff
from mvpkit.email.models import SENT, OutboxEmail
from mvpkit.email.outbox import queue_email
from mvpkit.migrate import upgrade
from mvpkit.patterns.account.models import Account
from mvpkit.patterns.booking.availability import parse_slot_value
from mvpkit.patterns.booking.store import book, places_taken
from mvpkit.store.database import Database, connect
from mvpkit.store.models import Submission
from tests.conftest import ROOT
from tests.test_booking_race_http import REGISTRARS, Racer, at_once, press_send_together
from tests.test_email_smtp import Inbox
from tests.test_server import Server, free_port

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
BOOKING = "register-a-birth-or-death"
FAULTS = "report-a-fault"
ACCOUNT = "my-account"
STAFF = "officer@council.example.gov.uk"
RESIDENT = "resident@example.com"
PASSWORD = "a long enough passphrase for tests"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
RACERS = 40
DUE = datetime(2020, 1, 1, tzinfo=UTC)
SENT_LINE = re.compile(r"Sent (\d+),")
REFERENCE = re.compile(r"RB-[A-Z0-9]{4}-[A-Z0-9]{4}")


@pytest.fixture
def shared_database(postgres_url: str) -> Iterator[Database]:
    """One PostgreSQL schema both instances use, brought up to date."""
    database = connect(postgres_url)
    upgrade(database.engine)
    yield database
    database.dispose()


@pytest.fixture
def instances(postgres_url: str, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    """Two instances of `mvpkit serve exemplars` on one database, each on its own port."""
    first = Server(postgres_url, free_port(), tmp_path / "first.log")
    try:
        second = Server(postgres_url, free_port(), tmp_path / "second.log")
    except BaseException:
        first.kill()
        raise
    try:
        yield first, second
    finally:
        for server in (first, second):
            if server.process.poll() is None:
                server.kill()


def base(server: Server, service: str) -> str:
    return f"http://127.0.0.1:{server.port}/{service}"


def test_exactly_one_gets_the_last_place_across_two_instances(
    instances: tuple[Server, Server], shared_database: Database
) -> None:
    bases = [base(server, BOOKING) for server in instances]
    first = Racer(bases[0])
    day, time = first.walk_to_check_answers(None, None)
    start = parse_slot_value(time)
    assert start is not None
    for _other in range(REGISTRARS - 1):
        book(shared_database, BOOKING, start, REGISTRARS, {"full-name": "Someone else"})
    racers = [first] + [Racer(bases[index % 2]) for index in range(1, RACERS)]
    for racer in racers[1:]:
        racer.walk_to_check_answers(day, time)

    outcomes = press_send_together(racers)

    ends = Counter(outcome.rsplit("/", 1)[-1] for outcome in outcomes)
    assert ends == {"confirmation": 1, "appointment-time": len(racers) - 1}
    assert places_taken(shared_database, BOOKING, start, start + timedelta(minutes=1)) == {
        start: REGISTRARS
    }
    with shared_database.reads() as session:
        assert session.scalar(select(func.count()).select_from(Submission)) == 1


def test_a_journey_started_on_one_instance_continues_on_the_other(
    instances: tuple[Server, Server], shared_database: Database
) -> None:
    first, second = instances
    resident = Racer(base(first, BOOKING))
    resident.answer("/register-what", {"register-what": "death"})
    resident.base = base(second, BOOKING)  # the load balancer sends the next request elsewhere
    page = resident.get("/register-what")
    assert 'value="death" checked' in page
    resident.walk_to_check_answers(None, None)
    resident.base = base(first, BOOKING)
    assert resident.post("/check-answers", {}).endswith("/confirmation")
    resident.base = base(second, BOOKING)
    shown = REFERENCE.search(resident.get("/confirmation"))
    with shared_database.reads() as session:
        sent = session.scalars(select(Submission)).all()
    assert len(sent) == 1
    assert shown is not None
    assert shown.group(0) == sent[0].reference


def test_deliverers_on_two_machines_send_each_email_once(
    shared_database: Database, postgres_url: str, tmp_path: Path
) -> None:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with shared_database.writes() as session:
            for number in range(60):
                queue_email(
                    session,
                    BOOKING,
                    f"resident{number}@example.com",
                    f"Email {number}",
                    "",
                    send_after=DUE,  # due on the deliverers' own (unfrozen) clocks too
                )
            session.commit()
        env = {
            **os.environ,
            "MVPKIT_DATABASE_URL": postgres_url,
            "MVPKIT_SECRET_KEY": "s" * 64,
            "MVPKIT_EMAIL_SENDER": "smtp",
            "MVPKIT_SMTP_HOST": "127.0.0.1",
            "MVPKIT_SMTP_PORT": str(port),
            "MVPKIT_SMTP_STARTTLS": "false",
            "MVPKIT_SMTP_FROM": "council@example.gov.uk",
        }
        command = [
            sys.executable,
            "-m",
            "mvpkit.cli",
            "email",
            "send",
            "--service",
            str(ROOT / "exemplars" / BOOKING),
        ]
        deliverers = [
            subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            for _machine in range(2)
        ]
        outputs = [deliverer.communicate(timeout=120)[0].decode() for deliverer in deliverers]
        assert all(deliverer.returncode == 0 for deliverer in deliverers), outputs
        sent = [int(found.group(1)) for out in outputs if (found := SENT_LINE.search(out))]
        assert len(sent) == 2, outputs
        assert sum(sent) == 60  # one run sends 50 at most: both machines took a share
        assert min(sent) > 0
    finally:
        controller.stop()
    subjects = Counter(str(message["Subject"]) for _sender, _to, message in inbox.messages)
    assert subjects == Counter({f"Email {number}": 1 for number in range(60)})
    with shared_database.reads() as session:
        statuses = session.scalars(select(OutboxEmail.status)).all()
    assert Counter(statuses) == {SENT: 60}


class Visitor:
    """A browser of its own: a cookie jar and the form last opened."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.session = requests.Session()
        self.token = ""

    def open_form(self, path: str) -> None:
        page = self.session.get(self.base + path, timeout=60)
        assert page.status_code == 200, (path, page.status_code)
        found = CSRF.search(page.text)
        assert found, page.text[:300]
        self.token = found.group(1)

    def send(self, path: str, data: dict[str, str]) -> requests.Response:
        return self.session.post(
            self.base + path,
            data={"csrf_token": self.token, **data},
            allow_redirects=False,
            timeout=120,
        )


def all_at_once(visitors: list[Visitor], path: str, data: dict[str, str]) -> list[int]:
    """Every visitor sends the form at the same moment; their status codes."""
    for visitor in visitors:
        visitor.session.close()  # a fresh connection each, as in the race above
    responses = at_once([partial(visitor.send, path, data) for visitor in visitors])
    return [response.status_code for response in responses]


def attempts_counted(database: Database, limit: Limit, value: str) -> int:
    with database.reads() as session:
        count = session.scalar(
            select(AuthAttempt.count).where(
                AuthAttempt.kind == limit.kind, AuthAttempt.key == digest(value)
            )
        )
    return count or 0


def test_forty_wrong_staff_passwords_across_two_instances_reach_five_checks(
    instances: tuple[Server, Server], shared_database: Database
) -> None:
    add_staff(shared_database, STAFF, PASSWORD, FAULTS)
    visitors = [Visitor(base(instances[i % 2], FAULTS)) for i in range(40)]
    for visitor in visitors:
        visitor.open_form("/staff/sign-in")
    statuses = all_at_once(visitors, "/staff/sign-in", {"email": STAFF, "password": "wrong guess"})
    # Only a claimed attempt reaches the password check, and only 5 can be claimed: 4 of
    # them are told the password is wrong, the 5th that the account is now locked.
    assert attempts_counted(shared_database, limits.STAFF_PER_EMAIL, STAFF) == 5
    assert Counter(statuses) == {200: 4, 429: 36}
    late = visitors[0]
    late.open_form("/staff/sign-in")
    assert late.send("/staff/sign-in", {"email": STAFF, "password": PASSWORD}).status_code == 429


def test_forty_wrong_resident_passwords_across_two_instances_reach_five_checks(
    instances: tuple[Server, Server], shared_database: Database
) -> None:
    with shared_database.writes() as session:
        session.add(Account(email=RESIDENT, password_hash=hash_password(PASSWORD)))
        session.commit()
    visitors = [Visitor(base(instances[i % 2], ACCOUNT)) for i in range(40)]
    for visitor in visitors:
        visitor.open_form("/sign-in")
    statuses = all_at_once(visitors, "/sign-in", {"email": RESIDENT, "password": "wrong guess"})
    assert attempts_counted(shared_database, limits.SIGN_IN_PER_EMAIL, RESIDENT) == 5
    assert Counter(statuses) == {200: 5, 429: 35}  # 5 checked and wrong, 35 never checked


def test_staff_signed_in_on_one_instance_are_signed_in_on_the_other_until_they_sign_out(
    instances: tuple[Server, Server], shared_database: Database
) -> None:
    first, second = instances
    add_staff(shared_database, STAFF, PASSWORD, FAULTS)
    member = Visitor(base(first, FAULTS))
    member.open_form("/staff/sign-in")
    assert member.send("/staff/sign-in", {"email": STAFF, "password": PASSWORD}).status_code == 302
    member.base = base(second, FAULTS)
    listed = member.session.get(member.base + "/staff/", allow_redirects=False, timeout=60)
    assert listed.status_code == 200
    assert "Submissions" in listed.text
    found = CSRF.search(listed.text)
    assert found
    member.token = found.group(1)
    assert member.send("/staff/sign-out", {}).status_code == 302
    member.base = base(first, FAULTS)
    after = member.session.get(member.base + "/staff/", allow_redirects=False, timeout=60)
    assert after.status_code == 302
    assert "/staff/sign-in" in after.headers["Location"]
