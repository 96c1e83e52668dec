"""The address kind: building and street, town or city, and postcode, as four inputs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mvpkit.definition.model import Page, Question
from mvpkit.questions.answers import FormData, PageResult, clean_text
from mvpkit.questions.kind import QuestionKind
from mvpkit.questions.text import normalise_postcode

ADDRESS_PARTS = ("line-1", "line-2", "town", "postcode")
ADDRESS_LABELS = {
    "line-1": "Address line 1",
    "line-2": "Address line 2 (optional)",
    "town": "Town or city",
    "postcode": "Postcode",
}
ADDRESS_MAX = {"line-1": 100, "line-2": 100, "town": 60, "postcode": 10}
REQUIRED = {
    "line-1": "Enter address line 1, typically the building and street",
    "town": "Enter town or city",
    "postcode": "Enter postcode",
}
SAMPLE = {"line-1": "12 Acacia Avenue", "line-2": "", "town": "Riverside", "postcode": "SW1A 1AA"}


class Address(QuestionKind):
    """A UK address; each part has its own problems, keyed like `postcode-format`."""

    name = "address"
    error_keys = frozenset(
        {
            "line-1-required",
            "town-required",
            "postcode-required",
            "postcode-format",
            "line-1-max_length",
            "line-2-max_length",
            "town-max_length",
            "postcode-max_length",
        }
    )

    def field_names(self, question: Question) -> tuple[str, ...]:
        """One input a part."""
        return tuple(f"{question.id}-{part}" for part in ADDRESS_PARTS)

    def validate(self, question: Question, form: FormData, result: PageResult) -> None:
        """Every part within its length, the required ones given, a real postcode."""
        raw = {part: clean_text(form.get(f"{question.id}-{part}")) for part in ADDRESS_PARTS}
        result.entered[question.id] = raw
        if not any(raw.values()) and not question.required:
            result.values[question.id] = ""
            return
        before = len(result.errors)
        for part in ADDRESS_PARTS:
            anchor = f"{question.id}-{part}"
            if part in REQUIRED and not raw[part]:
                result.error(question, f"{part}-required", REQUIRED[part], anchor, (part,))
            elif len(_compact_part(part, raw[part])) > ADDRESS_MAX[part]:
                label = ADDRESS_LABELS[part].removesuffix(" (optional)")
                message = f"{label} must be {ADDRESS_MAX[part]} characters or fewer"
                result.error(question, f"{part}-max_length", message, anchor, (part,))
            elif part == "postcode":
                postcode = normalise_postcode(raw[part])
                if postcode is None:
                    message = "Enter a full UK postcode, like AA3 1AB"
                    result.error(question, "postcode-format", message, anchor, (part,))
                else:
                    raw = {**raw, "postcode": postcode}
        if len(result.errors) == before:
            result.values[question.id] = raw

    def answer_text(self, question: Question, value: Any) -> str:
        """The parts given, one a line."""
        if not isinstance(value, dict):
            return str(value)
        return "\n".join(str(value[part]) for part in ADDRESS_PARTS if value.get(part))

    def form_fields(self, question: Question, answer: Any) -> dict[str, str | list[str]]:
        """One field a part."""
        return {f"{question.id}-{part}": str(answer.get(part, "")) for part in ADDRESS_PARTS}

    def candidates(self, question: Question, page: Page | None) -> Iterator[Any]:
        """An address that passes every check."""
        yield SAMPLE

    def sample_shape_problem(self, sample: Any) -> str | None:
        """A mapping of the parts."""
        if isinstance(sample, dict):
            return None
        return "should be a mapping of line-1, line-2, town and postcode"


def _compact_part(part: str, value: str) -> str:
    """A postcode is accepted with any spaces, so its length is counted without them."""
    return re.sub(r"\s+", "", value) if part == "postcode" else value
