"""Links between services served together: each is mounted at `/<slug>/` on one root."""

from __future__ import annotations

from flask import request


def service_href(slug: str, path: str) -> str:
    """A page of another service served with this one, from inside a request."""
    root = request.script_root.rpartition("/")[0]
    return f"{root}/{slug}{path}"
