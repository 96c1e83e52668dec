"""The back office's navigation: this service's staff pages, with the one open marked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request, url_for

EXTENSION = "mvpkit.staff_links"


@dataclass(frozen=True)
class StaffLink:
    """A page in the back office's navigation, and the pages reached from it."""

    text: str
    endpoint: str
    below: tuple[str, ...] = ()  # endpoints of the pages it leads to, which mark it too


SUBMISSIONS = StaffLink(
    "Submissions", "backoffice.submissions", ("backoffice.submission", "backoffice.change_status")
)


def add_staff_links(app: Flask, links: Iterable[StaffLink]) -> None:
    """Add a pattern's staff pages to the navigation, after the submissions."""
    app.extensions.setdefault(EXTENSION, [SUBMISSIONS]).extend(links)


def staff_navigation() -> list[dict[str, Any]]:
    """The items of the back office's service navigation, the open page marked current."""
    links: list[StaffLink] = current_app.extensions.get(EXTENSION, [SUBMISSIONS])
    return [
        {
            "href": url_for(link.endpoint),
            "text": link.text,
            "current": request.endpoint == link.endpoint,
            "active": request.endpoint in link.below,
        }
        for link in links
    ]
