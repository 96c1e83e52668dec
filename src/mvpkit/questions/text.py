"""Kinds answered by typing: text, textarea, number, email, phone and postcode."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mvpkit.definition.model import Page, Question
from mvpkit.email.addresses import FORMAT_MESSAGE as EMAIL_FORMAT_MESSAGE
from mvpkit.email.addresses import is_email_address
from mvpkit.questions.answers import FormData, PageResult, clean_text
from mvpkit.questions.kind import QuestionKind
from mvpkit.questions.regex_sample import matching_strings
from mvpkit.questions.wording import lower_first

EMAIL_MAX_LENGTH = 254
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")
PHONE_CHARS = re.compile(r"^[0-9+()\-\s.]+$")
NUMBER = re.compile(r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)$")
SAMPLE_TEXT = "A sample answer for testing"
PATTERN_TRIES = 60  # matching strings tried before giving up on a pattern


class FormatError(ValueError):
    """An answer in the wrong format: the message, and the `errors:` key that words it."""

    def __init__(self, message: str, key: str = "format") -> None:
        super().__init__(message)
        self.message, self.key = message, key


def normalise_postcode(value: str) -> str | None:
    """A UK postcode in capitals with one space, or None when it is not one."""
    match = POSTCODE.match(re.sub(r"\s+", "", value.upper()))
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


class Text(QuestionKind):
    """One line of text: lengths, then the kind's format, then the question's `pattern`."""

    name = "text"
    max_length: int | None = 500
    required_message: str | None = None
    fixed_samples: tuple[str, ...] = ()

    def validate(self, question: Question, form: FormData, result: PageResult) -> None:
        """Check lengths, format and pattern, in that order; the first problem is shown."""
        value = self.tidy(clean_text(form.get(question.id)))
        result.entered[question.id] = value
        name = question.short_label
        if not value:
            if question.required:
                result.error(question, "required", self.required_text(question))
            else:
                result.values[question.id] = ""
            return
        longest = self.longest(question)
        if longest and len(value) > longest:
            result.error(question, "max_length", f"{name} must be {longest:,} characters or fewer")
            return
        if question.min_length and len(value) < question.min_length:
            result.error(
                question, "min_length", f"{name} must be {question.min_length:,} characters or more"
            )
            return
        try:
            checked = self.check_format(question, value)
        except FormatError as problem:
            result.error(question, problem.key, problem.message)
            return
        if question.pattern and not re.fullmatch(question.pattern, checked):
            message = question.pattern_message or f"{name} is not in the right format"
            result.error(question, "pattern", message)
            return
        result.values[question.id] = checked

    def tidy(self, value: str) -> str:
        """The answer as checked (a few kinds make runs of spaces one)."""
        return value

    def longest(self, question: Question) -> int | None:
        """The most characters the answer may have."""
        return question.max_length or self.max_length

    def required_text(self, question: Question) -> str:
        """What to say when a required answer is missing."""
        if self.required_message:
            return self.required_message
        if question.label.endswith("?") and not question.summary:
            return "Enter an answer"
        return f"Enter {lower_first(question.short_label)}"

    def check_format(self, question: Question, value: str) -> str:
        """The clean answer; raises FormatError when it is not in the kind's format."""
        return value

    def candidates(self, question: Question, page: Page | None) -> Iterator[Any]:
        """Strings matching the pattern, then the kind's own samples, then plain text."""
        if question.pattern:
            yield from self._fitting(question, matching_strings(question.pattern))
        yield from self.fixed_samples
        if self.name in ("text", "textarea"):
            yield _sized_text(question)

    def _fitting(self, question: Question, strings: Iterator[str]) -> Iterator[str]:
        """Matching strings within the question's lengths (they get longer as they go)."""
        low = question.min_length or 0
        high = self.longest(question) or 10_000
        for tried, text in enumerate(strings):
            if tried >= PATTERN_TRIES or len(text.strip()) > high:
                return
            if len(text.strip()) >= low:
                yield text


