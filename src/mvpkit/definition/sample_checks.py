"""Checks that the release gate can answer every question: a `sample:` fits, or one can be made."""

from __future__ import annotations

from datetime import date

from mvpkit.definition.asked import Asked
from mvpkit.definition.model import APPOINTMENT_TYPES
from mvpkit.definition.source import Source
from mvpkit.definition.wording import capital, shown
from mvpkit.journeys.samples import NoSampleError, answer_form, given_sample, sample_answer
from mvpkit.journeys.validation import validate_question


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
    if question.type in APPOINTMENT_TYPES:
        return "it cannot use: an appointment is chosen from the calendar as the page is shown"
    if question.type == "address":
        if not isinstance(sample, dict):
            return "should be a mapping of line-1, line-2, town and postcode"
    elif question.type == "checkboxes":
        if not isinstance(sample, list):
            return "should be an option's value, or a list of them"
    elif not isinstance(sample, str):
        return "should be text"
    elif question.type == "date" and not _iso(sample):
        return f"'{shown(sample)}' is not a date written like 2024-01-31"
    result = validate_question(question, answer_form(question, sample))
    if result.valid:
        return None
    return f"its own rules refuse: {result.errors[0].message}"


def _iso(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
