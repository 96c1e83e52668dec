"""Checks that the release gate can answer every question: a `sample:` fits, or one can be made."""

from __future__ import annotations

from mvpkit.definition.asked import Asked
from mvpkit.definition.source import Source
from mvpkit.definition.wording import capital
from mvpkit.questions.registry import kind_of
from mvpkit.questions.samples import NoSampleError, answer_form, given_sample, sample_answer
from mvpkit.questions.validation import validate_question


def check_samples(source: Source, asked: list[Asked]) -> None:
    """Record each question whose `sample:` its rules refuse, or for which none can be made."""
    for item in asked:
        question, who = item.question, capital(item.name)
        if question.sample is None:
            try:
                sample_answer(question)
            except NoSampleError:
                source.problem(
                    (*item.loc, "pattern") if question.pattern else item.loc,
                    f"{who} has rules no sample answer can be made for, so the release check "
                    "could not answer it: give it a `sample:` that matches.",
                )
            continue
        reason = _refused(item)
        if reason is not None:
            source.problem((*item.loc, "sample"), f"{who} has a 'sample' that {reason}.")


def _refused(item: Asked) -> str | None:
    """Why the question's own sample cannot be its answer, or None when it can."""
    question = item.question
    sample = given_sample(question)
    problem = kind_of(question).sample_shape_problem(sample)
    if problem is not None:
        return problem
    result = validate_question(question, answer_form(question, sample))
    if result.valid:
        return None
    return f"its own rules refuse: {result.errors[0].message}"
