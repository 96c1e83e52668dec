"""Refuse a request with a NUL byte in its path or query: no page's address holds one.

PostgreSQL cannot store or compare text with a NUL in it, so without this guard such a
request reaches a query and fails with a 500; with it, every view is spared the check.
Form answers are not refused: the forms strip control characters from what they keep.
"""

from __future__ import annotations

from flask import Flask, abort, request

NUL = "\x00"


def install_input_guard(app: Flask) -> None:
    """Answer any request with a NUL byte in its path or query with the GOV.UK 400 page."""
    app.before_request(_refuse_nul)


def _refuse_nul() -> None:
    arguments = request.args.items(multi=True)
    if NUL in request.path or any(NUL in name or NUL in value for name, value in arguments):
        abort(400)
