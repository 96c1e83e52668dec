"""Links put in emails: the configured public address, then the page's path.

Never the address the request came to: a forged `Host` header must not choose where a
password-reset link points.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, request
from werkzeug.routing import MapAdapter


@dataclass(frozen=True)
class EmailLinks:
    """Builds the full addresses of a service's pages with no request at hand.

    Made in a request (`for_request`), it is handed to code that runs later, such as the work
    inside a database transaction, so that code never reaches for Flask's request globals.
    """

    public_url: str
    adapter: MapAdapter

    @classmethod
    def for_request(cls) -> EmailLinks:
        """The links of the service handling this request, at the path it is mounted on."""
        adapter = current_app.url_map.bind("localhost", script_name=request.script_root or "/")
        return cls(str(current_app.config["MVPKIT_PUBLIC_URL"]).rstrip("/"), adapter)

    def url(self, endpoint: str, **values: Any) -> str:
        """The full address of the page at `endpoint`, as an email carries it."""
        return self.public_url + self.adapter.build(endpoint, values)


def emailed_url(endpoint: str, **values: Any) -> str:
    """The full address of a page of this service, from MVPKIT_PUBLIC_URL and its mount path."""
    return EmailLinks.for_request().url(endpoint, **values)
