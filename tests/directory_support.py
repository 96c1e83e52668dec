"""Helpers for the directory's tests: a database with its tables, and a listing's answers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mvpkit.patterns.directory.models import tables
from mvpkit.store.database import Database, connect
from mvpkit.store.models import Base

SERVICE = "find-a-group"
STAFF = "moderator@council.example"


@contextmanager
def directory_database(url: str) -> Iterator[Database]:
    """A database at this URL holding the directory's tables, disposed of afterwards."""
    db = connect(url)
    Base.metadata.create_all(db.engine, tables=tables())
    try:
        yield db
    finally:
        db.dispose()


def answers(**changes: Any) -> dict[str, Any]:
    """A weekly toddler group's answers, as a journey collects them, with these changes."""
    given: dict[str, Any] = {
        "kind": "group",
        "organisation": "Hyde Park Families",
        "title": "Tuesday toddlers",
        "description": "Songs, stories and messy play for under-fives and their carers.",
        "who_for": "Children under 5 and their parents or carers",
        "age_min": "0",
        "age_max": "4",
        "category": "parents-and-toddlers",
        "cost": "free",
        "cost_details": "",
        "venue": "Hyde Park Community Centre",
        "address": "12 Mill Lane\nLeeds",
        "postcode": "ls6 1an",
        "contact_name": "Group organiser",
        "contact_email": "toddlers@group.example",
        "contact_phone": "0113 496 0000",
        "website": "group.example/toddlers",
        "starts_on": "2026-01-06",
        "start_time": "10:00",
        "end_time": "11:30",
        "repeat": "weekly",
        "repeat_until": "",
    }
    given.update(changes)
    return given
