"""The security headers every response carries, and the per-request CSP nonce.

Every response is `Cache-Control: no-store` except static assets: pages carry a nonce, a
CSRF token or someone's answers, and one rule that cannot miss a page is safer than a list.
The assets themselves are served before Flask sees the request (`asset_serving`), with the
same headers but a policy of their own: a file is no page, and holds no nonce.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from flask import Flask, Response, g, request

NONCE_BYTES = 16
HSTS = "max-age=31536000"
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)
FIXED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
}


FILE_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
"""A static file's policy: opened on its own (an SVG, say), it may load and run nothing."""


def file_headers(*, production: bool) -> dict[str, str]:
    """The security headers of a static file: the pages' fixed ones, and `FILE_POLICY`."""
    headers = {**FIXED_HEADERS, "Content-Security-Policy": FILE_POLICY}
    if production:
        headers["Strict-Transport-Security"] = HSTS
    return headers


NONCE_SLOT = f"mvpkit-nonce-{secrets.token_urlsafe(12)}"
"""Stands for the nonce in kept HTML: each request's own is put in its place."""


@contextmanager
def nonce_slot() -> Iterator[None]:
    """While rendering HTML to keep, `csp_nonce()` gives `NONCE_SLOT`, not a nonce."""
    own = g.pop("csp_nonce", None)
    g.csp_nonce = NONCE_SLOT
    try:
        yield
    finally:
        if own is None:
            g.pop("csp_nonce", None)
        else:
            g.csp_nonce = own


def csp_nonce() -> str:
    """This request's nonce: inline `<script>` and `<style>` elements need it."""
    nonce: str | None = g.get("csp_nonce")
    if nonce is None:
        nonce = g.csp_nonce = secrets.token_urlsafe(NONCE_BYTES)
    return nonce


def content_security_policy(nonce: str, image_sources: Iterable[str] = ()) -> str:
    """Only this origin's files, inline code only with the nonce, no frames, no plugins."""
    images = " ".join(("'self'", *image_sources))
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            f"style-src 'self' 'nonce-{nonce}'",
            f"img-src {images}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def origin_of(url: str | None) -> list[str]:
    """The origin of an absolute http(s) address, to allow its images; none for a path."""
    parts = urlsplit(url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return [f"{parts.scheme}://{parts.netloc}"]
    return []


def install_headers(
    app: Flask,
    *,
    production: bool,
    asset_endpoints: Iterable[str],
    image_sources: Iterable[str] = (),
) -> None:
    """Send the security headers on every response of `app`, and offer `csp_nonce` to templates."""
    assets = frozenset(asset_endpoints)
    images = tuple(image_sources)

    def add_headers(response: Response) -> Response:
        response.headers.update(FIXED_HEADERS)
        response.headers["Content-Security-Policy"] = content_security_policy(csp_nonce(), images)
        if production:
            response.headers["Strict-Transport-Security"] = HSTS
        if request.endpoint not in assets or response.status_code >= 400:
            response.headers["Cache-Control"] = "no-store"
        return response

    app.after_request(add_headers)
    app.add_template_global(csp_nonce)
