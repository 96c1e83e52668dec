"""The days offered on an appointment-day page, grouped by the week they fall in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any


@dataclass(frozen=True)
class Week:
    """One week's days as radio items, under a heading like 'Week beginning Monday 7 December'."""

    heading: str
    items: list[dict[str, Any]]


def week_heading(monday: date) -> str:
    """'Week beginning Monday 7 December' (each day's own label carries the year)."""
    return f"Week beginning Monday {monday.day} {monday:%B}"


def by_week(items: list[dict[str, Any]], id_prefix: str) -> list[Week]:
    """Radio items whose values are ISO days, in weeks from Monday, in the order given.

    The radios of every week share one name, so each item gets an id numbered across the
    page: the first is `id_prefix` itself, where the error summary links.
    """
    weeks: dict[date, list[dict[str, Any]]] = {}
    for number, item in enumerate(items, start=1):
        day = date.fromisoformat(item["value"])
        monday = day - timedelta(days=day.weekday())
        item_id = id_prefix if number == 1 else f"{id_prefix}-{number}"
        weeks.setdefault(monday, []).append({**item, "id": item_id})
    return [Week(week_heading(monday), days) for monday, days in weeks.items()]
