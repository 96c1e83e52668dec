"""Refuse a request with a NUL byte in its path, query or form: no answer holds one.

PostgreSQL cannot store or compare text with a NUL in it, so without this guard such a
request reaches a query and fails with a 500; with it, every view is spared the check.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, abort, request

NUL = "\x00"


def install_input_guard(app: Flask) -> None:
    """Answer any request carrying a NUL byte with the GOV.UK 400 page."""
    app.before_request(_refuse_nul)


def _refuse_nul() -> None:
    if NUL in request.path or _holds_nul(request.args.items(multi=True)):
        abort(400)
    if request.method in ("POST", "PUT", "PATCH") and _holds_nul(request.form.items(multi=True)):
        abort(400)


def _holds_nul(pairs: Iterable[tuple[str, str]]) -> bool:
    return any(NUL in key or NUL in value for key, value in pairs)
