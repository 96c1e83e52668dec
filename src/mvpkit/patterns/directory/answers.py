"""A listing's answers, checked, and turned into the listing's columns.

The answers are a flat dict, as a journey collects them: `kind`, `organisation`, `title`,
`description`, `who_for`, `age_min`, `age_max`, `category` (a term id), `cost` ("free" or
"paid"), `cost_details`, `venue`, `address`, `postcode`, `contact_name`, `contact_email`,
`contact_phone`, `website`, `starts_on` (the first date), `start_time`, `end_time`,
`end_date` (a one-off event over several days), `repeat` ("none", "weekly", "monthly"),
`repeat_until` and `week_of_month` (monthly: -1 for the last; else from the first date).
Dates and times may be ISO strings ("2026-12-05", "14:00") or `date` and `time` values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mvpkit.clock import LONDON
from mvpkit.patterns.directory import postcodes, schedule, taxonomy
from mvpkit.patterns.directory.models import DirectoryListing

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
WEBSITE = re.compile(r"^https?://[^\s/]+\.[^\s/]+\S*$", re.IGNORECASE)
OPTIONAL = ("age_min", "age_max", "end_date", "repeat_until", "week_of_month")
MISSING = {
    "kind": "Select whether it is a group or an event",
    "organisation": "Enter the name of the organisation",
    "title": "Enter a title",
    "description": "Enter a description",
    "category": "Select a category",
    "cost": "Select whether it is free or paid for",
    "venue": "Enter the name of the venue",
    "address": "Enter the address",
    "postcode": "Enter a postcode",
    "starts_on": "Enter the date",
    "start_time": "Enter the start time",
    "end_time": "Enter the end time",
    "repeat": "Select how often it happens",
}


class InvalidListingError(ValueError):
    """Answers that cannot make a listing; `errors` maps each answer to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{key}: {text}" for key, text in errors.items()))
        self.errors = errors


