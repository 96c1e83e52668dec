"""Kinds answered by choosing: radios, select, yesno and checkboxes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from mvpkit.definition.model import Option, Page, Question
from mvpkit.questions.answers import FormData, PageResult, clean_text
from mvpkit.questions.kind import QuestionKind, watched_values
from mvpkit.questions.wording import lower_first

YESNO_OPTIONS = (Option(value="yes", label="Yes"), Option(value="no", label="No"))


class Radios(QuestionKind):
    """One of the question's options."""

    name = "radios"
    choice = True
    renders_as = "radios"  # kinds made from it are drawn as radios too

    def validate(self, question: Question, form: FormData, result: PageResult) -> None:
        """One option's value, or a required-answer problem."""
        value = clean_text(form.get(question.id))
        result.entered[question.id] = value
        if not value:
            if question.required:
                result.error(question, "required", self.required_text(question))
            else:
                result.values[question.id] = ""
            return
        if value not in {option.value for option in self.options(question)}:
            result.error(question, "choice", "Select one of the options shown")
            return
        result.values[question.id] = value

    def required_text(self, question: Question) -> str:
        """What to say when nothing was chosen."""
        if question.label.endswith("?") and not question.summary:
            return "Select an answer"
        return f"Select {lower_first(question.short_label)}"

    def answer_text(self, question: Question, value: Any) -> str:
        """The chosen option's label."""
        labels = {option.value: option.label for option in self.options(question)}
        return labels.get(value, str(value))

    def candidates(self, question: Question, page: Page | None) -> Iterator[Any]:
        """Every option, those no `next` rule looks for first (the plain route)."""
        watched = watched_values(question, page)
        values = [option.value for option in self.options(question)]
        yield from sorted(values, key=lambda value: value in watched)


class Select(Radios):
    """One option from a drop-down list."""

    name = "select"
    renders_as = "select"


class YesNo(Radios):
    """Yes or no, side by side."""

    name = "yesno"
    renders_as = "yesno"
    choice = False  # its options are always Yes and No: the question lists none

    def options(self, question: Question) -> Sequence[Option]:
        """Yes and No."""
        return YESNO_OPTIONS

    def required_text(self, question: Question) -> str:
        """Always the same words."""
        return "Select yes or no"

    def allowed_values(self, question: Question) -> list[str]:
        """yes and no."""
        return ["yes", "no"]


class Checkboxes(QuestionKind):
    """Any of the question's options; the answer is a list in the options' order."""

    name = "checkboxes"
    choice = True

    def validate(self, question: Question, form: FormData, result: PageResult) -> None:
        """The chosen values, or a problem when none or an unknown one was posted."""
        chosen = [clean_text(v) for v in form.getlist(question.id) if clean_text(v)]
        result.entered[question.id] = chosen
        allowed = [option.value for option in self.options(question)]
        if not chosen:
            if question.required:
                default = (
                    "Select at least one option"
                    if question.label.endswith("?") and not question.summary
                    else f"Select {lower_first(question.short_label)}"
                )
                result.error(question, "required", default)
            else:
                result.values[question.id] = []
            return
        if any(value not in allowed for value in chosen):
            result.error(question, "choice", "Select only the options shown")
            return
        result.values[question.id] = [value for value in allowed if value in chosen]

    def answer_text(self, question: Question, value: Any) -> str:
        """Each chosen option's label, one a line."""
        labels = {option.value: option.label for option in self.options(question)}
        if isinstance(value, list):
            return "\n".join(labels.get(str(v), str(v)) for v in value)
        return labels.get(value, str(value))

    def form_fields(self, question: Question, answer: Any) -> dict[str, str | list[str]]:
        """One field a chosen value."""
        return {question.id: [str(value) for value in answer]}

    def candidates(self, question: Question, page: Page | None) -> Iterator[Any]:
        """One option at a time, those no `next` rule looks for first."""
        watched = watched_values(question, page)
        values = [option.value for option in self.options(question)]
        for value in sorted(values, key=lambda value: value in watched):
            yield [value]

    def given(self, sample: Any) -> Any:
        """One value alone is a list of one."""
        return [sample] if isinstance(sample, str) else sample

    def sample_shape_problem(self, sample: Any) -> str | None:
        """A list of values."""
        return (
            None if isinstance(sample, list) else "should be an option's value, or a list of them"
        )
