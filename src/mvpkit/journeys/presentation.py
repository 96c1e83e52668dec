"""Turn questions and answers into what the GOV.UK macros and check answers show."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup

from mvpkit.definition.model import Page, Question
from mvpkit.questions.answers import FieldError
from mvpkit.questions.registry import kind_of
from mvpkit.questions.validation import answer_text, options_for
from mvpkit.questions.wording import lower_first


def choice_items(
    question: Question, selected: Iterable[Any], attribute: str = "checked"
) -> list[dict[str, Any]]:
    """Radios, checkboxes or select items, with the user's choices marked."""
    chosen = {value for value in selected if value}
    items = []
    for option in options_for(question):
        item: dict[str, Any] = {"value": option.value, "text": option.label}
        if option.hint:
            item["hint"] = {"text": option.hint}
        if option.value in chosen:
            item[attribute] = True
        items.append(item)
    return items


def date_parts(value: Any) -> dict[str, str]:
    """An ISO date answer as the day, month and year the date input shows."""
    if isinstance(value, str) and len(value) == 10:
        year, month, day = value.split("-")
        return {"day": str(int(day)), "month": str(int(month)), "year": year}
    return {"day": "", "month": "", "year": ""}


def messages_by_part(errors: Sequence[FieldError]) -> dict[str, str]:
    """For an address: each part's error message."""
    return {part: error.message for error in errors for part in error.parts}


def errors_for_summary(errors: Sequence[FieldError]) -> list[dict[str, str]]:
    """The error summary's list, each linking to its field."""
    return [{"text": error.message, "href": f"#{error.anchor}"} for error in errors]


def install_presentation(app: Flask) -> None:
    """Make these helpers callable from templates."""
    app.add_template_filter(lower_first)
    app.add_template_global(choice_items)
    app.add_template_global(date_parts)
    app.add_template_global(messages_by_part)
    app.add_template_global(errors_for_summary)
    app.add_template_global(answer_text)
    app.add_template_global(render_question)
    app.add_template_global(question_macro)


def question_macro(question: Question) -> str:
    """The branch of the question macro that draws this question's kind."""
    return kind_of(question).macro()


QUESTION_CACHE_SIZE = 4096


def render_question(
    question: Question, value: Any, errors: Sequence[FieldError], heading: bool, caption: str = ""
) -> Markup:
    """A question's HTML from the `questions.html` macros; a heading may carry a caption.

    Without errors the HTML depends only on the question and its value, so it is kept
    (a few thousand at most per service) and reused: the GOV.UK macros are the costliest
    part of a page. A kept entry is used only for the very question object it was made for.
    """
    macro = current_app.jinja_env.get_template("mvpkit/questions.html").module.question  # type: ignore[attr-defined]
    changing = kind_of(question).live_options  # its options change as they are shown
    if errors or current_app.config["TEMPLATES_AUTO_RELOAD"] or changing or caption:
        return Markup(macro(question, value, list(errors), heading, caption))  # noqa: S704
    cache: OrderedDict[tuple[int, str, bool], tuple[Question, Markup]]
    cache = current_app.extensions.setdefault("mvpkit.questions", OrderedDict())
    key = (id(question), json.dumps(value, sort_keys=True), heading)
    kept = cache.get(key)
    # The entry holds its question, so no other object takes that id while it is kept; a
    # question made for one request (a pattern's resolved page) is kept, but never matches
    # another request's.
    if kept is not None and kept[0] is question:
        return kept[1]
    html = Markup(macro(question, value, [], heading))  # noqa: S704
    cache[key] = (question, html)
    if len(cache) > QUESTION_CACHE_SIZE:
        cache.popitem(last=False)
    return html


def render_page_questions(
    page: Page, values: Mapping[str, Any], errors: Sequence[FieldError], caption: str = ""
) -> Markup:
    """A question page's questions, each with its answer and errors.

    A page of one question is headed by it (its label is the `<h1>`, with the caption);
    a page of several has its title and hint above them.
    """

    def own(question: Question) -> list[FieldError]:
        return [error for error in errors if error.question_id == question.id]

    if page.single_question:
        question = page.questions[0]
        return render_question(question, values.get(question.id), own(question), True, caption)
    parts = [Markup('<h1 class="govuk-heading-l">{}</h1>').format(page.title)]
    if page.hint:
        parts.append(Markup('<p class="govuk-body">{}</p>').format(page.hint))
    parts.extend(
        render_question(question, values.get(question.id), own(question), False)
        for question in page.questions
    )
    return Markup("\n").join(parts)
