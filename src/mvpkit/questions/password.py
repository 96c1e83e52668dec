"""Passwords, asked only by the kit's own forms: never trimmed, never shown again."""

from __future__ import annotations

from mvpkit.auth.policy import MAX_LENGTH, password_problem
from mvpkit.definition.model import Question
from mvpkit.questions.answers import FormData, PageResult
from mvpkit.questions.kind import QuestionKind

FIELD_MAX = MAX_LENGTH * 4  # anything longer is cut before hashing, and refused


class Password(QuestionKind):
    """A password as typed, to check against the one kept."""

    name = "password"
    in_services = False  # a service's answers are kept and shown: no place for a password

    def validate(self, question: Question, form: FormData, result: PageResult) -> None:
        """Present, or the question's `required` message; the value is never entered back."""
        value = self.typed(question, form)
        if not value:
            result.error(question, "required", "Enter your password")
        else:
            result.values[question.id] = value

    @staticmethod
    def typed(question: Question, form: FormData) -> str:
        """What was typed, cut to the longest a form may carry."""
        return form.get(question.id, "")[:FIELD_MAX]


class NewPassword(Password):
    """A password being chosen: long enough, not too long, not a commonly used one."""

    name = "new-password"
    renders_as = "password"

    def validate(self, question: Question, form: FormData, result: PageResult) -> None:
        """Meets the password policy (`mvpkit.auth.policy`), or its message."""
        value = self.typed(question, form)
        problem = password_problem(value)
        if problem:
            result.error(question, "required" if not value else "format", problem)
        else:
            result.values[question.id] = value
