"""Sample answers that pass every rule a question has, made in one place for every tool.

The walker, the browser checks and the load users all answer with `sample_answer`. An
answer is the question's own `sample:` when it gives one; otherwise each candidate its kind
offers (from its rules: `pattern`, lengths, bounds) is tried, and the first one the
journey's own validation accepts is used, so a sample can never show an error page.
"""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from mvpkit.definition.model import Page, Question
from mvpkit.questions.answers import FormData
from mvpkit.questions.registry import kind_of
from mvpkit.questions.validation import validate_question

# An answer read from the page (an appointment's day and time): whoever walks picks one.
OFFERED = "one of those offered"


class NoSampleError(ValueError):
    """No answer could be made that passes the question's rules."""


def sample_answer(question: Question, page: Page | None = None) -> Any:
    """A valid answer to the question, avoiding values a `next` rule on `page` looks for.

    Raises NoSampleError when none can be made; `mvpkit validate` reports such a question.
    """
    kind = kind_of(question)
    if kind.chosen_on_page:
        return OFFERED
    if question.sample is not None:
        return given_sample(question)
    for candidate in kind.candidates(question, page):
        if accepts(question, candidate):
            return candidate
    raise NoSampleError(f"no sample answer passes the rules of question '{question.id}'")


def given_sample(question: Question) -> Any:
    """The question's own `sample:` in the shape its answers take (a list for checkboxes)."""
    return kind_of(question).given(question.sample)


def accepts(question: Question, answer: Any) -> bool:
    """True when the journey's validation takes `answer` to the question without an error."""
    return validate_question(question, answer_form(question, answer)).valid


def answer_form(question: Question, answer: Any) -> FormData:
    """The posted form for one answer, as the journey's validation reads it."""
    form: FormData = MultiDict()
    for name, value in form_fields(question, answer).items():
        for item in value if isinstance(value, list) else [value]:
            form.add(name, item)
    return form


def form_fields(question: Question, answer: Any) -> dict[str, str | list[str]]:
    """The form fields a browser would post for this answer."""
    return kind_of(question).form_fields(question, answer)
