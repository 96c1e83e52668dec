"""Checks a valid model cannot make alone: ids, pages, questions, rules and reachability.

`check_service` records each problem on the `Source`, at the line of the key to fix.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from mvpkit.definition.asked import Asked, asked_questions
from mvpkit.definition.files import check_files
from mvpkit.definition.model import Service
from mvpkit.definition.rule_checks import check_rules
from mvpkit.definition.source import Loc, Source
from mvpkit.definition.wording import capital, shown
from mvpkit.questions.address import Address
from mvpkit.questions.registry import kinds
from mvpkit.registry import installed_patterns

_QUESTION_KEYS = (
    "options",
    "min_length",
    "max_length",
    "min",
    "max",
    "pattern",
    "pattern_message",
    "errors",
    "summary",
    "autocomplete",
    "required",
    "sample",
)


def check_service(source: Source, service: Service) -> None:
    """Record on `source` every problem with `service` that the model lets through."""
    check_files(source, service)
    patterns = installed_patterns()
    for pattern in patterns:
        pattern.check(source, service, asked_questions(service))
    if not service.pages:
        if not any(p.serves_without_pages and p.active(service) for p in patterns):
            given = "pages" in service.model_fields_set
            source.problem(
                ("pages",),
                "The service has no pages: list at least one under 'pages'."
                if given
                else "The service has no 'pages'.",
            )
        return  # a service of a pattern such as My Account may ask no questions of its own
    asked = asked_questions(service)
    _check_ids(source, service, asked)
    _check_pages(source, service)
    for item in asked:
        _check_question(source, item)
    check_rules(source, service, asked)
    _check_reachable(source, service)


# Addresses every service already uses: a page with one of these ids could not be reached.
RESERVED_PAGE_IDS = frozenset(
    {
        "accessibility-statement",
        "assets",
        "check-answers",
        "confirmation",
        "cookies",
        "feedback",
        "health",
        "icon",
        "outbox",
        "privacy",
        "staff",
    }
)


def _check_ids(source: Source, service: Service, asked: list[Asked]) -> None:
    reserved = RESERVED_PAGE_IDS.union(
        *(pattern.reserved_paths(service) for pattern in installed_patterns())
    )
    pages: dict[str, int] = {}
    for index, page in enumerate(service.pages):
        loc: Loc = ("pages", index, "id")
        if page.id in reserved:
            source.problem(
                loc,
                f"Page id '{page.id}' is the address of a page every service has: "
                "choose another id.",
            )
        if page.id in pages:
            source.problem(
                loc,
                f"Page id '{page.id}' is used more than once (first on line {pages[page.id]}): "
                "each page needs its own id.",
            )
        else:
            pages[page.id] = source.line(loc)
    questions: dict[str, Asked] = {}
    for item in asked:
        first = questions.get(item.question.id)
        if first is None:
            questions[item.question.id] = item
            continue
        if first.page.single_question and item.page.single_question:
            continue  # already reported as a page id used twice
        source.problem(
            (*item.loc, "id"),
            f"The id '{item.question.id}' of {item.name} is already used by {first.name} "
            f"(line {source.line((*first.loc, 'id'))}): answers are stored by question id, "
            "so each question needs its own.",
        )


def _check_pages(source: Source, service: Service) -> None:
    if service.pages[0].is_exit:
        source.problem(
            ("pages", 0),
            f"The first page, '{service.pages[0].id}', is an exit page: "
            "a journey must start with a question.",
        )
    for index, page in enumerate(service.pages):
        given = page.model_fields_set
        if page.is_exit:
            for key in ("fields", *_QUESTION_KEYS, "hint", "next"):
                if key not in given:
                    continue
                if key == "next":
                    reason = "an exit page ends the journey, so it goes nowhere"
                else:
                    reason = "an exit page asks no questions"
                source.problem(
                    ("pages", index, key),
                    f"Exit page '{page.id}' has '{key}', but {reason}.",
                )
        elif page.fields is not None:
            for key in _QUESTION_KEYS:
                if key in given:
                    source.problem(
                        ("pages", index, key),
                        f"Page '{page.id}' has 'fields', so '{key}' belongs on one of its "
                        "fields, not on the page.",
                    )


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _figure(value: float | str) -> str:
    """A bound as the author wrote it: 5, not 5.0."""
    return f"{value:g}" if isinstance(value, float) else shown(value)


def _iso_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


ERROR_KEYS = frozenset(
    {
        "required",
        "max_length",
        "min_length",
        "format",
        "pattern",
        "min",
        "max",
        "choice",
        "incomplete",
        "real",
    }
)
ADDRESS_ERROR_KEYS = Address.error_keys


def _check_error_keys(source: Source, item: Asked, who: str) -> None:
    known = ERROR_KEYS | kinds()[item.question.type].error_keys
    for key in item.question.errors:
        if key not in known:
            source.problem(
                (*item.loc, "errors", key),
                f"{who} has an error message for '{key}', which mvpkit never shows. "
                f"Use one of: {', '.join(sorted(known))}.",
            )


def _check_question(source: Source, item: Asked) -> None:
    question, loc = item.question, item.loc
    who = capital(item.name)
    kind = question.type
    _check_error_keys(source, item, who)
    given = item.given
    choice = kinds()[kind].choice
    if choice and not question.options:
        where = (*loc, "options") if "options" in given else (*loc, "type")
        source.problem(
            where,
            f"{who} is a {kind} question but has no 'options': list the answers to choose from.",
        )
    elif not choice and "options" in given:
        reason = (
            "a yesno question always offers Yes and No"
            if kind == "yesno"
            else (f"a {kind} question does not take them")
        )
        source.problem((*loc, "options"), f"{who} has 'options', but {reason}.")
    values: dict[str, int] = {}
    for number, option in enumerate(question.options or []):
        if option.value in values:
            source.problem(
                (*loc, "options", number),
                f"{who} has the option value '{option.value}' twice (options "
                f"{values[option.value] + 1} and {number + 1}): each option needs its own value.",
            )
        else:
            values[option.value] = number
    low, high = question.min_length, question.max_length
    if low is not None and high is not None and low > high:
        source.problem(
            (*loc, "max_length"),
            f"{who} has 'max_length' {high}, which is less than its 'min_length' {low}.",
        )
    for key in ("min", "max"):
        bound = getattr(question, key)
        if bound is None:
            continue
        if kind == "number" and not _number(bound):
            source.problem(
                (*loc, key),
                f"{who} has '{key}' '{shown(bound)}', but a number question needs a number.",
            )
        elif kind == "date" and bound != "today" and _iso_date(bound) is None:
            source.problem(
                (*loc, key),
                f"{who} has '{key}' '{shown(bound)}', but a date question needs 'today' "
                "or a date written like 2024-01-31.",
            )
        elif kind not in ("number", "date"):
            source.problem(
                (*loc, key),
                f"{who} has '{key}', but only number and date questions use it.",
            )
    low_bound, high_bound = question.min, question.max
    if (
        isinstance(low_bound, int | float)
        and isinstance(high_bound, int | float)
        and low_bound > high_bound
    ):
        source.problem(
            (*loc, "max"),
            f"{who} has 'max' {_figure(high_bound)}, which is less than its 'min' "
            f"{_figure(low_bound)}.",
        )
    first_day, last_day = _iso_date(low_bound), _iso_date(high_bound)
    if first_day and last_day and first_day > last_day:
        source.problem(
            (*loc, "max"),
            f"{who} has 'max' {high_bound}, which is before its 'min' {low_bound}.",
        )
    if question.pattern and not (question.pattern_message or question.errors.get("pattern")):
        source.problem(
            (*loc, "pattern"),
            f"{who} has a 'pattern' but no 'pattern_message': say what to enter when an answer "
            "does not match, like 'Enter your reference in the format AB123'.",
        )


def _successors(service: Service, index: int) -> list[str]:
    page = service.pages[index]
    if page.is_exit:
        return []
    following: list[str] = []
    for rule in page.next:
        following.append(rule.goto)
        if not rule.when:
            return following  # a rule without `if` always matches: nothing after it can
    for later in service.pages[index + 1 :]:
        if not later.is_exit:
            following.append(later.id)
            break
    return following


def _check_reachable(source: Source, service: Service) -> None:
    """Report question pages no route reaches from the first page.

    Exit pages are not reported: one may be reached from a hook, and the definition
    shape in DESIGN.md lists one that no `goto` names.
    """
    if service.pages[0].is_exit:
        return  # reported already: nothing is reached from an exit page
    indexes = {page.id: index for index, page in reversed(list(enumerate(service.pages)))}
    reached = {0}
    todo = [0]
    while todo:
        for page_id in _successors(service, todo.pop()):
            index = indexes.get(page_id)
            if index is not None and index not in reached:
                reached.add(index)
                todo.append(index)
    for index, page in enumerate(service.pages):
        if index in reached or page.is_exit:
            continue
        if indexes[page.id] != index:
            continue  # a page whose id is used twice is reported already
        source.problem(
            ("pages", index),
            f"Page '{page.id}' is never reached: no route from the first page leads to it.",
        )
