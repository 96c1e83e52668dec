"""A participant's start link, as an address to share and as a QR code to scan."""

from __future__ import annotations

import io

from flask import url_for

from mvpkit.kit import Kit


def shared_url(kit: Kit, path: str) -> str:
    """A path of the prototype on the address being shared (never the request's Host)."""
    return (kit.settings.public_url or kit.settings.served_url).rstrip("/") + path


def start_link(kit: Kit, token: str) -> str:
    """The full address of a participant's start link."""
    return shared_url(kit, url_for("research.start", token=token))


def start_qr(link: str) -> str:
    """The link as an SVG QR code, with its text for anyone who cannot scan it."""
    import segno  # imported here: only research mode draws codes

    return segno.make(link, error="m").svg_inline(
        scale=4, dark="#0b0c0c", light="#ffffff", title=f"QR code for {link}"
    )


def terminal_qr(link: str) -> str:
    """The link as a QR code drawn in text, for the terminal."""
    import segno

    out = io.StringIO()
    segno.make(link, error="m").terminal(out=out, compact=True)
    return out.getvalue()
