"""`QuestionKind`: everything one type of question does, in one class.

A kind validates what its inputs post, names those inputs, writes an answer as check
answers shows it, and offers sample answers that the walker, the browser checks and the load
users give. The kit's own kinds are in this package; a pattern adds its own through
`Pattern.question_kinds` (booking's appointment day and time are such kinds).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from mvpkit.definition.model import DaysAgo, Option, Page, Question
from mvpkit.questions.answers import FormData, PageResult


class QuestionKind:
    """One `type:` of question. Subclasses set `name` and override what differs."""

    name: ClassVar[str]
    choice: ClassVar[bool] = False
    """Its answers are chosen from the question's `options`."""
    error_keys: ClassVar[frozenset[str]] = frozenset()
    """Keys of `errors:` this kind shows beyond every kind's own (required, format...)."""
    live_options: ClassVar[bool] = False
    """Its options are read afresh each time the page is shown (its HTML is never kept)."""
    chosen_on_page: ClassVar[bool] = False
    """Its answer is picked from what the page offers then, so no `sample:` can be given."""
    renders_as: ClassVar[str | None] = None
    """Which of the question macros in `questions.html` draws it (its own name when None)."""
    in_services: ClassVar[bool] = True
    """A `service.yaml` may ask it; passwords are asked only by the kit's own forms."""

    def macro(self) -> str:
        """The name of the question macro's branch that draws this kind."""
        return self.renders_as or self.name

    def field_names(self, question: Question) -> tuple[str, ...]:
        """The names of the form fields its inputs post."""
        return (question.id,)

    def options(self, question: Question) -> Sequence[Option]:
        """The options it offers (none for a kind that is not a choice)."""
        return question.options or ()

    def validate(self, question: Question, form: FormData, result: PageResult) -> None:
        """Check what the form posted; record the clean value or the problems on `result`."""
        raise NotImplementedError

    def answer_text(self, question: Question, value: Any) -> str:
        """A given answer as check answers and the back office show it."""
        return str(value)

    def form_fields(self, question: Question, answer: Any) -> dict[str, str | list[str]]:
        """The form fields a browser would post for this answer."""
        return {question.id: str(answer)}

    def candidates(self, question: Question, page: Page | None) -> Iterator[Any]:
        """Possible sample answers, the most useful first; the first that passes is used."""
        return iter(())

    def given(self, sample: Any) -> Any:
        """A question's own `sample:` in the shape its answers take."""
        return sample

    def sample_shape_problem(self, sample: Any) -> str | None:
        """Why a `sample:` cannot be this kind's answer by its shape alone, or None."""
        return None if isinstance(sample, str) else "should be text"

    def allowed_values(self, question: Question) -> list[str] | None:
        """The values a `next` condition on it can hold, or None when any text can."""
        if not self.choice:
            return None
        return list(dict.fromkeys(option.value for option in self.options(question)))


def watched_values(question: Question, page: Page | None) -> set[str]:
    """The answers to `question` that a `next` rule on `page` looks for."""
    watched: set[str] = set()
    for rule in page.next if page else ():
        wanted = (rule.when or {}).get(question.id)
        if isinstance(wanted, DaysAgo):
            continue  # dates: the plain sample is recent (see the date kind)
        if wanted is not None:
            watched.update(wanted if isinstance(wanted, list) else [wanted])
    return watched


def watched_by_days_ago(question: Question, page: Page | None) -> bool:
    """True when a `next` rule on `page` asks how many days ago this date answer was."""
    return any(
        isinstance((rule.when or {}).get(question.id), DaysAgo)
        for rule in (page.next if page else ())
    )
