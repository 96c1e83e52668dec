"""Lockout cannot be raced: 40 wrong passwords at once reach the password check 5 times."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from mvpkit.auth import hashing, limits
from mvpkit.backoffice import accounts
from mvpkit.migrate import upgrade
from mvpkit.patterns.account import access
from mvpkit.patterns.account.access import Outcome
from mvpkit.patterns.account.models import Account
from mvpkit.store.database import Database, connect

EMAIL = "officer@riverside.example.gov.uk"
RESIDENT = "sam.jones@example.com"
PASSWORD = "correct horse battery staple"
SERVICE = "report-a-fault"
RACERS = 40


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """A migrated database with one staff account and one resident's account."""
    database = connect(database_url)
    upgrade(database.engine)
    accounts.add_staff(database, EMAIL, PASSWORD, SERVICE)
    with database.writes() as session:
        session.add(Account(email=RESIDENT, password_hash=hashing.hash_password(PASSWORD)))
        session.commit()
    yield database
    database.dispose()


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The passwords that reached a real hash check (not the dummy one)."""
    real = hashing.verify_password
    reached: list[str] = []
    lock = threading.Lock()

    def counting(password_hash: str, password: str) -> bool:
        if password_hash != hashing.DUMMY_HASH:
            with lock:
                reached.append(password)
        return real(password_hash, password)

    monkeypatch.setattr(hashing, "verify_password", counting)
    return reached


def _race(attempt: Callable[[int], object]) -> list[object]:
    barrier = threading.Barrier(RACERS)
    results: list[object] = []
    lock = threading.Lock()

    def run(index: int) -> None:
        barrier.wait()
        try:
            outcome = attempt(index)
        except Exception as exc:
            outcome = exc
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_forty_wrong_passwords_at_once_for_one_staff_account(
    db: Database, checks: list[str]
) -> None:
    results = _race(
        lambda index: accounts.sign_in(db, SERVICE, EMAIL, f"guess {index}", f"10.0.0.{index}")
    )
    assert [r for r in results if isinstance(r, Exception)] == []
    assert len(checks) == limits.STAFF_PER_EMAIL.most
    assert sum(1 for r in results if isinstance(r, accounts.SignInResult) and r.ok) == 0
    assert accounts.sign_in(db, SERVICE, EMAIL, PASSWORD, "10.0.1.1").locked
    assert len(checks) == limits.STAFF_PER_EMAIL.most  # locked: the right one is not checked


def test_forty_wrong_passwords_at_once_for_one_resident(db: Database, checks: list[str]) -> None:
    results = _race(
        lambda index: access.sign_in(
            db, RESIDENT, f"guess {index}", f"10.0.0.{index}", secure=False
        )
    )
    assert [r for r in results if isinstance(r, Exception)] == []
    assert len(checks) == limits.SIGN_IN_PER_EMAIL.most
    assert results.count(Outcome.LOCKED) == RACERS - limits.SIGN_IN_PER_EMAIL.most


def test_a_right_password_under_the_limit_works_and_clears_the_failures(
    db: Database, checks: list[str]
) -> None:
    for _round in range(2):
        for guess in range(limits.STAFF_PER_EMAIL.most - 1):
            assert not accounts.sign_in(db, SERVICE, EMAIL, f"guess {guess}", "10.0.0.1").ok
        assert accounts.sign_in(db, SERVICE, EMAIL, PASSWORD, "10.0.0.1").ok
    assert len(checks) == 2 * limits.STAFF_PER_EMAIL.most


def test_too_many_attempts_from_one_client_stop_only_that_client(db: Database) -> None:
    for index in range(limits.STAFF_PER_CLIENT.most):
        result = accounts.sign_in(db, SERVICE, f"who{index}@example.com", "guess", "10.9.9.9")
        assert not result.locked
    refused = accounts.sign_in(db, SERVICE, EMAIL, PASSWORD, "10.9.9.9")
    assert refused.stopped_by is limits.STAFF_PER_CLIENT
    assert accounts.sign_in(db, SERVICE, EMAIL, PASSWORD, "10.1.1.1").ok
