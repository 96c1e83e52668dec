"""Who may see the prototype: a password page in front of everything, and two roles.

A correct password starts a server-side session (`mvpkit.auth.sessions`) in the research
database, shared by every service served together. Revoking the password ends its
sessions at once. Participants see the services; researchers also see the research pages
and the outbox.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import ParamSpec, TypeVar
from urllib.parse import urlsplit

from flask import abort, g, redirect, request, url_for
from werkzeug.wrappers import Response

from mvpkit.auth import limits, sessions
from mvpkit.kit import Kit, current_kit
from mvpkit.patterns.research import passwords
from mvpkit.patterns.research.models import RESEARCHER
from mvpkit.store.database import Database

REALM = sessions.Realm(
    passwords.REALM_NAME, "mvpkit-research", idle=timedelta(hours=8), absolute=timedelta(days=1)
)
SIGN_IN_PER_CLIENT = limits.Limit("research-sign-in", 10, timedelta(minutes=15), by_client=True)
OPEN = frozenset(
    {"research.sign_in", "research.sign_in_submit", "pages.health", "assets", "icon", "touch_icon"}
)
RESEARCHERS_ONLY = frozenset({"outbox.emails"})
FOR_EVERYONE = frozenset({"research.start", "research.sign_out", "research.home_or_start"})
P = ParamSpec("P")
R = TypeVar("R")


def signed_in_holder(db: Database) -> passwords.Holder | None:
    """Whose password this browser came in with, while it still works."""
    if "mvpkit_research_holder" in g:
        cached: passwords.Holder | None = g.get("mvpkit_research_holder")
        return cached
    password_id = sessions.current(db, REALM)
    found = passwords.holder(db, password_id) if password_id is not None else None
    g.mvpkit_research_holder = found
    return found


def gate() -> Response | None:
    """Before every request of a prototype: a password first, and researchers' pages kept."""
    if request.endpoint in OPEN:
        return None
    found = signed_in_holder(current_kit().db)
    if found is None:
        return redirect(url_for("research.sign_in", next=_here()))
    endpoint = request.endpoint or ""
    researchers_only = endpoint in RESEARCHERS_ONLY or (
        endpoint.startswith(("research.", "research_")) and endpoint not in FOR_EVERYONE
    )
    if researchers_only and found.role != RESEARCHER:
        abort(404)  # a participant is not told the researcher's pages exist
    return None


def index_gate(kit: Kit) -> Response | None:
    """Before the index of services: without a password, the first service's password page."""
    if request.endpoint in ("asset", "icon", "touch_icon", "health"):
        return None
    if signed_in_holder(kit.db) is not None:
        return None
    return redirect(f"{request.script_root}/{kit.slug}/research/sign-in")


def researcher_required(view: Callable[P, R]) -> Callable[P, R]:
    """Refuse anyone but a researcher (the gate already does: this says so at the view)."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        found = signed_in_holder(current_kit().db)
        if found is None or found.role != RESEARCHER:
            abort(404)
        return view(*args, **kwargs)

    return wrapper


def _here() -> str:
    """This address within the service, to come back to after the password."""
    if request.method != "GET":
        return ""
    path = request.script_root + request.path
    return path + ("?" + request.query_string.decode("latin-1") if request.query_string else "")


def safe_next(target: str | None) -> str:
    """Where to go after the password: an address of this service, or its first page."""
    home = url_for("research.home_or_start")
    if not target or not target.isascii() or not target.isprintable():
        return home
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(odd in target for odd in ("\\", "//", " ")):
        return home
    root = request.script_root.rstrip("/") + "/"
    if not parts.path.startswith(root) or {".", ".."} & set(parts.path.split("/")):
        return home
    return target
