"""Staff sessions: one service each, server-side, ended by signing out or two idle hours."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import ParamSpec, TypeVar
from urllib.parse import urlsplit

from flask import g, redirect, request, url_for
from werkzeug.wrappers import Response

from mvpkit.auth import sessions
from mvpkit.backoffice.accounts import REALM, staff_email
from mvpkit.kit import current_kit

IDLE = timedelta(hours=2)  # signed out after two hours without a staff page
ABSOLUTE = timedelta(hours=12)  # and a working day after signing in, whatever happens
P = ParamSpec("P")
R = TypeVar("R")


def staff_realm() -> sessions.Realm:
    """This service's staff sessions: their own cookie, and a scope only this service opens."""
    slug = current_kit().slug
    return sessions.Realm(REALM, f"mvpkit-staff-{slug}", IDLE, ABSOLUTE, scope=slug)


def signed_in_email() -> str | None:
    """The email of the member of staff signed in to this service, or None."""
    if "mvpkit_staff_email" in g:
        cached: str | None = g.get("mvpkit_staff_email")
        return cached
    kit = current_kit()
    user_id = sessions.current(kit.db, staff_realm())
    email = staff_email(kit.db, user_id, kit.slug) if user_id is not None else None
    g.mvpkit_staff_email = email
    return email


def staff_required(view: Callable[P, R]) -> Callable[P, R | Response]:
    """Send anyone who is not a signed-in member of staff to the sign-in page."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | Response:
        if signed_in_email() is None:
            return redirect(url_for("backoffice.sign_in", next=here()))
        return view(*args, **kwargs)

    return wrapper


def here() -> str:
    """This page's address, with the mount prefix, for coming back to after signing in."""
    if request.method != "GET" or request.endpoint is None:
        return url_for("backoffice.submissions")
    query = {name: value for name, value in request.args.items() if not name.startswith("_")}
    values = {**query, **(request.view_args or {})}  # url_for's own _options are not taken
    return url_for(request.endpoint, **values)


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a back office page of this service, or its list."""
    home = url_for("backoffice.submissions")
    if not target or not target.isascii() or not target.isprintable():
        return home
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(odd in target for odd in ("\\", "//", " ")):
        return home
    if {".", ".."} & set(parts.path.split("/")):
        return home
    staff_root = home.rstrip("/")
    if parts.path != staff_root and not parts.path.startswith(staff_root + "/"):
        return home
    return target
