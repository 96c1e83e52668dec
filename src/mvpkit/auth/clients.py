"""Who is asking, for per-client limits: the address the request came from.

Behind a proxy, `MVPKIT_TRUSTED_PROXIES` makes this the resident's own address (from
X-Forwarded-For), not the proxy's: see docs/running-and-deploying.md.
"""

from __future__ import annotations

from flask import request


def client_address() -> str:
    """The client's address as the trusted proxies report it."""
    return request.remote_addr or "unknown"
