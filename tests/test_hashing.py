"""Passwords are hashed with Argon2id at OWASP's settings; older hashes are replaced at sign-in."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, Type, extract_parameters
from flask import Flask
from sqlalchemy import select

from mvpkit.auth.hashing import check_password, hash_password, needs_rehash
from mvpkit.backoffice.accounts import add_staff, sign_in
from mvpkit.store.models import StaffUser
from tests.test_backoffice import EMAIL, PASSWORD, SERVICE

pytestmark = pytest.mark.real_password_hashing

OLD_DEFAULTS = PasswordHasher()  # argon2-cffi's defaults: 64 MiB, 3 passes, 4 lanes


def test_a_new_hash_uses_owasps_settings() -> None:
    made = extract_parameters(hash_password("a long enough password"))

    assert made.type is Type.ID
    assert (made.memory_cost, made.time_cost, made.parallelism) == (19 * 1024, 2, 1)
    assert not needs_rehash(hash_password("a long enough password"))


def test_an_unknown_account_is_checked_against_a_hash_made_as_a_real_one_is() -> None:
    from mvpkit.auth.hashing import DUMMY_HASH

    assert not needs_rehash(DUMMY_HASH)  # the settings new hashes are made with: the same work
    assert not check_password(None, "a long enough password")


def test_a_hash_with_the_old_settings_still_signs_in_and_needs_replacing() -> None:
    old = OLD_DEFAULTS.hash("a long enough password")

    assert check_password(old, "a long enough password")
    assert not check_password(old, "another long password")
    assert needs_rehash(old)


def test_signing_in_replaces_an_older_hash(app: Flask) -> None:
    db = app.extensions["mvpkit"].db
    add_staff(db, EMAIL, PASSWORD, SERVICE)
    with db.writes() as session:
        staff = session.scalars(select(StaffUser).where(StaffUser.email == EMAIL)).one()
        staff.password_hash = OLD_DEFAULTS.hash(PASSWORD)
        session.commit()

    assert sign_in(db, SERVICE, EMAIL, PASSWORD, "127.0.0.1").ok

    with db.reads() as session:
        stored = session.scalars(select(StaffUser.password_hash)).one()
    assert extract_parameters(stored).memory_cost == 19 * 1024
    assert check_password(stored, PASSWORD)
