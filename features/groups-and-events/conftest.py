"""Steps and fixtures for the groups-and-events features; GOV.UK steps come from mvpkit."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_bdd import given, parsers

from mvpkit.patterns.directory import listings
from mvpkit.testing.live_server import LiveServer


@pytest.fixture(scope="session")
def mvpkit_service_dir() -> Path:
    """These features describe the groups-and-events exemplar."""
    return Path(__file__).resolve().parents[2] / "exemplars" / "groups-and-events"


@given(parsers.parse('a group has sent the listing "{title}"'))
def sent_listing(live_server: LiveServer, title: str) -> None:
    """A weekly meeting listed by a group, waiting for staff to check it."""
    assert live_server.app is not None
    kit = live_server.app.extensions["mvpkit"]
    answers = {
        "kind": "group",
        "organisation": "Riverside Knitters",
        "title": title,
        "description": "Bring your needles, or borrow ours. Beginners welcome.",
        "category": "arts-and-crafts",
        "cost": "free",
        "venue": "Riverside Library",
        "address": "1 High Street, Riverside",
        "postcode": "SW1A 1AA",
        "contact_email": "knit@riverside-knitters.example.org",
        "starts_on": "2027-01-05",
        "start_time": "14:00",
        "end_time": "16:00",
        "repeat": "weekly",
    }
    listings.create(kit.db, kit.slug, answers)
