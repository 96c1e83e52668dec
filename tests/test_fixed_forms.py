"""The kit's own forms: declared as pages of questions, read by the kinds, drawn by the macros."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.datastructures import MultiDict

from mvpkit.definition.loader import check_definition
from mvpkit.frontend.forms import STAFF, FixedForm
from mvpkit.questions.registry import kinds, service_kinds
from tests.conftest import AppFactory, write_service
from tests.support import parse_html

FORM = FixedForm(
    {
        "id": "example",
        "title": "An example form",
        "fields": [
            {"id": "choice", "label": "Pick one", "type": "radios", "options": ["Placeholder"]},
            {"id": "when", "label": "When", "type": "date"},
            {"id": "secret", "label": "Password", "type": "password"},
            {"id": "fresh", "label": "New password", "type": "new-password"},
        ],
    }
)


def _posted(**fields: str) -> MultiDict[str, str]:
    return MultiDict(fields)


def test_options_made_as_the_form_is_shown_are_the_ones_checked() -> None:
    form = FORM.with_options("choice", [("a", "First"), ("b", "Second")])

    assert [option.value for option in form.question("choice").options] == ["a", "b"]
    assert [option.value for option in FORM.question("choice").options] == ["Placeholder"]
    chosen = form.read(_posted(choice="b"))
    assert chosen.values["choice"] == "b"
    assert "choice" not in {e.question_id for e in chosen.errors}
    refused = form.read(_posted(choice="Placeholder"))
    assert "choice" in {e.question_id for e in refused.errors}


def test_a_problem_found_after_the_checks_links_to_the_questions_first_input() -> None:
    result = FORM.read(
        _posted(
            choice="Placeholder",
            **{"when-day": "1", "when-month": "2", "when-year": "2026"},
            secret="typed",
            fresh="a long and unusual passphrase",
        )
    )
    assert result.valid, result.errors
    FORM.refuse(result, "when", "That day is taken")

    assert not result.valid
    assert "when" not in result.values
    assert [(e.question_id, e.anchor, e.message) for e in result.errors] == [
        ("when", "when-day", "That day is taken")
    ]


def test_passwords_are_kept_as_typed_and_new_ones_meet_the_policy() -> None:
    result = FORM.read(_posted(secret="  spaced  ", fresh="password"))

    assert result.values["secret"] == "  spaced  "  # never trimmed
    assert "secret" not in result.entered  # never shown again
    messages = {e.question_id: e.message for e in result.errors}
    assert messages["fresh"] == "Password must be 12 characters or more"
    assert FORM.read(_posted()).errors[2].message == "Enter your password"


def test_a_service_cannot_ask_for_a_password(tmp_path: Path) -> None:
    assert "password" in kinds()
    assert "password" not in service_kinds()
    assert "new-password" not in service_kinds()
    folder = write_service(
        tmp_path / "svc",
        "name: Passwords\npages:\n  - id: secret\n    title: Your password\n    type: password\n",
    )
    _, problems = check_definition(folder)

    assert [problem.message.split(". Use one of")[0] for problem in problems] == [
        "Page 'secret' has type 'password', which is not a question type"
    ]


def test_the_form_is_drawn_by_the_question_macros_with_what_was_typed(
    make_app: AppFactory,
) -> None:
    app: Flask = make_app()
    form = FORM.with_options("choice", [("a", "First")])
    with app.test_request_context("/report-a-fault/staff/example", method="POST"):
        result = form.read(_posted(choice="nope", secret="hunter2 hunter2"))
        html = form.render(result, layout=STAFF, button="Save", status=400, action="/save")

    assert isinstance(html, tuple)
    assert html[1] == 400
    _, elements = parse_html(html[0])
    headings = [e for e in elements if e.tag == "h1"]
    assert [h.text.strip() for h in headings] == ["An example form"]
    inputs = {e.attrs.get("name"): e for e in elements if e.tag == "input"}
    assert inputs["secret"].attrs.get("value") in (None, "")  # a password is not sent back
    assert inputs["secret"].attrs.get("autocomplete") == "current-password"
    assert {"when-day", "when-month", "when-year", "fresh", "choice"} <= set(inputs)
    summary = [e for e in elements if e.tag == "a" and e.attrs.get("href", "").startswith("#")]
    assert "#when-day" in {a.attrs["href"] for a in summary}
    assert "govuk-error-summary" in html[0]
