"""A page's answers checked, and shown, each question by its kind."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mvpkit.definition.model import Option, Page, Question
from mvpkit.questions.answers import FormData, PageResult
from mvpkit.questions.registry import kind_of


def options_for(question: Question) -> Sequence[Option]:
    """The options a choice question offers (Yes and No for `yesno`)."""
    return kind_of(question).options(question)


def expected_fields(page: Page) -> set[str]:
    """Every form field name the page's inputs post."""
    return {name for question in page.questions for name in kind_of(question).field_names(question)}


def validate_page(page: Page, form: FormData) -> PageResult:
    """Check every question on the page against what the form posted."""
    result = PageResult()
    for question in page.questions:
        kind_of(question).validate(question, form, result)
    return result


def validate_question(question: Question, form: FormData) -> PageResult:
    """Check one question against what the form posted."""
    result = PageResult()
    kind_of(question).validate(question, form, result)
    return result


def answer_text(question: Question, value: Any) -> str:
    """An answer as check answers and the back office show it."""
    if value in (None, "", []):
        return "Not provided"
    return kind_of(question).answer_text(question, value)