def _sized_text(question: Question) -> str:
    text = SAMPLE_TEXT
    if question.min_length:
        text = (text + " ") * (question.min_length // len(text) + 1)
    if question.max_length:
        text = text[: question.max_length]
    return text.strip() or "x"


class Textarea(Text):
    """Several lines of text, with a character count."""

    name = "textarea"
    max_length = 5000


class Spaced(Text):
    """Text whose runs of spaces count as one."""

    max_length = None

    def tidy(self, value: str) -> str:
        """Runs of spaces become one."""
        return re.sub(r"\s+", " ", value)


class Email(Spaced):
    """One email address."""

    name = "email"
    required_message = "Enter an email address"
    fixed_samples = ("name@example.com", "sam.jones@example.gov.uk")

    def longest(self, question: Question) -> int:
        """No address is longer than 254 characters."""
        return min(question.max_length or EMAIL_MAX_LENGTH, EMAIL_MAX_LENGTH)

    def check_format(self, question: Question, value: str) -> str:
        """One deliverable-looking address."""
        if not is_email_address(value):
            raise FormatError(EMAIL_FORMAT_MESSAGE)
        return value


class Phone(Spaced):
    """A UK or international phone number."""

    name = "phone"
    required_message = "Enter a phone number"
    fixed_samples = ("07700 900 982", "01632 960 001", "+44 808 157 0192")

    def check_format(self, question: Question, value: str) -> str:
        """10 to 15 digits, with spaces, brackets, dots, dashes or a plus."""
        digits = re.sub(r"\D", "", value)
        if not PHONE_CHARS.match(value) or not 10 <= len(digits) <= 15:
            raise FormatError(
                "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
            )
        return value


class Postcode(Spaced):
    """A full UK postcode, kept in capitals with one space."""

    name = "postcode"
    required_message = "Enter a postcode"
    fixed_samples = ("SW1A 1AA", "B1 1AA", "M1 1AE")

    def check_format(self, question: Question, value: str) -> str:
        """The postcode, normalised."""
        normalised = normalise_postcode(value)
        if normalised is None:
            raise FormatError("Enter a full UK postcode, like AA3 1AB")
        return normalised


class Number(Text):
    """A number, with optional `min` and `max`; kept as typed, without thousands commas."""

    name = "number"
    max_length = None

    def check_format(self, question: Question, value: str) -> str:
        """A finite number within the question's bounds."""
        name = question.short_label
        compact = value.replace(",", "")
        if not NUMBER.match(compact):  # float() would also take "nan", "inf", "1_000", "1e5"
            raise FormatError(f"{name} must be a number")
        number = float(compact)
        if number in (float("inf"), float("-inf")):
            raise FormatError(f"{name} must be a number")
        if isinstance(question.min, int | float) and number < question.min:
            raise FormatError(f"{name} must be {_num(question.min)} or more", "min")
        if isinstance(question.max, int | float) and number > question.max:
            raise FormatError(f"{name} must be {_num(question.max)} or less", "max")
        return compact

    def candidates(self, question: Question, page: Page | None) -> Iterator[Any]:
        """Pattern matches first, then the bounds and numbers between them."""
        if question.pattern:
            yield from self._fitting(question, matching_strings(question.pattern))
        low = question.min if isinstance(question.min, int | float) else None
        high = question.max if isinstance(question.max, int | float) else None
        if low is not None:
            yield f"{low:g}"
        if high is not None:
            yield f"{min(high, 1):g}" if low is None else f"{high:g}"
        if low is not None and high is not None:
            yield f"{(low + high) / 2:g}"
        yield "1"
        if question.min_length:
            yield "1" + "0" * (question.min_length - 1)


def _num(value: float) -> str:
    """1000000.0 -> '1,000,000' and 2.5 -> '2.5' (never '1e+06')."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
