"""My Account: registering, confirming, signing in and out, resetting, and what none of it tells."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select, update

from mvpkit import clock
from mvpkit.auth import hashing, policy
from mvpkit.auth.models import AuthAttempt, AuthSession
from mvpkit.patterns.account.models import Account, AccountToken
from mvpkit.patterns.account.sessions import COOKIE
from mvpkit.patterns.account.tokens import digest
from tests.account_support import (
    MY_ACCOUNT,
    PASSWORD,
    emails_to,
    last_link,
    register,
    session_token,
    sign_in,
    without_csrf,
)
from tests.conftest import AppFactory
from tests.support import Browser, Page

EMAIL = "sam.jones@example.com"


@pytest.fixture
def account_app(make_app: AppFactory, database_url: str) -> Flask:
    """The My Account exemplar on each database."""
    return make_app(MY_ACCOUNT, database_url)


def accounts(app: Flask) -> list[Account]:
    with app.extensions["mvpkit"].db.reads() as session:
        return list(session.scalars(select(Account)))


def test_registering_confirms_the_address_before_making_the_account(account_app: Flask) -> None:
    resident = Browser(account_app.test_client())
    resident.get("/register")
    response = resident.submit(data={"email": "  Sam.Jones@Example.COM ", "password": PASSWORD})
    assert response.location == "/register/check-your-email"
    assert f"We have sent an email to {EMAIL}." in resident.get(response.location).text()
    assert accounts(account_app) == []
    [email] = emails_to(account_app, EMAIL)
    assert email.subject == "Confirm your email address"
    resident.get(last_link(account_app, EMAIL))
    response = resident.submit(data={"password": "not the password I chose"})
    assert response.status_code == 200
    assert accounts(account_app) == []
    response = resident.submit(data={"password": PASSWORD})
    assert response.location == "/"
    [account] = accounts(account_app)
    assert account.email == EMAIL
    assert account.password_hash.startswith("$argon2id$")
    assert PASSWORD not in account.password_hash
    assert resident.get("/").h1 == "Your account"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "Enter a password"),
        ("elevenchars", "Password must be 12 characters or more"),
        ("qwerty123456", "this one is on a list of commonly used passwords"),
        ("LeaveMeAlone", "this one is on a list of commonly used passwords"),
    ],
)
def test_weak_passwords_are_refused(account_app: Flask, password: str, message: str) -> None:
    resident = Browser(account_app.test_client())
    resident.get("/register")
    response = resident.submit(data={"email": "sam@example.com", "password": password})
    page = Page(response)
    assert page.title.startswith("Error: ")
    assert any(message in text for text, href in page.error_summary)
    assert page.error_summary[0][1] == "#password"
    assert page.value_of("email") == "sam@example.com"
    assert page.value_of("password") == ""
    assert emails_to(account_app, "sam@example.com") == []


def test_the_common_password_list_comes_from_zxcvbn() -> None:
    common = policy.common_passwords()
    assert len(common) > 25_000
    assert "password" in common
    assert policy.password_problem("correct horse battery staple") is None


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        ({"email": "", "password": ""}, ["Enter your email address", "Enter your password"]),
        (
            {"email": "sam@example", "password": "x"},
            ["Enter an email address in the correct format, like name@example.com"],
        ),
    ],
)
def test_sign_in_errors_use_govuk_wording(
    account_app: Flask, data: dict[str, str], messages: list[str]
) -> None:
    resident = Browser(account_app.test_client())
    resident.get("/sign-in")
    response = resident.submit(data=data)
    page = Page(response)
    assert [text for text, _href in page.error_summary] == messages
    assert page.title.startswith("Error: Sign in to your account")


def _answer(app: Flask, url: str, data: dict[str, str]) -> tuple[int, str, str]:
    resident = Browser(app.test_client())
    resident.get(url)
    response = resident.submit(data=data)
    body = without_csrf(response.get_data(as_text=True))
    return response.status_code, response.location or "", body


def test_registering_an_address_with_an_account_answers_as_for_a_new_one(
    account_app: Flask,
) -> None:
    register(account_app, EMAIL)
    known = _answer(account_app, "/register", {"email": EMAIL, "password": PASSWORD})
    unknown = _answer(account_app, "/register", {"email": "new@example.com", "password": PASSWORD})
    assert known == unknown == (302, "/register/check-your-email", known[2])
    assert [email.subject for email in emails_to(account_app, EMAIL)] == [
        "Confirm your email address",
        "You already have an account",
    ]
    assert len(accounts(account_app)) == 1


def test_signing_in_with_an_unknown_address_answers_as_a_wrong_password(
    account_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(account_app, EMAIL)
    checked: list[str] = []
    real = hashing.verify_password
    monkeypatch.setattr(
        hashing,
        "verify_password",
        lambda hashed, given: checked.append(hashed) or real(hashed, given),
    )
    known = _answer(account_app, "/sign-in", {"email": EMAIL, "password": "wrong password here"})
    unknown = _answer(account_app, "/sign-in", {"email": "who@example.com", "password": "wrong pw"})
    assert known[:2] == unknown[:2] == (200, "")
    assert known[2].replace(EMAIL, "X") == unknown[2].replace("who@example.com", "X")
    assert "Enter a correct email address and password" in known[2]
    assert checked[1] == hashing.DUMMY_HASH  # an unknown address costs an Argon2 check too


def test_a_reset_for_an_unknown_address_answers_as_for_a_known_one(account_app: Flask) -> None:
    register(account_app, EMAIL)
    known = _answer(account_app, "/forgotten-password", {"email": EMAIL})
    unknown = _answer(account_app, "/forgotten-password", {"email": "who@example.com"})
    assert known == unknown
    assert emails_to(account_app, "who@example.com") == []
    assert emails_to(account_app, EMAIL)[-1].subject == "Reset your password"


def test_five_failures_lock_sign_in_even_with_the_right_password(account_app: Flask) -> None:
    register(account_app, EMAIL)
    resident = Browser(account_app.test_client())
    resident.get("/sign-in")
    for _attempt in range(5):
        response = resident.submit(data={"email": EMAIL, "password": "a wrong password"})
        assert response.status_code == 200
    response = resident.submit(data={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 429
    text = response.get_data(as_text=True)
    assert "You have entered a wrong password 5 times. Wait 15 minutes, then try again" in text
    assert resident.client.get_cookie(COOKIE) is None


def test_an_unknown_address_locks_the_same_way(account_app: Flask) -> None:
    resident = Browser(account_app.test_client())
    resident.get("/sign-in")
    statuses = [
        resident.submit(data={"email": "who@example.com", "password": "guess"}).status_code
        for _attempt in range(6)
    ]
    assert statuses == [200] * 5 + [429]


def test_the_lock_lifts_after_15_minutes(account_app: Flask) -> None:
    register(account_app, EMAIL)
    resident = Browser(account_app.test_client())
    resident.get("/sign-in")
    for _attempt in range(5):
        resident.submit(data={"email": EMAIL, "password": "a wrong password"})
    with account_app.extensions["mvpkit"].db.writes() as session:
        session.execute(
            update(AuthAttempt).values(window_ends_at=clock.now() - timedelta(minutes=1))
        )
        session.commit()
    assert resident.submit(data={"email": EMAIL, "password": PASSWORD}).status_code == 302


def test_signing_in_starts_a_new_session_and_stores_only_its_hash(account_app: Flask) -> None:
    resident = register(account_app, EMAIL)
    first = session_token(resident)
    resident.get("/")  # signed in, the sign-in page goes to the account: post to it from here
    resident.submit("/sign-in", {"email": EMAIL, "password": PASSWORD})
    second = session_token(resident)
    assert second != first
    with account_app.extensions["mvpkit"].db.reads() as session:
        stored = list(session.scalars(select(AuthSession.token_hash)))
    assert stored == [digest(second)]
    stale = Browser(account_app.test_client())
    stale.client.set_cookie(COOKIE, first)
    assert stale.client.get("/").location == "/sign-in"


def test_signing_out_ends_the_session(account_app: Flask) -> None:
    resident = register(account_app, EMAIL)
    token = session_token(resident)
    resident.get("/")
    response = resident.submit("/sign-out")
    assert response.location == "/signed-out"
    assert resident.client.get_cookie(COOKIE) is None
    replay = Browser(account_app.test_client())
    replay.client.set_cookie(COOKIE, token)
    assert replay.client.get("/").location == "/sign-in"


def test_idle_and_old_sessions_end(account_app: Flask) -> None:
    resident = register(account_app, EMAIL)
    db = account_app.extensions["mvpkit"].db
    for column, age in (
        ("last_seen_at", timedelta(minutes=31)),
        ("created_at", timedelta(hours=13)),
    ):
        fresh = sign_in(account_app, EMAIL)
        assert fresh.client.get("/").status_code == 200
        with db.writes() as session:
            session.execute(
                update(AuthSession)
                .where(AuthSession.token_hash == digest(session_token(fresh)))
                .values({column: clock.now() - age})
            )
            session.commit()
        assert fresh.client.get("/").location == "/sign-in", column
    assert resident.client.get("/").status_code == 200
    sign_in(account_app, EMAIL)
    with db.reads() as session:
        assert len(list(session.scalars(select(AuthSession)))) == 2  # ended ones deleted


def test_cookies_are_secure_in_production(make_app: AppFactory, sqlite_url: str) -> None:
    app = make_app(MY_ACCOUNT, sqlite_url, environment="production")
    resident = Browser(app.test_client())
    resident.get("/register")
    resident.submit(data={"email": EMAIL, "password": PASSWORD})
    resident.get(last_link(app, EMAIL))
    response = resident.submit(data={"password": PASSWORD})
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(COOKIE)]
    flags = {part.strip() for part in cookie.split(";")}
    assert {"Secure", "HttpOnly", "SameSite=Lax", "Path=/"} <= flags
    assert not any(part.startswith(("Expires", "Max-Age")) for part in flags)


def test_links_work_once(account_app: Flask) -> None:
    register(account_app, EMAIL)
    link = last_link(account_app, EMAIL)
    again = Browser(account_app.test_client())
    assert again.get(link, status=404).h1 == "This link has expired or has already been used"
    again.client.post(link, data={"password": PASSWORD})
    assert len(accounts(account_app)) == 1


def test_expired_links_are_refused(account_app: Flask) -> None:
    resident = Browser(account_app.test_client())
    resident.get("/register")
    resident.submit(data={"email": EMAIL, "password": PASSWORD})
    with account_app.extensions["mvpkit"].db.writes() as session:
        session.execute(update(AccountToken).values(expires_at=clock.now() - timedelta(seconds=1)))
        session.commit()
    link = last_link(account_app, EMAIL)
    resident.get(link, status=404)
    token = resident.get("/sign-in").csrf_token()
    response = resident.submit(link, {"password": PASSWORD}, token=token)
    assert response.status_code == 404
    assert accounts(account_app) == []


@pytest.mark.parametrize(
    "forge",
    [
        lambda link: link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB"),
        lambda link: link.replace("/confirm-email/", "/reset-password/"),
        lambda link: "/confirm-email/not-a-token",
    ],
    ids=["tampered", "other purpose", "made up"],
)
def test_forged_links_are_refused(account_app: Flask, forge: object) -> None:
    resident = Browser(account_app.test_client())
    resident.get("/register")
    resident.submit(data={"email": EMAIL, "password": PASSWORD})
    link = last_link(account_app, EMAIL)
    assert callable(forge)
    resident.get(forge(link), status=404)
    resident.get(link)  # the real one still works


def test_resetting_the_password_signs_out_everywhere(account_app: Flask) -> None:
    resident = register(account_app, EMAIL)
    helper = Browser(account_app.test_client())
    helper.get("/forgotten-password")
    helper.submit(data={"email": EMAIL})
    link = last_link(account_app, EMAIL)
    helper.get(link)
    response = helper.submit(data={"password": "a brand new password"})
    assert response.location == "/password-reset"
    assert resident.client.get("/").location == "/sign-in"
    assert emails_to(account_app, EMAIL)[-1].subject == "Your password has been changed"
    sign_in(account_app, EMAIL, "a brand new password")
    helper.get(link, status=404)


def test_a_link_older_than_its_signed_age_is_refused(
    account_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from itsdangerous import timed

    register(account_app, EMAIL)
    resident = Browser(account_app.test_client())
    resident.get("/forgotten-password")
    resident.submit(data={"email": EMAIL})
    link = last_link(account_app, EMAIL)
    resident.get(link)
    later = int(time.time()) + 3601  # reset links are signed for 1 hour
    monkeypatch.setattr(timed.TimestampSigner, "get_timestamp", lambda _signer: later)
    resident.get(link, status=404)


def test_a_signed_in_resident_is_taken_to_the_account(account_app: Flask) -> None:
    resident = register(account_app, EMAIL)
    assert resident.client.get("/sign-in").location == "/"
    assert resident.client.get("/register").location == "/"


def test_attempts_are_forgotten_once_out_of_their_window(account_app: Flask) -> None:
    resident = Browser(account_app.test_client())
    resident.get("/sign-in")
    resident.submit(data={"email": "first@example.com", "password": "a wrong password"})
    db = account_app.extensions["mvpkit"].db
    with db.writes() as session:
        session.execute(update(AuthAttempt).values(window_ends_at=clock.now() - timedelta(hours=1)))
        session.commit()
    resident.submit(data={"email": "second@example.com", "password": "a wrong password"})
    with db.reads() as session:
        kept = [(row.kind, row.key) for row in session.scalars(select(AuthAttempt))]
    assert sorted(kind for kind, _key in kept) == ["sign-in-client", "sign-in-email"]
    assert ("sign-in-email", digest("second@example.com")) in kept


def test_used_and_expired_links_leave_nothing_behind(account_app: Flask) -> None:
    register(account_app, EMAIL)  # its link is used
    abandoned = Browser(account_app.test_client())
    abandoned.get("/register")
    abandoned.submit(data={"email": "gone@example.com", "password": PASSWORD})
    db = account_app.extensions["mvpkit"].db
    with db.writes() as session:
        session.execute(
            update(AccountToken)
            .where(AccountToken.email == "gone@example.com")
            .values(expires_at=clock.now() - timedelta(seconds=1))
        )
        session.commit()
    abandoned.submit(data={"email": "new@example.com", "password": PASSWORD})
    with db.reads() as session:
        assert list(session.scalars(select(AccountToken.email))) == ["new@example.com"]


@pytest.mark.parametrize("target", ["/%0D%0ASet-Cookie:%20x=1", "//evil.example/"])
def test_a_bad_next_after_a_correct_password_goes_to_the_account(
    account_app: Flask, target: str
) -> None:
    register(account_app, EMAIL)
    resident = Browser(account_app.test_client())
    resident.get(f"/sign-in?next={target}")
    response = resident.submit(data={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    assert response.location == "/"
