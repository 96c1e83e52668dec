"""The typed model of a service definition (`service.yaml`)."""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from mvpkit.definition.colour import contrast_ratio
from mvpkit.definition.strict import Strict

CHECK_ANSWERS = "check-answers"  # the page every journey ends on, by itself
ID_PATTERN = r"^[a-z][a-z0-9-]*$"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class Option(Strict):
    """One answer a radios, checkboxes or select question offers."""

    value: str
    """What is stored and what `next` rules compare; the label when not given."""
    label: str
    """The words users see; the value when not given."""
    hint: str | None = None
    """A short line under the option."""

    @model_validator(mode="before")
    @classmethod
    def _from_plain(cls, data: Any) -> Any:
        if isinstance(data, bool):  # YAML 1.1 reads an option `Yes` or `No` as a boolean
            return {"value": _plain(data), "label": _plain(data).capitalize()}
        if isinstance(data, str | int | float):
            return {"value": str(data), "label": str(data)}
        if isinstance(data, dict) and "label" in data and "value" not in data:
            return {**data, "value": data["label"]}
        if isinstance(data, dict) and "value" in data and "label" not in data:
            return {**data, "label": data["value"]}
        return data


class DaysAgo(Strict):
    """A condition on a date answer: it holds when the date is more than N days before today."""

    more_than_days_ago: Annotated[int, Field(ge=0)]


ConditionValue = str | list[str] | DaysAgo


class NextRule(Strict):
    """Go to `goto` when every answer named in `if` matches (a rule without `if` always does)."""

    when: dict[str, ConditionValue] | None = Field(default=None, alias="if")
    """Question ids and the answers that make the rule hold; without it, the rule always does."""
    goto: str
    """The id of the page to go to."""

    @field_validator("when", mode="before")
    @classmethod
    def _stringify(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): _condition(val) for k, val in value.items()}
        return value


def _condition(value: Any) -> Any:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, dict):  # a date condition, like {more_than_days_ago: 42}
        return value
    return _plain(value)


def _plain(value: Any) -> str:
    """YAML reads `yes` as True: a condition compares with the submitted string."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class QuestionFields(Strict):
    """What every question accepts; a page of one question carries these itself."""

    type: str | None = None
    """The question type (text when not given): one of the kinds `mvpkit validate` lists."""
    required: bool = True
    """Set to false to let users skip the question."""
    hint: str | None = None
    """One short sentence under the label."""
    min_length: Annotated[int, Field(ge=0)] | None = None
    """The fewest characters allowed."""
    max_length: Annotated[int, Field(ge=1)] | None = None
    """The most characters allowed."""
    min: float | str | None = None
    """The lowest number, or the earliest date (like 2024-01-31, or today)."""
    max: float | str | None = None
    """The highest number, or the latest date (like 2024-01-31, or today)."""
    pattern: str | None = None
    """A regular expression the whole answer must match."""
    pattern_message: str | None = None
    """The error shown when the answer does not match `pattern`."""
    errors: dict[str, str] = Field(default_factory=dict)
    """Your own words for error messages, by key: required, max_length, format, min, ..."""
    options: list[Option] | None = None
    """The answers to choose from, for radios, checkboxes and select."""
    summary: str | None = None
    """The short name used in check answers, the back office and error messages."""
    autocomplete: str | None = None
    """The HTML autocomplete value for the browser to fill in."""
    sample: str | list[str] | dict[str, str] | None = None
    """An answer the release check gives; it must pass the question's own rules."""

    @field_validator("sample", mode="before")
    @classmethod
    def _sample_text(cls, value: Any) -> Any:
        """A sample written `12345678` or `2024-01-31` is the text a user would type."""
        if isinstance(value, bool | int | float):
            return _plain(value)
        return value

    @field_validator("min", "max", mode="before")
    @classmethod
    def _date_text(cls, value: Any) -> Any:
        """YAML 1.1 reads `2024-01-31` as a date: a date bound is kept as ISO text."""
        return value.isoformat() if isinstance(value, date) else value

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"pattern is not a valid regular expression: {exc}") from exc
        return value


