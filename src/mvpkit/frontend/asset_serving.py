"""The built assets, served by WhiteNoise in front of an app: compressed, and cached by version.

WhiteNoise answers `/assets/...` before Flask sees the request. It reads the folder once, at
start-up (at every request when templates reload, in development), sends the `.br` or `.gz`
copy the browser accepts with `Vary: Accept-Encoding`, and answers a matching
`If-None-Match` with a 304. A versioned file is kept for a year; a file asked for by its
plain name (a source map, an icon the web manifest lists) for a day.

Flask's own `assets` rule stays, to build addresses with and to answer 404 for a file that
is not there, with the error page and headers of every other 404.
"""

from __future__ import annotations

from typing import Final
from wsgiref.headers import Headers

from flask import Flask
from whitenoise import WhiteNoise

from mvpkit.frontend.assets import Assets
from mvpkit.frontend.headers import file_headers

__all__ = ["IMMUTABLE", "PLAIN", "asset_href", "serve_assets"]

IMMUTABLE: Final = "public, max-age=31536000, immutable"
"""A versioned file: its address changes when it does, so it may be kept for a year."""
PLAIN: Final = "public, max-age=86400"
"""A file by its plain name: a day, so a new build is seen the day after."""
PREFIX: Final = "/assets/"


def asset_href(assets: Assets | None, script_root: str, name: str) -> str:
    """The address of the asset `name` below `script_root`: by its versioned name once built."""
    return f"{script_root}{PREFIX}{assets.versioned(name) if assets else name}"


def serve_assets(app: Flask, assets: Assets | None, *, production: bool, refresh: bool) -> None:
    """Put WhiteNoise in front of `app` to serve `assets` at `/assets/`; none: Flask's 404.

    `refresh` looks for the files at every request rather than once (for development).
    """
    if assets is None:
        return
    versioned = frozenset(PREFIX + name for name in assets.versions.values())
    fixed = file_headers(production=production)

    def add_headers(headers: Headers, _path: str, url: str) -> None:
        for name, value in fixed.items():
            headers[name] = value
        headers["Cache-Control"] = IMMUTABLE if url in versioned else PLAIN

    app.wsgi_app = WhiteNoise(  # type: ignore[method-assign]
        app.wsgi_app,
        root=str(assets.root),
        prefix=PREFIX,
        autorefresh=refresh,
        max_age=None,  # add_headers sets Cache-Control
        allow_all_origins=False,  # the pages that use them are on the same origin
        add_headers_function=add_headers,
    )
