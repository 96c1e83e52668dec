"""Check the answers a page posts, with the GOV.UK Design System's wording."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from werkzeug.datastructures import MultiDict

from mvpkit import clock
from mvpkit.definition.model import Option, Page, Question
from mvpkit.email.addresses import FORMAT_MESSAGE as EMAIL_FORMAT_MESSAGE
from mvpkit.email.addresses import is_email_address
from mvpkit.journeys.wording import lower_first

DEFAULT_MAX_LENGTH = {"text": 500, "textarea": 5000}
EMAIL_MAX_LENGTH = 254
ADDRESS_PARTS = ("line-1", "line-2", "town", "postcode")
DATE_PARTS = ("day", "month", "year")
YESNO_OPTIONS = (Option(value="yes", label="Yes"), Option(value="no", label="No"))
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")
PHONE_CHARS = re.compile(r"^[0-9+()\-\s.]+$")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NUMBER = re.compile(r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)$")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


FormData = MultiDict[str, str]
"""What a posted form offers: werkzeug's MultiDict (request.form is one)."""


@dataclass(frozen=True)
class FieldError:
    """One problem with one answer: `anchor` is the id of the input the summary links to."""

    question_id: str
    anchor: str
    message: str
    parts: tuple[str, ...] = ()


@dataclass
class PageResult:
    """What a page's answers came to: the clean values, the errors, and what was typed."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)
    entered: dict[str, Any] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        """True when nothing on the page needs correcting."""
        return not self.errors


def options_for(question: Question) -> Sequence[Option]:
    """The options a choice question offers (Yes and No for `yesno`)."""
    if question.type == "yesno":
        return YESNO_OPTIONS
    return question.options or ()


def expected_fields(page: Page) -> set[str]:
    """Every form field name the page's inputs post."""
    names: set[str] = set()
    for question in page.questions:
        if question.type == "date":
            names.update(f"{question.id}-{part}" for part in DATE_PARTS)
        elif question.type == "address":
            names.update(f"{question.id}-{part}" for part in ADDRESS_PARTS)
        else:
            names.add(question.id)
    return names


def clean_text(value: str | None) -> str:
    """Text with control characters removed and the ends trimmed."""
    return CONTROL_CHARS.sub("", value or "").strip()


def validate_page(page: Page, form: FormData) -> PageResult:
    """Check every question on the page against what the form posted."""
    result = PageResult()
    for question in page.questions:
        _validate_question(question, form, result)
    return result


def validate_question(question: Question, form: FormData) -> PageResult:
    """Check one question against what the form posted."""
    result = PageResult()
    _validate_question(question, form, result)
    return result


def _message(question: Question, key: str, default: str) -> str:
    return question.errors.get(key, default)


def _error(
    result: PageResult,
    question: Question,
    key: str,
    default: str,
    anchor: str = "",
    parts: tuple[str, ...] = (),
) -> None:
    result.errors.append(
        FieldError(question.id, anchor or question.id, _message(question, key, default), parts)
    )


def _validate_question(question: Question, form: FormData, result: PageResult) -> None:
    validator = _VALIDATORS[question.type]
    validator(question, form, result)


def _validate_text(question: Question, form: FormData, result: PageResult) -> None:
    value = clean_text(form.get(question.id))
    if question.type in ("email", "phone", "postcode"):
        value = re.sub(r"\s+", " ", value)
    result.entered[question.id] = value
    name = question.short_label
    if not value:
        if question.required:
            _error(result, question, "required", _required_text(question))
        else:
            result.values[question.id] = ""
        return
    max_length = question.max_length or DEFAULT_MAX_LENGTH.get(question.type)
    if question.type == "email":
        max_length = min(max_length or EMAIL_MAX_LENGTH, EMAIL_MAX_LENGTH)
    if max_length and len(value) > max_length:
        _error(result, question, "max_length", f"{name} must be {max_length:,} characters or fewer")
        return
    if question.min_length and len(value) < question.min_length:
        _error(
            result,
            question,
            "min_length",
            f"{name} must be {question.min_length:,} characters or more",
        )
        return
    checked = _FORMAT_CHECKS.get(question.type, _no_format)(question, value)
    if isinstance(checked, _Invalid):
        _error(result, question, checked.key, checked.message)
        return
    if question.pattern and not re.fullmatch(question.pattern, checked):
        _error(
            result,
            question,
            "pattern",
            question.pattern_message or f"{name} is not in the right format",
        )
        return
    result.values[question.id] = checked


