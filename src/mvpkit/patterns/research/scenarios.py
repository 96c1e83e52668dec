"""Scenarios: named starting points for a participant, written in `scenarios.yaml`.

A scenario's answers fill the participant's journey before they start ("has chosen a
street light"), and with `sent: true` they are sent first, as the journey would send them
("has already reported this light"), with whatever the service's patterns add (an
appointment already booked). Every answer is checked by its question's kind.

```yaml
- name: light-already-reported
  title: Has already reported this light
  answers:
    problem-type: street-light
  sent: true
```
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from werkzeug.datastructures import MultiDict

from mvpkit.definition.model import Service
from mvpkit.journeys import hooks
from mvpkit.journeys.routing import answers_on_route, route
from mvpkit.kit import Kit
from mvpkit.questions.answers import FieldError
from mvpkit.questions.samples import answer_form
from mvpkit.questions.validation import validate_question
from mvpkit.store.submissions import save_answers, send

FILE = "scenarios.yaml"


class ScenarioError(Exception):
    """`scenarios.yaml` cannot be used: every problem, one a line."""


class Scenario(BaseModel):
    """One starting point: its name (for the researcher), what is answered, whether sent."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,49}$")]
    title: Annotated[str, Field(min_length=1, max_length=200)]
    answers: dict[str, Any] = Field(default_factory=dict)
    sent: bool = False


SCENARIOS: TypeAdapter[list[Scenario]] = TypeAdapter(list[Scenario])


def load_scenarios(folder: Path, service: Service) -> list[Scenario]:
    """The service's scenarios (none without the file), each answer checked."""
    path = folder / FILE
    if not path.is_file():
        return []
    try:
        scenarios = SCENARIOS.validate_python(yaml.safe_load(path.read_text()) or [])
    except (yaml.YAMLError, ValidationError) as exc:
        raise ScenarioError(f"{path}: {exc}") from exc
    problems = [f"{path}: {problem}" for s in scenarios for problem in _problems(service, s)]
    names = [scenario.name for scenario in scenarios]
    problems += [f"{path}: the name '{n}' is used twice" for n in set(names) if names.count(n) > 1]
    if problems:
        raise ScenarioError("\n".join(problems))
    return scenarios


def _problems(service: Service, scenario: Scenario) -> list[str]:
    known = {q.id for page in service.pages for q in page.questions}
    found = [
        f"scenario '{scenario.name}': no question is called '{question_id}'"
        for question_id in scenario.answers
        if question_id not in known
    ]
    answered, errors = _checked(service, scenario)
    found += [f"scenario '{scenario.name}': {e.question_id}: {e.message}" for e in errors]
    if scenario.sent and not found and not route(service, answered).complete:
        found.append(f"scenario '{scenario.name}' is sent, but does not answer the whole journey")
    return found


def _checked(service: Service, scenario: Scenario) -> tuple[dict[str, Any], list[FieldError]]:
    """The scenario's answers as the journey keeps them (optional ones left out as blank)."""
    answered: dict[str, Any] = {}
    errors: list[FieldError] = []
    for page in service.pages:
        for question in page.questions:
            if question.id in scenario.answers:
                form = answer_form(question, scenario.answers[question.id])
            elif not question.required:
                form = MultiDict()
            else:
                continue
            result = validate_question(question, form)
            answered.update(result.values)
            errors += result.errors
    return answered, errors


def begin(kit: Kit, scenario: Scenario) -> tuple[str | None, str | None]:
    """Load the scenario: (the draft to carry on with, or None; the reference it sent, or None).

    Runs in the start link's request, so what the patterns add is made as the journey makes it.
    """
    token = secrets.token_urlsafe(32)
    answers, _ = _checked(kit.service, scenario)
    keep_for = timedelta(days=kit.settings.draft_days)
    save_answers(kit.db, kit.slug, token, answers, keep_for=keep_for)
    if not scenario.sent:
        return token, None
    kept = answers_on_route(kit.service, answers)
    submission = send(
        kit.db,
        kit.slug,
        token,
        kept,
        prefix=kit.service.reference_prefix,
        first_status=hooks.first_status(kit.service),
        within=hooks.within_send(kit, kept),
    )
    return token, submission.reference


def find(kit: Kit, name: str | None) -> Scenario | None:
    """The scenario of this name in the service's folder."""
    if not name:
        return None
    scenarios = load_scenarios(kit.settings.service_dir, kit.service)
    return next((scenario for scenario in scenarios if scenario.name == name), None)
