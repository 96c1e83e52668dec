"""Sample answers pass the journey's own validation, whatever rules a question has."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from werkzeug.datastructures import MultiDict

from mvpkit.definition.loader import load_service
from mvpkit.definition.model import Page, Question
from mvpkit.journeys.walk import walks
from mvpkit.questions.regex_sample import matching_strings
from mvpkit.questions.samples import OFFERED, NoSampleError, form_fields, sample_answer
from mvpkit.questions.validation import validate_page
from mvpkit.scaffold import new_service
from tests.conftest import ROOT, AppFactory, write_service
from tests.support import Browser
from tests.support import Page as ShownPage

EXEMPLARS = sorted(path.parent for path in (ROOT / "exemplars").glob("*/service.yaml"))


def _valid(page: Page, answers: dict[str, Any]) -> bool:
    """What the journey's validation says of these answers, posted as a browser would."""
    form: MultiDict[str, str] = MultiDict()
    for question in page.questions:
        if answers[question.id] == OFFERED:
            continue  # an appointment: chosen from the calendar as the page is shown
        for name, value in form_fields(question, answers[question.id]).items():
            for item in value if isinstance(value, list) else [value]:
                form.add(name, item)
    result = validate_page(page, form)
    return not [error for error in result.errors if answers[error.question_id] != OFFERED]


@pytest.mark.parametrize(
    "pattern",
    [
        r"^[0-9]{8}$",
        r"[A-Z]{2}\d{6}",
        r"(?i)^(ab|cd)-?\w{3,5}$",
        r"[^\s@]+@riverside\.gov\.uk",
        r"HB\d{6}|HA\d{6}",
        r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$",
        r"(?:[a-c-]+){2,}x*",
        r"[^0-9a-zA-Z]\.\x41\u00e9",
        r"a{,3}b[\]\\]",
    ],
)
def test_matching_strings_match_the_pattern(pattern: str) -> None:
    found = list(matching_strings(pattern))
    assert found
    assert all(re.fullmatch(pattern, text) for text in found)


@pytest.mark.parametrize("pattern", [r"(?=a)a", r"(\d)\1", r"(?x) a b", r"a[b"])
def test_patterns_beyond_the_subset_give_nothing(pattern: str) -> None:
    assert list(matching_strings(pattern)) == []


def test_unbounded_repeats_grow() -> None:
    lengths = [len(text) for text in matching_strings(r"[A-Z]+")]
    assert lengths == sorted(lengths)
    assert lengths[0] == 1
    assert lengths[-1] > 100


RULES: list[dict[str, Any]] = [
    {"type": "text", "pattern": r"^[0-9]{8}$"},
    {"type": "text", "pattern": r"[A-Z]{2}[0-9]+", "min_length": 12},
    {"type": "text", "pattern": r"[a-z]+", "max_length": 3},
    {"type": "text", "min_length": 40, "max_length": 45},
    {"type": "text", "max_length": 3},
    {"type": "textarea", "min_length": 600},
    {"type": "text", "pattern": r"(?i)yes|no please"},
    {"type": "number", "min": 5, "max": 10},
    {"type": "number", "min": 0.25, "max": 0.75},
    {"type": "number", "max": -3},
    {"type": "number", "pattern": r"^[0-9]{4}$"},
    {"type": "email"},
    {"type": "email", "pattern": r".+@riverside\.gov\.uk"},
    {"type": "email", "max_length": 16},
    {"type": "phone"},
    {"type": "phone", "pattern": r"\+44.*"},
    {"type": "postcode"},
    {"type": "postcode", "pattern": r"B.*"},
    {"type": "date"},
    {"type": "date", "min": "today"},
    {"type": "date", "max": "today"},
    {"type": "date", "min": "2020-01-01", "max": "2020-01-02"},
    {"type": "date", "max": "1999-12-31"},
    {"type": "address"},
    {"type": "yesno"},
    {"type": "radios", "options": ["a", "b"]},
    {"type": "select", "options": ["a"]},
    {"type": "checkboxes", "options": ["a", "b"]},
]


@pytest.mark.parametrize("rules", RULES, ids=lambda rules: "-".join(map(str, rules.values())))
def test_a_sample_satisfies_every_rule(rules: dict[str, Any]) -> None:
    page = Page.model_validate({"id": "q", "title": "Question", **rules})
    answer = sample_answer(page.questions[0], page)
    assert _valid(page, {"q": answer}), answer


def test_a_pattern_sample_has_the_form_the_pattern_asks_for() -> None:
    question = Question(id="q", label="Reference", pattern=r"^[0-9]{8}$")
    assert re.fullmatch(r"[0-9]{8}", sample_answer(question))


def test_the_question_s_own_sample_is_used() -> None:
    question = Question(id="q", label="Reference", pattern=r"(\d)\1", sample="11")
    assert sample_answer(question) == "11"
    ticks = Question(id="t", label="Ticks", type="checkboxes", options=["a", "b"], sample="b")
    assert sample_answer(ticks) == ["b"]


def test_no_sample_is_an_error_not_a_wrong_answer() -> None:
    question = Question(id="q", label="Reference", pattern=r"(\d)\1")
    with pytest.raises(NoSampleError):
        sample_answer(question)


def test_a_choice_sample_avoids_values_rules_look_for() -> None:
    page = Page.model_validate(
        {
            "id": "q",
            "title": "Which?",
            "type": "radios",
            "options": ["a", "b"],
            "next": [{"if": {"q": "a"}, "goto": "elsewhere"}],
        }
    )
    assert sample_answer(page.questions[0], page) == "b"


@pytest.mark.parametrize(
    "folder", [*EXEMPLARS, "template"], ids=lambda f: getattr(f, "name", str(f))
)
def test_every_walk_of_every_exemplar_answers_validly(folder: Path | str, tmp_path: Path) -> None:
    if folder == "template":
        folder = new_service("Apply for a permit", tmp_path)
    service = load_service(Path(folder))
    for walk in walks(service):
        for step in walk.steps:
            if not step.page.is_exit:
                assert _valid(step.page, dict(step.answers)), (walk.name, step.page.id)


RULED = """\
name: Ruled
pages:
  - id: reference
    title: Your reference
    pattern: "^[0-9]{8}$"
    pattern_message: Enter the 8 digits of your reference
  - id: start-date
    title: When should it start?
    summary: Start date
    type: date
    min: today
  - id: code
    title: Your code
    pattern: "([A-Z])\\\\1[0-9]{2}"
    pattern_message: Enter your code
    sample: QQ12
"""


def test_a_ruled_journey_walks_through_its_pages(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app(write_service(tmp_path / "ruled", RULED))
    (walk,) = walks(app.extensions["mvpkit"].service)
    visitor = Browser(app.test_client())
    for index, step in enumerate(walk.steps):
        visitor.get(f"/{step.page.id}")
        data: dict[str, str | list[str]] = {}
        for question in step.page.questions:
            data.update(form_fields(question, step.answers[question.id]))
        response = visitor.submit(data=data)
        following = walk.steps[index + 1].page.id if index + 1 < len(walk.steps) else walk.end
        assert response.location == f"/{following}", ShownPage(response).error_summary