class ListingAnswers(BaseModel):
    """The answers that describe a listing, each checked on its own."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore", frozen=True)

    kind: Literal["group", "event"]
    organisation: str = Field(min_length=1, max_length=200)
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=5000)
    who_for: str = Field("", max_length=1000)
    age_min: int | None = Field(None, ge=0, le=120)
    age_max: int | None = Field(None, ge=0, le=120)
    category: str
    cost: Literal["free", "paid"]
    cost_details: str = Field("", max_length=1000)
    venue: str = Field(min_length=1, max_length=200)
    address: str = Field(min_length=1, max_length=1000)
    postcode: str
    contact_name: str = Field("", max_length=200)
    contact_email: str = Field("", max_length=254)
    contact_phone: str = Field("", max_length=40)
    website: str = Field("", max_length=500)
    starts_on: date
    start_time: time
    end_time: time
    end_date: date | None = None
    repeat: Literal["none", "weekly", "monthly"] = "none"
    repeat_until: date | None = None
    week_of_month: int | None = None

    @field_validator(*OPTIONAL, mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        if taxonomy.term(value) is None:
            raise ValueError("Select a category")
        return value

    @field_validator("postcode")
    @classmethod
    def _real_postcode(cls, value: str) -> str:
        normalised = postcodes.normalise(value)
        if normalised is None:
            raise ValueError("Enter a real postcode, like LS6 1AN")
        return normalised

    @field_validator("contact_email")
    @classmethod
    def _email_shape(cls, value: str) -> str:
        if value and not EMAIL.fullmatch(value):
            raise ValueError("Enter an email address in the correct format, like name@example.com")
        return value

    @field_validator("website")
    @classmethod
    def _website_shape(cls, value: str) -> str:
        if value and "://" not in value:
            value = f"https://{value}"
        if value and not WEBSITE.fullmatch(value):
            raise ValueError("Enter a website address in the correct format, like example.org")
        return value

    @field_validator("week_of_month", mode="before")
    @classmethod
    def _last_is_minus_one(cls, value: Any) -> Any:
        return schedule.LAST if isinstance(value, str) and value.lower() == "last" else value

    @field_validator("week_of_month")
    @classmethod
    def _week_known(cls, value: int | None) -> int | None:
        if value is not None and value not in schedule.ORDINALS:
            raise ValueError("Select which week of the month it happens in")
        return value

    @property
    def first(self) -> schedule.Schedule:
        """The schedule these answers describe."""
        start = datetime.combine(self.starts_on, self.start_time, tzinfo=LONDON)
        end = datetime.combine(self.end_date or self.starts_on, self.end_time, tzinfo=LONDON)
        monthly = self.repeat == "monthly"
        return schedule.Schedule(
            starts_at=start.astimezone(UTC),
            ends_at=end.astimezone(UTC),
            repeat=self.repeat,
            repeat_until=self.repeat_until if self.repeat != "none" else None,
            week_of_month=(self.week_of_month or schedule.week_of_month(self.starts_on))
            if monthly
            else None,
        )


def check(answers: Mapping[str, Any]) -> ListingAnswers:
    """The answers, checked; raises InvalidListingError with a message for each problem."""
    try:
        checked = ListingAnswers.model_validate(dict(answers))
    except ValidationError as error:
        raise InvalidListingError(_messages(error)) from None
    problems = _together(checked)
    if problems:
        raise InvalidListingError(problems)
    return checked


def _messages(error: ValidationError) -> dict[str, str]:
    messages: dict[str, str] = {}
    for problem in error.errors():
        key = str(problem["loc"][0]) if problem["loc"] else "answers"
        kind = problem["type"]
        if kind == "value_error":
            text = str(problem["ctx"]["error"])
        elif kind in ("missing", "string_too_short", "literal_error") and key in MISSING:
            text = MISSING[key]
        elif kind == "string_too_long":
            text = f"Must be {problem['ctx']['max_length']} characters or fewer"
        elif key in ("age_min", "age_max"):
            text = "Enter an age in years, from 0 to 120"
        elif kind.startswith(("date", "time")):
            text = "Enter a real date" if "date" in kind else "Enter a real time, like 14:30"
        else:
            text = MISSING.get(key, "Check this answer")
        messages.setdefault(key, text)
    return messages


def _together(answers: ListingAnswers) -> dict[str, str]:
    """Problems between answers: ages in order, a price when paid, an end after the start."""
    problems: dict[str, str] = {}
    low, high = answers.age_min, answers.age_max
    if low is not None and high is not None and high < low:
        problems["age_max"] = "The oldest age must be the same as or more than the youngest"
    if answers.cost == "paid" and not answers.cost_details:
        problems["cost_details"] = "Enter how much it costs"
    if not (answers.contact_email or answers.contact_phone):
        problems["contact_email"] = "Enter an email address or a phone number"
    first = answers.first
    if first.ends_at <= first.starts_at:
        problems["end_time"] = "The end time must be after the start time"
    if answers.end_date is not None and answers.repeat != "none":
        problems["end_date"] = "Only a one-off event can end on a later day"
    if answers.repeat_until is not None and answers.repeat_until < answers.starts_on:
        problems["repeat_until"] = "The last date must be the same as or after the first date"
    week = answers.week_of_month
    day = answers.starts_on
    if answers.repeat == "monthly" and week is not None:
        ordinal = schedule.ORDINALS[week].lower()
        if (week == schedule.LAST and not schedule.is_last_of_month(day)) or (
            week != schedule.LAST and week != schedule.week_of_month(day)
        ):
            problems["starts_on"] = (
                f"The first date must be the {ordinal} {_weekday(day)} of its month"
            )
    return problems


def _weekday(day: date) -> str:
    return schedule.WEEKDAYS[day.weekday()]


def columns(answers: ListingAnswers) -> dict[str, Any]:
    """The listing's column values for these answers, with its schedule worked out."""
    first = answers.first
    start = first.start
    values: dict[str, Any] = answers.model_dump(
        exclude={"starts_on", "start_time", "end_time", "end_date", "week_of_month"}
    )
    values.update(
        cost_details=answers.cost_details if answers.cost == "paid" else "",
        area=postcodes.district(answers.postcode),
        starts_at=first.starts_at,
        ends_at=first.ends_at,
        repeat_until=first.repeat_until,
        weekday=start.weekday(),
        week_of_month=first.week_of_month,
        first_day=start.date().toordinal(),
        ends_on=schedule.ends_on(first),
    )
    values["search_text"] = search_text(values)
    return values


def search_text(values: Mapping[str, Any]) -> str:
    """The words a search looks in, lower-cased, on one line."""
    parts = [
        values["title"],
        values["organisation"],
        values["description"],
        values["who_for"],
        values["venue"],
        values["address"],
        values["postcode"],
        taxonomy.name_of(values["category"]),
    ]
    return " ".join(" ".join(str(part) for part in parts).lower().split())


def answers_of(listing: DirectoryListing) -> dict[str, Any]:
    """A stored listing's answers, as `check` takes them: to fill in a form to change it."""
    first = schedule.Schedule.of(listing)
    start, end = first.start, first.end
    answers = {name: getattr(listing, name, None) for name in ListingAnswers.model_fields}
    answers.update(
        starts_on=start.date(),
        start_time=start.time(),
        end_time=end.time(),
        end_date=end.date() if end.date() != start.date() else None,
    )
    return answers
