"""Session cookies read once and CSRF tokens signed once per session, yet checked as before."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from flask import Flask, session
from itsdangerous import URLSafeTimedSerializer

from mvpkit import sessions
from tests.conftest import AppFactory

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def counting_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each session or token signature itsdangerous checks from now on."""
    checked: list[str] = []
    real = URLSafeTimedSerializer.loads

    def loads(self: URLSafeTimedSerializer, value: Any, *args: Any, **kwargs: Any) -> Any:
        checked.append(str(value))
        return real(self, value, *args, **kwargs)

    monkeypatch.setattr(URLSafeTimedSerializer, "loads", loads)
    return checked


def add_probe(app: Flask) -> None:
    """/probe shows the session's keys; /probe/put puts a value in it."""

    @app.get("/probe")
    def probe() -> dict[str, Any]:
        return {"keys": sorted(session.keys()), "token": session.get("draft")}

    @app.get("/probe/put/<value>")
    def put(value: str) -> str:
        session["draft"] = value
        return "put"

    @app.get("/probe/list")
    def put_list() -> str:
        session["grants"] = ["a", "b"]
        return "put"


def test_a_cookie_is_checked_once_and_its_reading_kept(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    add_probe(app)
    client = app.test_client()
    client.get("/probe/put/first")
    checked = counting_loads(monkeypatch)
    readings = [client.get("/probe").get_json()["token"] for _ in range(3)]
    assert readings == ["first"] * 3
    assert len(checked) == 1
    client.get("/probe/put/second")  # reads the kept cookie; sends a new one
    assert client.get("/probe").get_json()["token"] == "second"
    assert len(checked) == 2  # the new cookie, checked once


def test_a_kept_reading_is_a_copy(make_app: AppFactory) -> None:
    """A request changing its session changes nothing kept for the next request."""
    app = make_app()
    add_probe(app)

    @app.get("/probe/change-unsaved")
    def change_unsaved() -> str:
        session["draft"] = "changed"
        session.modified = False  # not sent back: the cookie stays as it was
        return "changed"

    client = app.test_client()
    client.get("/probe/put/first")
    assert client.get("/probe").get_json()["token"] == "first"
    client.get("/probe/change-unsaved")
    assert client.get("/probe").get_json()["token"] == "first"


def test_a_tampered_cookie_is_an_empty_session(make_app: AppFactory) -> None:
    app = make_app()
    add_probe(app)
    client = app.test_client()
    client.get("/probe/put/first")
    name = app.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(name)
    assert cookie is not None
    client.set_cookie(name, cookie.value[:-2] + ("AA" if not cookie.value.endswith("AA") else "BB"))
    assert client.get("/probe").get_json() == {"keys": [], "token": None}


def test_an_expired_cookie_is_refused_even_once_kept(make_app: AppFactory) -> None:
    app = make_app()
    add_probe(app)
    client = app.test_client()
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        client.get("/probe/put/first")
        assert client.get("/probe").get_json()["token"] == "first"  # now kept
    lifetime = app.permanent_session_lifetime
    with time_machine.travel(start + lifetime - timedelta(seconds=5), tick=False):
        assert client.get("/probe").get_json()["token"] == "first"
    with time_machine.travel(start + lifetime + timedelta(seconds=5), tick=False):
        assert client.get("/probe").get_json()["token"] is None


def test_a_new_secret_key_does_not_use_readings_kept_under_the_old(make_app: AppFactory) -> None:
    app = make_app()
    add_probe(app)
    client = app.test_client()
    client.get("/probe/put/first")
    assert client.get("/probe").get_json()["token"] == "first"
    app.secret_key = "another-secret-key-that-is-long-enough-to-use"
    assert client.get("/probe").get_json()["token"] is None


def test_a_session_holding_a_list_is_read_correctly_each_time(make_app: AppFactory) -> None:
    app = make_app()
    add_probe(app)
    client = app.test_client()
    client.get("/probe/list")
    for _ in range(2):
        assert "grants" in client.get("/probe").get_json()["keys"]


def counting_dumps(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The salt of each signature itsdangerous makes from now on: cookies and CSRF tokens."""
    made: list[str] = []
    real = URLSafeTimedSerializer.dumps

    def dumps(self: URLSafeTimedSerializer, *args: Any, **kwargs: Any) -> Any:
        made.append(self.salt.decode() if isinstance(self.salt, bytes) else str(self.salt))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(URLSafeTimedSerializer, "dumps", dumps)
    return made


def test_the_csrf_token_is_signed_once_per_session_and_still_accepted(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    client = app.test_client()
    made = counting_dumps(monkeypatch)
    tokens = set()
    for _ in range(3):
        html = client.get(_first_question(app)).get_data(as_text=True)
        found = CSRF_INPUT.search(html)
        assert found is not None
        tokens.add(found.group(1))
    assert len(tokens) == 1
    assert made.count("wtf-csrf-token") == 1  # pages take the kept token, not Flask-WTF's
    other = app.test_client()
    html = other.get(_first_question(app)).get_data(as_text=True)
    other_token = CSRF_INPUT.search(html)
    assert other_token is not None
    assert other_token.group(1) not in tokens
    refused = client.post(_first_question(app), data={"csrf_token": other_token.group(1)})
    assert refused.status_code == 400
    accepted = client.post(_first_question(app), data={"csrf_token": tokens.pop()})
    assert accepted.status_code in (200, 302)  # the page's own answer checks, past CSRF


def test_a_token_checked_once_is_matched_after_and_never_for_another_session(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    signing_app, checking_app = make_app(), make_app()  # two workers of one service
    page = _first_question(signing_app)
    client = signing_app.test_client()
    found = CSRF_INPUT.search(client.get(page).get_data(as_text=True))
    assert found is not None
    token = found.group(1)
    cookie = client.get_cookie(signing_app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    poster = checking_app.test_client()
    poster.set_cookie(cookie.key, cookie.value)
    checked = counting_loads(monkeypatch)
    for _ in range(3):
        assert poster.post(page, data={"csrf_token": token}).status_code in (200, 302)
    # the cookie's reading and the token each checked by their signature once, then kept
    assert checked.count(token) == 1
    stranger = checking_app.test_client()
    stranger.get(page)
    assert stranger.post(page, data={"csrf_token": token}).status_code == 400
    assert poster.post(page, data={"csrf_token": token + "x"}).status_code == 400
    assert poster.post(page, data={}).status_code == 400


def _first_question(app: Flask) -> str:
    return "/" + app.extensions["mvpkit"].service.pages[0].id


def test_kept_entries_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sessions, "KEPT", 2)
    kept: dict[str, int] = {}
    for number in range(5):
        sessions._keep(kept, str(number), number)
    assert 1 <= len(kept) <= 2
    assert kept["4"] == 4
