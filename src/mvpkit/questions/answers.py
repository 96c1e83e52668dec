"""What a posted page comes to: the clean answers, the problems, and what was typed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from mvpkit.definition.model import Question

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

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

    def error(
        self,
        question: Question,
        key: str,
        default: str,
        anchor: str = "",
        parts: tuple[str, ...] = (),
    ) -> None:
        """Record a problem: the question's own words for `key` when it has them."""
        message = question.errors.get(key, default)
        self.errors.append(FieldError(question.id, anchor or question.id, message, parts))

    def refuse(self, question_id: str, message: str, anchor: str = "") -> None:
        """Record a problem found after the checks (a wrong password, an unknown reference)."""
        self.values.pop(question_id, None)
        self.errors.append(FieldError(question_id, anchor or question_id, message))


def clean_text(value: str | None) -> str:
    """Text with control characters removed and the ends trimmed."""
    return CONTROL_CHARS.sub("", value or "").strip()
