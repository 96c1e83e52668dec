"""Addresses of the gate's own servers, written as the paths a reader can find."""

from __future__ import annotations

import re

LOOPBACK_ADDRESS = re.compile(
    r"https?://(?:127\.0\.0\.1|localhost|\[::1\]|0\.0\.0\.0)(?::\d+)?(?P<path>/[^\s'\"<>)]*)?"
)


def to_paths(text: str) -> str:
    """The text with each address on this machine (`http://127.0.0.1:<port>/x`) as its path."""
    return LOOPBACK_ADDRESS.sub(lambda found: found["path"] or "/", text)
