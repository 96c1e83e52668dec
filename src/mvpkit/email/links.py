"""Links put in emails: the configured public address, then the page's path.

Never the address the request came to: a forged `Host` header must not choose where a
password-reset link points.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for


def emailed_url(endpoint: str, **values: Any) -> str:
    """The full address of a page of this service, from MVPKIT_PUBLIC_URL and its mount path."""
    public: str = current_app.config["MVPKIT_PUBLIC_URL"]
    return public.rstrip("/") + url_for(endpoint, **values)
