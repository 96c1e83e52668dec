"""Signed session cookies and CSRF tokens, each signature checked or made once, then kept.

A browser sends the same session cookie with every request until the session changes, and
every form carries the same CSRF token for as long as the session lasts
(`WTF_CSRF_TIME_LIMIT=None`). Flask checks the cookie's signature and decodes it again on
each request, and Flask-WTF signs the token again for each page: together about a seventh
of a question page's time. Here each is done once and kept:

- a cookie's reading is kept by the cookie's exact text, signature included, so only a
  cookie that passed the check is ever taken from here; its age is still checked each
  time, against the time its signature carries;
- a token's signed form is kept by the session's token it signs, whether signed here or
  checked here the first time a form brought it: a form bringing that very text again
  passes without its signature being checked again (with no time limit on the token, the
  check would find the same).

Both are kept by the secret key too, and hold at most `KEPT` entries, all dropped when full.
"""

from __future__ import annotations

import hmac
from typing import Any

from flask import Flask, Request, current_app, g, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect, generate_csrf
from itsdangerous import BadSignature, TimestampSigner

KEPT = 4096
_FLASK_WTF_CSRF = generate_csrf.__module__
_PLAIN = (str, int, float, bool, type(None))  # values a shallow copy cannot share


def install_sessions(app: Flask) -> None:
    """Give the app kept session readings and CSRF tokens (after `CSRFProtect`)."""
    app.session_interface = KeptReadingSessions()
    app.extensions["mvpkit.csrf_tokens"] = {}
    app.add_template_global(csrf_token)
    # Flask-WTF also puts its own csrf_token() in every page's context, where it would win
    # over the global: its context processor goes, so pages take the kept one.
    processors = app.template_context_processors[None]
    processors[:] = [p for p in processors if getattr(p, "__module__", None) != _FLASK_WTF_CSRF]


class KeptReadingSessions(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, each cookie read once and its reading kept."""

    def __init__(self) -> None:
        self._readings: dict[tuple[Any, str], tuple[dict[str, Any], int]] = {}
        self._clock = TimestampSigner("only-its-clock")  # itsdangerous's own idea of now

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """The session the request's cookie holds, or an empty one if it fails the check."""
        if not app.secret_key:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (_keys(app), cookie)
        kept = self._readings.get(key)
        if kept is not None:
            data, signed_at = kept
            if 0 <= self._clock.get_timestamp() - signed_at <= max_age:
                return self.session_class(data)  # a dict of its own, made from the reading
            self._readings.pop(key, None)  # too old now: refused below, as Flask would
        serializer = self.get_signing_serializer(app)
        if serializer is None:  # pragma: no cover - the secret key was checked above
            return None
        try:
            data, signed = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if isinstance(data, dict) and all(isinstance(value, _PLAIN) for value in data.values()):
            _keep(self._readings, key, (dict(data), int(signed.timestamp())))
        return self.session_class(data)


class KeptCSRFProtect(CSRFProtect):  # type: ignore[misc]  # Flask-WTF has no types
    """Flask-WTF's CSRF check, a session's token checked once and then matched as kept."""

    def protect(self, apply_exemptions: bool = False) -> None:
        """As Flask-WTF's, but a token this process signed or checked for the session passes."""
        if apply_exemptions and (not request.endpoint or self._is_exempt()):
            return
        config = current_app.config
        if request.method not in config["WTF_CSRF_METHODS"]:
            return
        raw = session.get(config["WTF_CSRF_FIELD_NAME"])
        kept_for = (_keys(current_app), raw) if isinstance(raw, str) else None
        keepable = kept_for is not None and config["WTF_CSRF_TIME_LIMIT"] is None
        strict = request.is_secure and config["WTF_CSRF_SSL_STRICT"]
        sent = self._get_csrf_token()
        if keepable and not strict and isinstance(sent, str):
            kept = current_app.extensions["mvpkit.csrf_tokens"].get(kept_for)
            if kept is not None and hmac.compare_digest(kept.encode(), sent.encode()):
                g.csrf_valid = True
                return
        super().protect()  # refuses the request unless the token is good
        if keepable and isinstance(sent, str):
            _keep(current_app.extensions["mvpkit.csrf_tokens"], kept_for, sent)


def csrf_token() -> str:
    """The form's CSRF token (as Flask-WTF's `csrf_token()`), signed once per session."""
    tokens: dict[tuple[Any, str], str] = current_app.extensions["mvpkit.csrf_tokens"]
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    raw = session.get(field)
    if isinstance(raw, str):
        signed = tokens.get((_keys(current_app), raw))
        if signed is not None:
            return signed
    signed = str(generate_csrf())  # puts a new token in the session when it has none
    raw = session.get(field)
    if isinstance(raw, str):
        _keep(tokens, (_keys(current_app), raw), signed)
    return signed


def _keys(app: Flask) -> tuple[Any, ...]:
    """The secret key and its fallbacks: what a signature was checked or made with."""
    return (app.secret_key, *(app.config.get("SECRET_KEY_FALLBACKS") or ()))


def _keep(kept: dict[Any, Any], key: Any, value: Any) -> None:
    if len(kept) >= KEPT:
        kept.clear()
    kept[key] = value