def _required_text(question: Question) -> str:
    defaults = {
        "email": "Enter an email address",
        "phone": "Enter a phone number",
        "postcode": "Enter a postcode",
    }
    if question.type in defaults:
        return defaults[question.type]
    if question.label.endswith("?") and not question.summary:
        return "Enter an answer"
    return f"Enter {lower_first(question.short_label)}"


@dataclass(frozen=True)
class _Invalid:
    message: str
    key: str = "format"


def _no_format(_question: Question, value: str) -> str | _Invalid:
    return value


def _email(_question: Question, value: str) -> str | _Invalid:
    if not is_email_address(value):
        return _Invalid(EMAIL_FORMAT_MESSAGE)
    return value


def _phone(_question: Question, value: str) -> str | _Invalid:
    digits = re.sub(r"\D", "", value)
    if not PHONE_CHARS.match(value) or not 10 <= len(digits) <= 15:
        return _Invalid(
            "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
        )
    return value


def _postcode(_question: Question, value: str) -> str | _Invalid:
    normalised = normalise_postcode(value)
    if normalised is None:
        return _Invalid("Enter a full UK postcode, like AA3 1AB")
    return normalised


def normalise_postcode(value: str) -> str | None:
    """A UK postcode in capitals with one space, or None when it is not one."""
    match = POSTCODE.match(re.sub(r"\s+", "", value.upper()))
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


def _number(question: Question, value: str) -> str | _Invalid:
    name = question.short_label
    compact = value.replace(",", "")
    if not NUMBER.match(compact):  # float() would also take "nan", "inf", "1_000", "1e5"
        return _Invalid(f"{name} must be a number")
    number = float(compact)
    if number in (float("inf"), float("-inf")):
        return _Invalid(f"{name} must be a number")
    if isinstance(question.min, int | float) and number < question.min:
        return _Invalid(f"{name} must be {_num(question.min)} or more", "min")
    if isinstance(question.max, int | float) and number > question.max:
        return _Invalid(f"{name} must be {_num(question.max)} or less", "max")
    return compact