class Question(QuestionFields):
    """One question: its answer is stored under `id`."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    """Where the answer is stored: lower-case letters, digits and hyphens."""
    label: str
    """The question as users read it."""
    type: str = "text"
    """The question type."""

    @property
    def short_label(self) -> str:
        """The words used for this question in check answers and error messages."""
        return self.summary or self.label.rstrip("?").strip()


class Page(QuestionFields):
    """A page of the journey: one question, several `fields`, or an `exit` content page."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    """The page's address, and its answer's id: lower-case letters, digits and hyphens."""
    title: str
    """The page heading; on a page with one question, the question."""
    type: str | None = None
    """The question type, or exit for a content page that ends the journey."""
    fields: list[Question] | None = None
    """Several questions on one page, instead of a type."""
    body: str | None = None
    """An exit page's content, in Markdown."""
    next: list[NextRule] = Field(default_factory=list)
    """Rules for the page after this one; the next question page in the list when none holds."""

    @model_validator(mode="after")
    def _shape(self) -> Page:
        # an exit page with fields is reported by the loader's checks, in plainer words
        if self.fields is not None and self.type not in (None, "exit"):
            raise ValueError("a page has either a `type` or `fields`, not both")
        if self.fields is not None and not self.fields:
            raise ValueError("`fields` needs at least one question")
        return self

    @property
    def is_exit(self) -> bool:
        """An exit page is content that ends the journey, reached only by a `goto`."""
        return self.type == "exit"

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        """The questions this page asks, in order (none on an exit page)."""
        if self.is_exit:
            return ()
        if self.fields is not None:
            return tuple(self.fields)
        data = self.model_dump(
            exclude={"title", "fields", "body", "next", "type"}, exclude_none=True
        )
        kind = "text" if self.type is None or self.type == "exit" else self.type
        return (Question(**data, label=self.title, type=kind),)

    @property
    def single_question(self) -> bool:
        """True when the page's heading is its question's label or legend."""
        return self.fields is None and not self.is_exit


class Start(Strict):
    """The GOV.UK start page."""

    body: str = ""
    before_you_start: str | None = None


class Confirmation(Strict):
    """The page shown once a submission is stored; `{reference}` is replaced."""

    title: str = "Application complete"
    body: str = "Your reference number is {reference}."
    what_happens_next: str | None = None


class Council(Strict):
    """Who runs the service: shown in the header, footer and content pages."""

    name: str = "Your council"
    logo: str | None = None
    icon: str | None = None
    """A PNG or SVG file in the service folder: the pages' icon (favicon)."""
    colour: str = "#1d70b8"
    """The header colour, in quotes: "#1d70b8". White text on it must pass WCAG AA."""
    email: str | None = None
    phone: str | None = None
    website: str | None = None

    @field_validator("colour")
    @classmethod
    def _contrast(cls, value: str) -> str:
        if not HEX_COLOUR.match(value):
            raise ValueError("colour must be a hex colour like #1d70b8")
        if contrast_ratio(value, "#ffffff") < 4.5:
            raise ValueError(
                f"colour {value} is too light: white text on it fails WCAG AA (4.5:1 needed)"
            )
        return value


class Budgets(Strict):
    """What the release gate's load test must achieve, or Locust exits with a failure."""

    p95_ms: Annotated[int, Field(ge=1)] = 800
    fail_ratio: Annotated[float, Field(ge=0, le=1)] = 0.01
    min_rps: Annotated[float, Field(ge=0)] = 5


class Service(Strict):
    """A whole service definition; one with `account:` may have no `pages`."""

    name: str
    """The service's name, as a verb: 'Apply for a parking permit'."""
    description: str | None = None
    """What the service is for, in the list of services; else the start page's opening."""
    phase: Literal["alpha", "beta", "live"] = "beta"
    """The phase banner."""
    reference_prefix: Annotated[str, Field(pattern=r"^[A-Z]{1,6}$")] = "REF"
    """1 to 6 capital letters that start every reference, like RF-7K4M-9QFA."""
    brand: Literal["council", "govuk"] = "council"
    """The council's header and colour, or GOV.UK's."""
    council: Council = Field(default_factory=Council)
    """Who runs the service."""
    feedback_url: str | None = None
    """Where the phase banner's feedback link goes."""
    start: Start = Field(default_factory=Start)
    """The start page."""
    pages: list[Page] = Field(default_factory=list)
    """The journey's pages, in the order they are asked."""
    confirmation: Confirmation = Field(default_factory=Confirmation)
    """The page shown once an answer is sent."""
    """An appointment booked as part of the journey."""
    budgets: Budgets = Field(default_factory=Budgets)
    """What the release check's load test must achieve."""

    @property
    def summary(self) -> str:
        """What the service is for: its description, or else the start page's first paragraph."""
        if self.description:
            return self.description
        return " ".join(self.start.body.strip().split("\n\n", 1)[0].split())

    @property
    def question_pages(self) -> list[Page]:
        """Pages that ask something, in the order they are listed."""
        return [page for page in self.pages if not page.is_exit]

    def page(self, page_id: str) -> Page | None:
        """The page with this id, or None."""
        for page in self.pages:
            if page.id == page_id:
                return page
        return None
