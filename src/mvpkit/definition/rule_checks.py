"""Checks of `next` rules: where each goes, and whether the answers it looks for exist."""

from __future__ import annotations

from mvpkit.definition.asked import Asked
from mvpkit.definition.model import CHECK_ANSWERS, DaysAgo, Question, Service
from mvpkit.definition.source import Loc, Source
from mvpkit.definition.wording import shown
from mvpkit.questions.registry import kinds


def _allowed_values(question: Question) -> list[str] | None:
    """The values a condition on this question can hold, or None when any text can."""
    kind = kinds().get(question.type)
    return kind.allowed_values(question) if kind else None


def _no_such_page(page_id: str, goto: str) -> str:
    if goto == CHECK_ANSWERS:
        return (
            f"Page '{page_id}' goes to '{CHECK_ANSWERS}', which no rule can name: check answers "
            "comes by itself after the last question page in the list. To end a route there, "
            "let it reach the last question page: jump past the pages it skips with a rule "
            "to a later page, and list the pages only some users see before those everyone sees."
        )
    return f"Page '{page_id}' goes to '{goto}', but no page has that id."


def check_rules(source: Source, service: Service, asked: list[Asked]) -> None:
    """Record every problem with the pages' `next` rules."""
    questions: dict[str, Question] = {}
    for item in asked:
        questions.setdefault(item.question.id, item.question)  # a second use is reported
    for index, page in enumerate(service.pages):
        if page.is_exit:
            continue
        always_from: int | None = None
        for number, rule in enumerate(page.next):
            loc: Loc = ("pages", index, "next", number)
            if always_from is not None:
                source.problem(
                    loc,
                    f"Rule {number + 1} in 'next' on page '{page.id}' is never used: rule "
                    f"{always_from + 1} before it has no 'if', so it always matches first.",
                )
            elif not rule.when:
                always_from = number
            target = service.page(rule.goto)
            if target is None:
                source.problem((*loc, "goto"), _no_such_page(page.id, rule.goto))
            elif target is page:
                source.problem(
                    (*loc, "goto"),
                    f"Page '{page.id}' goes to itself, so the journey would never move on.",
                )
            elif service.pages.index(target) < index:
                source.problem(
                    (*loc, "goto"),
                    f"Page '{page.id}' goes back to '{rule.goto}', which comes before it: "
                    "journeys only go forward, so list the pages in the order they are asked.",
                )
            for question_id, wanted in (rule.when or {}).items():
                where: Loc = (*loc, "if", question_id)
                question = questions.get(question_id)
                if question is None:
                    source.problem(
                        where,
                        f"Page '{page.id}' has a rule that checks the answer to "
                        f"'{question_id}', but no question has that id.",
                    )
                    continue
                if isinstance(wanted, DaysAgo):
                    if question.type != "date":
                        source.problem(
                            where,
                            f"Page '{page.id}' has a rule that checks how many days ago "
                            f"'{question_id}' was, but it is a {question.type} question, "
                            "not a date question.",
                        )
                    continue
                allowed = _allowed_values(question)
                if allowed is None:
                    continue
                for value in wanted if isinstance(wanted, list) else [wanted]:
                    if value not in allowed:
                        choices = ", ".join(allowed) or "none"
                        source.problem(
                            where,
                            f"Page '{page.id}' has a rule that checks whether '{question_id}' "
                            f"is '{shown(value)}', but that is not one of its values "
                            f"({choices}).",
                        )
