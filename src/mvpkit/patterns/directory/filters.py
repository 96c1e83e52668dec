"""What residents and open data users ask a search for, read from the query string.

Nothing here trusts the query string: every value is checked, and a value that cannot be
used becomes a message (for the search page) or a reason (for the open data API).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mvpkit.patterns.directory import postcodes, schedule, taxonomy
from mvpkit.patterns.directory.models import COSTS
from mvpkit.questions.answers import FieldError

MAX_AGE = 120
MAX_TEXT = 200
DAYS = {name.lower(): index for index, name in enumerate(schedule.WEEKDAYS)}
DAY_CODES = {code.lower(): index for index, code in enumerate(schedule.BYDAY)}
FIELDS = ("q", "category", "age", "day", "cost", "area")


@dataclass
class Asked:
    """A resident's search: what they typed (to show again) and what can be used."""

    typed: dict[str, str]
    words: str = ""
    category: str | None = None
    age: int | None = None
    weekday: int | None = None
    cost: str | None = None
    area: str | None = None
    errors: list[FieldError] = field(default_factory=list)

    @property
    def submitted(self) -> bool:
        """Whether any filter was given (the search form was sent, or a link to results)."""
        return any(self.typed.values())

    def query(self) -> dict[str, str]:
        """The filters given, for links to other pages of the same results."""
        return {name: value for name, value in self.typed.items() if value}

    def search(self) -> dict[str, Any]:
        """The keyword arguments of `search.search`."""
        return {
            "words": self.words,
            "category": self.category,
            "age": self.age,
            "weekday": self.weekday,
            "cost": self.cost,
            "area": self.area,
        }


def _text(args: Mapping[str, str], name: str) -> str:
    return " ".join(str(args.get(name, "")).split())[:MAX_TEXT]


def whole_number(text: str) -> int | None:
    """A whole number of digits only, or None."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else None


def resident_search(args: Mapping[str, str]) -> Asked:
    """The search page's filters, with a GOV.UK message for each that cannot be used."""
    asked = Asked(typed={name: _text(args, name) for name in FIELDS})
    typed = asked.typed
    asked.words = typed["q"]

    def problem(name: str, message: str) -> None:
        asked.errors.append(FieldError(name, name, message))

    if typed["category"]:
        if taxonomy.term(typed["category"]) is None:
            problem("category", "Select a category from the list")
        else:
            asked.category = typed["category"]
    if typed["age"]:
        age = whole_number(typed["age"])
        if age is None or age > MAX_AGE:
            problem("age", f"Age must be a whole number of years between 0 and {MAX_AGE}")
        else:
            asked.age = age
    if typed["day"]:
        if typed["day"].lower() not in DAYS:
            problem("day", "Select a day from the list")
        else:
            asked.weekday = DAYS[typed["day"].lower()]
    if typed["cost"]:
        if typed["cost"] not in COSTS:
            problem("cost", "Select free or paid for")
        else:
            asked.cost = typed["cost"]
    if typed["area"]:
        district = postcodes.area_asked(typed["area"])
        if district is None:
            problem("area", "Enter a postcode area, like LS6, or a full postcode, like LS6 1AN")
        else:
            asked.area = district
    return asked


def page_number(text: str | None) -> int | None:
    """A page number from 1, or None when it is not one (the caller answers 404 or 400)."""
    if text is None or text == "":
        return 1
    number = whole_number(text)
    return number if number is not None and number >= 1 else None


class BadQueryError(ValueError):
    """An open data query with a value that cannot be used; its message says which."""


@dataclass(frozen=True)
class OpenQuery:
    """An Open Referral UK query of services."""

    words: str = ""
    category: str | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    weekday: int | None = None
    page: int = 1
    per_page: int = 20


def _number(args: Mapping[str, str], name: str, low: int, high: int) -> int | None:
    text = str(args.get(name, "")).strip()
    if not text:
        return None
    number = whole_number(text)
    if number is None or not low <= number <= high:
        raise BadQueryError(f"{name} must be a whole number from {low} to {high}")
    return number


def open_query(args: Mapping[str, str], default_per_page: int, max_per_page: int) -> OpenQuery:
    """The ORUK query parameters; raises BadQueryError for a value that cannot be used."""
    category = str(args.get("taxonomy_term_id", "")).strip() or None
    if category is not None and taxonomy.term(category) is None:
        raise BadQueryError("taxonomy_term_id must be the id of a taxonomy term")
    day_text = str(args.get("day", "")).strip().lower()
    weekday = DAYS.get(day_text, DAY_CODES.get(day_text)) if day_text else None
    if day_text and weekday is None:
        raise BadQueryError("day must be a day of the week, like Tuesday or TU")
    minimum = _number(args, "minimum_age", 0, MAX_AGE)
    maximum = _number(args, "maximum_age", 0, MAX_AGE)
    if minimum is not None and maximum is not None and minimum > maximum:
        raise BadQueryError("minimum_age must not be more than maximum_age")
    return OpenQuery(
        words=_text(args, "search"),
        category=category,
        minimum_age=minimum,
        maximum_age=maximum,
        weekday=weekday,
        page=_number(args, "page", 1, 1_000_000) or 1,
        per_page=_number(args, "per_page", 1, max_per_page) or default_per_page,
    )
