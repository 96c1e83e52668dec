"""A research round's findings as a Gherkin feature: one scenario a finding.

Each scenario walks the route its participant took, up to the finding, in the step
library's phrases with the kit's sample answers (chosen, as `mvpkit features draft` does,
to take the branches the participant took), and ends on what held for them: the page they
were on, or the error they were shown. The user need is the scenario's description; what
the team should add is left as a comment, so the feature runs green as it is written.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from werkzeug.datastructures import MultiDict

from mvpkit.definition.model import CHECK_ANSWERS, Service
from mvpkit.journeys.walk import Walk, walks
from mvpkit.patterns.research.finding_models import ERROR
from mvpkit.patterns.research.findings import Exported
from mvpkit.questions.validation import validate_page
from mvpkit.testing.draft import CHECK_ANSWERS_HEADING, answer_steps, keyworded

START, CHECK, CONFIRMATION = "start", "check-answers", "confirmation"
WIDTH = 88  # of a description line, after its indent
# A description line may not start like a step, a tag, a table, a doc string or a comment.
RESERVED = re.compile(
    r"^(Given|When|Then|And|But|Feature|Rule|Background|Scenario|Example|Examples|Scenarios)\b"
    r"|^[*@|#]|^\"\"\"|^```"
)
TODO = "# TODO (the team): add the steps this need asks for, then remove this line"


def feature_name(round_number: int) -> str:
    """The file a round's findings are written to."""
    return f"research-round-{round_number}.feature"


def write_round(
    service: Service, folder: Path, round_number: int, findings: Sequence[Exported]
) -> Path:
    """Write (or rewrite) the round's feature into `folder`; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / feature_name(round_number)
    path.write_text(round_feature(service, round_number, findings), encoding="utf-8")
    return path


def round_feature(service: Service, round_number: int, findings: Sequence[Exported]) -> str:
    """The feature: a header, then a scenario for each finding."""
    lines = [
        "# Written by `mvpkit research findings export`: each export rewrites this file.",
        "# Move a scenario into a feature of your own before you complete it.",
        f"Feature: Research round {round_number}",
        f"  What the team found in round {round_number} of user research on {service.name}:",
        "  each scenario is the route a participant took, with sample answers, to a finding.",
    ]
    taken: set[str] = set()
    for finding in findings:
        name = _unique(f"{finding.code}: {_one_line(finding.title)}", taken)
        lines += ["", *scenario_lines(service, finding, name)]
    return "\n".join(lines) + "\n"


def scenario_lines(service: Service, finding: Exported, name: str) -> list[str]:
    """One finding's scenario, indented as it sits in the feature."""
    route = _Route.of(service, finding)
    steps, notes = list(route.steps()), list(route.notes())
    where = "a note" if finding.source != ERROR else "an error"
    lines = [
        f"  @round_{finding.round} @participant_{finding.code}",
        f"  Scenario: {name}",
        *(f"    {line}" for line in need_lines(finding.need)),
        "",
        f"    # {finding.code}, from {where} on {finding.page or 'no page'} (finding {finding.id})",
        *(f"    {note}" for note in notes),
        *(f"    {line}" for line in keyworded(iter(steps))),
        f"    {TODO}",
    ]
    return lines


def need_lines(need: str) -> list[str]:
    """The user need as description lines: "As a ...", "I need ...", "so that ..."."""
    text = " ".join(need.split())
    parts = re.split(r",?\s+(?=(?:I need|so that|So that)\b)", text)
    wrapped = [line for part in parts for line in textwrap.wrap(part, WIDTH) or [""]]
    lines: list[str] = []
    for line in wrapped:
        if RESERVED.match(line):
            if lines:
                lines[-1] = f"{lines[-1]} {line}"
                continue
            line = f"User need: {line}"
        lines.append(line)
    return lines


