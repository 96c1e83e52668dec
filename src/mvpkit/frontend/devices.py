"""The class of a browser's device, from its own description: phone, tablet or desktop.

Only the class is ever kept, never the description, which can identify a browser.
"""

from __future__ import annotations

import re

PHONE = re.compile(r"iPhone|iPod|Android.+Mobile|Windows Phone|Mobile Safari|Mobi", re.I)
TABLET = re.compile(r"iPad|Tablet|Android|Silk|Kindle", re.I)
CLASSES = ("phone", "tablet", "desktop")


def device_class(user_agent: str) -> str:
    """phone, tablet or desktop."""
    if PHONE.search(user_agent):
        return "phone"
    if TABLET.search(user_agent):
        return "tablet"
    return "desktop"