def _num(value: float) -> str:
    """1000000.0 -> '1,000,000' and 2.5 -> '2.5' (never '1e+06')."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


_FORMAT_CHECKS = {
    "email": _email,
    "phone": _phone,
    "postcode": _postcode,
    "number": _number,
}


def _validate_choice(question: Question, form: FormData, result: PageResult) -> None:
    value = clean_text(form.get(question.id))
    result.entered[question.id] = value
    allowed = {option.value for option in options_for(question)}
    name = lower_first(question.short_label)
    if not value:
        if question.required:
            default = (
                "Select an answer"
                if question.label.endswith("?") and not question.summary
                else f"Select {name}"
            )
            if question.type == "yesno":
                default = "Select yes or no"
            _error(result, question, "required", default)
        else:
            result.values[question.id] = ""
        return
    if value not in allowed:
        _error(result, question, "choice", "Select one of the options shown")
        return
    result.values[question.id] = value


def _validate_checkboxes(question: Question, form: FormData, result: PageResult) -> None:
    chosen = [clean_text(v) for v in form.getlist(question.id) if clean_text(v)]
    result.entered[question.id] = chosen
    allowed = [option.value for option in options_for(question)]
    if not chosen:
        if question.required:
            name = lower_first(question.short_label)
            default = (
                "Select at least one option"
                if question.label.endswith("?") and not question.summary
                else f"Select {name}"
            )
            _error(result, question, "required", default)
        else:
            result.values[question.id] = []
        return
    if any(value not in allowed for value in chosen):
        _error(result, question, "choice", "Select only the options shown")
        return
    result.values[question.id] = [value for value in allowed if value in chosen]


def _validate_date(question: Question, form: FormData, result: PageResult) -> None:
    raw = {part: clean_text(form.get(f"{question.id}-{part}")) for part in DATE_PARTS}
    result.entered[question.id] = raw
    name = question.short_label
    anchor = f"{question.id}-day"
    if not any(raw.values()):
        if question.required:
            default = (
                "Enter a date"
                if question.label.endswith("?") and not question.summary
                else f"Enter {lower_first(name)}"
            )
            _error(result, question, "required", default, anchor)
        else:
            result.values[question.id] = ""
        return
    missing = [part for part in DATE_PARTS if not raw[part]]
    if missing:
        words = " and a ".join(missing)
        _error(
            result,
            question,
            "incomplete",
            f"{name} must include a {words}",
            f"{question.id}-{missing[0]}",
            tuple(missing),
        )
        return
    when = parse_date_parts(raw)
    if when is None:
        _error(result, question, "real", f"{name} must be a real date", anchor, DATE_PARTS)
        return
    for bound, key in ((question.min, "min"), (question.max, "max")):
        limit = _date_limit(bound)
        if limit is None:
            continue
        too_early = key == "min" and when < limit
        too_late = key == "max" and when > limit
        if too_early or too_late:
            _error(result, question, key, _date_bound_message(name, key, limit), anchor, DATE_PARTS)
            return
    result.values[question.id] = when.isoformat()


def parse_date_parts(raw: Mapping[str, str]) -> date | None:
    """A real date from day, month and year as typed, or None."""
    try:
        day = int(raw["day"])
        month = _month_number(raw["month"])
        year = int(raw["year"])
    except ValueError:
        return None
    if year < 1000 or year > 9999:
        return None
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):  # a day of 99999999999999999999 overflows
        return None


def _month_number(text: str) -> int:
    """'3', 'Mar', 'march' or 'Sept' -> 3 or 9; a word that only starts like a month is not one."""
    word = text.lower().removesuffix(".")
    for number, month in enumerate(MONTHS, 1):
        if len(word) >= 3 and month.startswith(word):
            return number
    return int(text)


def _date_limit(bound: float | str | None) -> date | None:
    if bound is None:
        return None
    if bound == "today":
        return clock.today()
    try:
        return date.fromisoformat(str(bound))
    except ValueError:
        return None


def _date_bound_message(name: str, key: str, limit: date) -> str:
    today = clock.today()
    if limit == today:
        return (
            f"{name} must be today or in the past"
            if key == "max"
            else f"{name} must be today or in the future"
        )
    when = f"{limit.day} {limit:%B %Y}"
    return (
        f"{name} must be the same as or after {when}"
        if key == "min"
        else f"{name} must be the same as or before {when}"
    )


ADDRESS_LABELS = {
    "line-1": "Address line 1",
    "line-2": "Address line 2 (optional)",
    "town": "Town or city",
    "postcode": "Postcode",
}
ADDRESS_MAX = {"line-1": 100, "line-2": 100, "town": 60, "postcode": 10}


def _validate_address(question: Question, form: FormData, result: PageResult) -> None:
    raw = {part: clean_text(form.get(f"{question.id}-{part}")) for part in ADDRESS_PARTS}
    result.entered[question.id] = raw
    if not any(raw.values()) and not question.required:
        result.values[question.id] = ""
        return
    before = len(result.errors)
    required = {
        "line-1": "Enter address line 1, typically the building and street",
        "town": "Enter town or city",
        "postcode": "Enter postcode",
    }
    for part in ADDRESS_PARTS:
        anchor = f"{question.id}-{part}"
        if part in required and not raw[part]:
            _error(result, question, f"{part}-required", required[part], anchor, (part,))
        elif len(_compact_part(part, raw[part])) > ADDRESS_MAX[part]:
            label = ADDRESS_LABELS[part].removesuffix(" (optional)")
            _error(
                result,
                question,
                f"{part}-max_length",
                f"{label} must be {ADDRESS_MAX[part]} characters or fewer",
                anchor,
                (part,),
            )
        elif part == "postcode":
            postcode = normalise_postcode(raw[part])
            if postcode is None:
                _error(
                    result,
                    question,
                    "postcode-format",
                    "Enter a full UK postcode, like AA3 1AB",
                    anchor,
                    (part,),
                )
            else:
                raw = {**raw, "postcode": postcode}
    if len(result.errors) == before:
        result.values[question.id] = raw


def _compact_part(part: str, value: str) -> str:
    """A postcode is accepted with any spaces, so its length is counted without them."""
    return re.sub(r"\s+", "", value) if part == "postcode" else value


_VALIDATORS = {
    "text": _validate_text,
    "textarea": _validate_text,
    "number": _validate_text,
    "email": _validate_text,
    "phone": _validate_text,
    "postcode": _validate_text,
    "date": _validate_date,
    "radios": _validate_choice,
    "select": _validate_choice,
    "yesno": _validate_choice,
    "checkboxes": _validate_checkboxes,
    "address": _validate_address,
    "appointment-day": _validate_choice,
    "appointment-time": _validate_choice,
}
