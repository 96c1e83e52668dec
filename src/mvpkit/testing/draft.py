"""`mvpkit features draft`: a first Gherkin feature for each route through the journey.

Each feature walks one route (see `mvpkit.journeys.walk`) in the step library's words,
with a `# User need:` line for the researcher to fill in. Existing files are never replaced.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from mvpkit.definition.model import CHECK_ANSWERS, Question, Service
from mvpkit.journeys.routing import today
from mvpkit.journeys.walk import Walk, walks
from mvpkit.questions.samples import OFFERED
from mvpkit.questions.validation import options_for

NEED_LINE = "# User need: As a ... I need ... so that ... (from user research: fill this in)"
CHECK_ANSWERS_HEADING = "Check your answers before sending"
RELATIVE_DAYS = 365  # dates nearer than this are written relative to today, to stay valid
ADDRESS_LABELS = (
    ("line-1", "Address line 1"),
    ("town", "Town or city"),
    ("postcode", "Postcode"),
)


@dataclass
class Drafted:
    """The files written and the files left alone because they were there already."""

    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


def draft_features(service: Service, folder: Path) -> Drafted:
    """Write a feature for each route into `folder`, skipping names already taken."""
    folder.mkdir(parents=True, exist_ok=True)
    drafted = Drafted()
    for name, text in feature_texts(service):
        path = folder / name
        if path.exists():
            drafted.skipped.append(path)
            continue
        path.write_text(text, encoding="utf-8")
        drafted.written.append(path)
    return drafted


def feature_texts(service: Service) -> list[tuple[str, str]]:
    """A file name and a feature for each route through the journey."""
    found: list[tuple[str, str]] = []
    taken: dict[str, int] = {}
    for walk in walks(service):
        end = "check-answers" if walk.end == CHECK_ANSWERS else walk.end
        taken[end] = taken.get(end, 0) + 1
        suffix = f"-{taken[end]}" if taken[end] > 1 else ""
        found.append((f"route-to-{end}{suffix}.feature", feature_text(service, walk)))
    return found


def feature_text(service: Service, walk: Walk) -> str:
    """One feature: a scenario that walks the route from the start page."""
    end = "check answers" if walk.end == CHECK_ANSWERS else f"the {walk.end} page"
    asked = [step.page.id for step in walk.steps if not step.page.is_exit]
    lines = [
        NEED_LINE,
        f"Feature: {service.name}",
        "",
        f"  Scenario: Through {', '.join(asked)} to {end}",
    ]
    lines += [f"    {line}" for line in keyworded(_steps(walk))]
    return "\n".join(lines) + "\n"


def _steps(walk: Walk) -> Iterator[tuple[str, str]]:
    """(keyword, phrase) pairs: When for actions, Then for what is seen."""
    yield "When", "I start the service"
    for step in walk.steps:
        if step.page.is_exit:
            yield "Then", f'I see the heading "{step.page.title}"'
            return
        for question in step.page.questions:
            for words in answer_steps(question, step.answers[question.id]):
                yield "When", words
        yield "When", "I continue"
    yield "Then", f'I see the heading "{CHECK_ANSWERS_HEADING}"'
    yield "When", 'I press "Accept and send"'
    yield "Then", "I get a reference"


def keyworded(steps: Iterator[tuple[str, str]]) -> Iterator[str]:
    """Each step with its keyword, "And" where it repeats the one before."""
    previous = ""
    for keyword, words in steps:
        yield f"{'And' if keyword == previous else keyword} {words}"
        previous = keyword


def answer_steps(question: Question, answer: Any) -> Iterator[str]:
    """The steps that give this answer to this question."""
    labels = {option.value: option.label for option in options_for(question)}
    if answer == OFFERED:
        kind = "day" if question.type == "appointment-day" else "time"
        yield f"I choose the first {kind} offered"
    elif question.type in ("radios", "yesno"):
        yield f'I choose "{labels[answer]}"'
    elif question.type == "checkboxes":
        yield from (f'I choose "{labels[value]}"' for value in answer)
    elif question.type == "select":
        yield f'I select "{labels[answer]}" from "{question.label}"'  # noqa: S608 - Gherkin
    elif question.type == "date":
        yield _date(question, date.fromisoformat(answer))
    elif question.type == "address":
        yield from (f'I enter "{answer[part]}" in "{label}"' for part, label in ADDRESS_LABELS)
    else:
        yield f'I enter "{answer}" in "{question.label}"'


def _date(question: Question, when: date) -> str:
    days = (when - today()).days
    if abs(days) > RELATIVE_DAYS:
        return f'I enter the date "{when.day} {when.month} {when.year}" for "{question.label}"'
    if days > 0:
        return f'I enter the date {days} days from now for "{question.label}"'
    return f'I enter the date {-days} days ago for "{question.label}"'