@dataclass(frozen=True)
class _Route:
    """The participant's route, without detours, matched to a walk through the journey."""

    service: Service
    finding: Exported
    journey: tuple[str, ...]  # the question and exit pages, in order
    walk: Walk | None
    to_check: bool  # went on to check answers
    sent: bool  # and sent
    left_out: tuple[str, ...]  # pages of the route the journey no longer goes through

    @classmethod
    def of(cls, service: Service, finding: Exported) -> _Route:
        """The route the finding kept, as far as the journey in service.yaml still goes."""
        path = without_detours(finding.route, {START, CHECK, CONFIRMATION, *_ids(service)})
        journey = tuple(key for key in path if key not in (START, CHECK, CONFIRMATION))
        to_check = CHECK in path
        candidates = [(walk, _ids_of(walk)) for walk in walks(service)]
        for walk, ids in candidates:
            if ids[: len(journey)] != journey:
                continue
            if not to_check or (walk.end == CHECK_ANSWERS and ids == journey):
                return cls(service, finding, journey, walk, to_check, CONFIRMATION in path, ())
        kept = max((_common(ids, journey) for _, ids in candidates), default=0)
        nearest = next((w for w, ids in candidates if _common(ids, journey) >= kept), None)
        left = journey[kept:] + ((CHECK,) if to_check else ())
        return cls(service, finding, journey[:kept], nearest, False, False, left)

    def steps(self) -> Iterator[tuple[str, str]]:
        """(keyword, phrase) pairs that hold for this route."""
        if self.finding.device == "phone":
            yield "Given", "I am on a mobile-sized screen"
        if not self.journey:
            yield "When", 'I open "/"'
            yield "Then", f'I see the heading "{self.service.name}"'
            return
        assert self.walk is not None  # a journey is only kept along a walk
        yield "When", "I start the service"
        for index, step in enumerate(self.walk.steps[: len(self.journey)]):
            last = index == len(self.journey) - 1
            if step.page.is_exit or (last and not self.to_check):
                yield "Then", f'I see the heading "{step.page.title}"'
                break
            for question in step.page.questions:
                for words in answer_steps(question, step.answers[question.id]):
                    yield "When", words
            yield "When", "I continue"
        if self.to_check:
            yield "Then", f'I see the heading "{CHECK_ANSWERS_HEADING}"'
            if self.sent:
                yield "When", 'I press "Accept and send"'
                yield "Then", f'I see the heading "{self.service.confirmation.title}"'
                yield "Then", "I get a reference"
        elif self._error_shown_again():
            yield "When", "I continue"
            yield "Then", f'I see the error "{self.finding.detail}"'

    def notes(self) -> Iterator[str]:
        """Comments on what the steps could not show."""
        if self.left_out:
            yield (
                f"# Then {self.finding.code} went on to {', '.join(self.left_out)}: "
                "the journey in service.yaml no longer goes that way"
            )
        if self.finding.scenario:
            yield (
                f"# {self.finding.code} started from the scenario {self.finding.scenario}: "
                "what it had answered is not in these steps"
            )
        if self.finding.source == ERROR and not self._error_shown_again():
            yield f'# {self.finding.code} was shown the error "{self.finding.detail}" here'

    def _error_shown_again(self) -> bool:
        """True when continuing with nothing answered shows the error the participant saw."""
        if self.finding.source != ERROR or self.to_check or not self.journey:
            return False
        page = self.service.page(self.journey[-1])
        if page is None or page.is_exit or page.id != self.finding.page:
            return False
        shown = validate_page(page, MultiDict()).errors
        return any(error.message == self.finding.detail for error in shown)


def without_detours(route: Sequence[str], known: set[str]) -> list[str]:
    """The pages of the route the journey knows, each loop (back, change) cut out."""
    path: list[str] = []
    for key in route:
        if key not in known:
            continue
        if key in path:
            del path[path.index(key) + 1 :]
        else:
            path.append(key)
    return path


def _ids(service: Service) -> set[str]:
    return {page.id for page in service.pages}


def _ids_of(walk: Walk) -> tuple[str, ...]:
    return tuple(step.page.id for step in walk.steps)


def _common(ids: tuple[str, ...], journey: tuple[str, ...]) -> int:
    count = 0
    for mine, theirs in zip(ids, journey, strict=False):
        if mine != theirs:
            break
        count += 1
    return count


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _unique(name: str, taken: set[str]) -> str:
    found, number = name, 1
    while found in taken:
        number += 1
        found = f"{name} ({number})"
    taken.add(found)
    return found
