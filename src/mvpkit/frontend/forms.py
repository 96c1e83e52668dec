"""The kit's own forms (staff, account, calendar, feedback) as pages of questions.

A fixed form is declared once in code, in the same words a `service.yaml` page uses; it is
checked by the question kinds (`validate_page`) and drawn by the question macros, so the
kit's own forms and a service's questions look, read and fail alike. A check the kinds
cannot make (a wrong password, an unknown reference) is added with `FixedForm.refuse`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from flask import render_template

from mvpkit.definition.model import Option, Page, Question
from mvpkit.questions.answers import FormData, PageResult
from mvpkit.questions.registry import kind_of
from mvpkit.questions.validation import validate_page

RESIDENTS = "mvpkit/layout.html"
STAFF = "mvpkit/staff/layout.html"
Rendered = str | tuple[str, int]


class FixedForm:
    """One of the kit's forms: a page of questions, read and drawn as a journey's are."""

    def __init__(self, page: Mapping[str, Any] | Page) -> None:
        self.page = page if isinstance(page, Page) else Page.model_validate(page)

    def with_options(self, question_id: str, options: Sequence[tuple[str, str]]) -> FixedForm:
        """The same form with a choice question's options (value, label) made now."""
        made = [Option(value=value, label=label) for value, label in options]
        if self.page.single_question:
            return FixedForm(_copied(self.page, options=made))
        fields = [
            _copied(question, options=made) if question.id == question_id else question
            for question in self.page.questions
        ]
        return FixedForm(_copied(self.page, fields=fields))

    def question(self, question_id: str) -> Any:
        """One of the form's questions, by id."""
        return next(question for question in self.page.questions if question.id == question_id)

    def read(self, form: FormData) -> PageResult:
        """What was posted, checked by each question's kind."""
        return validate_page(self.page, form)

    def refuse(self, result: PageResult, question_id: str, message: str) -> PageResult:
        """Add a problem the kinds could not see, linked to the question's first input."""
        question = self.question(question_id)
        result.refuse(question_id, message, kind_of(question).field_names(question)[0])
        return result

    def render(
        self,
        result: PageResult | None = None,
        *,
        button: str = "Continue",
        layout: str = RESIDENTS,
        status: int = 200,
        values: Mapping[str, Any] | None = None,
        **context: Any,
    ) -> Rendered:
        """The form page: `values` fill it first; a result shows what was typed and its errors.

        `context` may carry `title` (a page of several questions), `intro` (paragraphs),
        `warning`, `links` ((href, text) pairs after the form), `back_href` and `action`.
        """
        shown = dict(values or {})
        if result is not None:
            shown.update(result.entered)
        html = render_template(
            "mvpkit/form.html",
            layout=layout,
            page=self.page,
            title=context.pop("title", self.page.title),
            values=shown,
            errors=result.errors if result else [],
            button=button,
            intro=context.pop("intro", ()),
            warning=context.pop("warning", ""),
            links=context.pop("links", ()),
            **context,
        )
        return (html, status) if status != 200 else html


M = TypeVar("M", Page, Question)


def _copied(model: M, **changes: Any) -> M:
    """A copy with `changes`, made afresh (a copy would keep the cached `Page.questions`)."""
    return type(model).model_validate(
        {**model.model_dump(by_alias=True, exclude_none=True), **changes}
    )
