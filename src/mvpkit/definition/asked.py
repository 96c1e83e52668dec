"""Every question a service asks, with its page and the place in the file it is written."""

from __future__ import annotations

from dataclasses import dataclass

from mvpkit.definition.model import Page, Question, Service
from mvpkit.definition.source import Loc


@dataclass(frozen=True)
class Asked:
    """A question, with the page it is on and where it is written."""

    question: Question
    page: Page
    loc: Loc  # the page's path for a one-question page, else the field's

    @property
    def name(self) -> str:
        """Who the question is, in a problem's words: "page 'x'" or "question 'y' on page 'x'"."""
        if self.page.single_question:
            return f"page '{self.page.id}'"
        return f"question '{self.question.id}' on page '{self.page.id}'"

    @property
    def given(self) -> frozenset[str]:
        """The question's keys the author wrote (for a one-question page, the page's)."""
        model = self.page if self.page.single_question else self.question
        return frozenset(model.model_fields_set)


def asked_questions(service: Service) -> list[Asked]:
    """The questions of every page, in the order they are written."""
    asked: list[Asked] = []
    for index, page in enumerate(service.pages):
        if page.fields is not None and not page.is_exit:
            asked.extend(
                Asked(question, page, ("pages", index, "fields", number))
                for number, question in enumerate(page.fields)
            )
        elif page.single_question:
            asked.append(Asked(page.questions[0], page, ("pages", index)))
    return asked
