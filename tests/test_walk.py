"""Every route through a journey, walked with sample answers through the test client."""

from __future__ import annotations

from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from mvpkit.definition.loader import load_service
from mvpkit.journeys.routing import CHECK_ANSWERS
from mvpkit.journeys.walk import walks
from mvpkit.questions.samples import form_fields, sample_answer
from mvpkit.questions.validation import validate_page
from tests.conftest import EXEMPLAR, AppFactory, write_service
from tests.support import Browser, Page
from tests.test_definition_loader import DESIGN_EXAMPLE


def test_the_exemplar_has_five_routes() -> None:
    found = {walk.name: walk.end for walk in walks(load_service(EXEMPLAR))}
    light = "problem-type > light-problem > light-location > description > updates"
    drain = "problem-type > drain-problem > drain-location > description > updates"
    assert found == {
        f"{light} > email > name": CHECK_ANSWERS,
        f"{light} > name": CHECK_ANSWERS,
        f"{drain} > email > name": CHECK_ANSWERS,
        f"{drain} > name": CHECK_ANSWERS,
        "problem-type > report-elsewhere": "report-elsewhere",
    }


def test_every_sample_answer_is_valid() -> None:
    service = load_service(EXEMPLAR)
    for walk in walks(service):
        for step in walk.steps:
            form: MultiDict[str, str] = MultiDict()
            for question in step.page.questions:
                for name, value in form_fields(question, step.answers[question.id]).items():
                    for item in value if isinstance(value, list) else [value]:
                        form.add(name, item)
            assert validate_page(step.page, form).valid, (walk.name, step.page.id)


@pytest.mark.parametrize(
    "kind",
    ["text", "textarea", "number", "email", "phone", "postcode", "date", "address"],
)
def test_sample_answers_respect_limits(kind: str, tmp_path: Path) -> None:
    extra = {
        "number": "    min: 5\n    max: 10\n",
        "date": "    min: today\n",
        "text": "    min_length: 40\n    max_length: 45\n",
    }.get(kind, "")
    folder = write_service(
        tmp_path / "svc",
        f"name: X\npages:\n  - id: q\n    title: Question\n    type: {kind}\n{extra}",
    )
    service = load_service(folder)
    page = service.pages[0]
    answer = sample_answer(page.questions[0], page)
    form: MultiDict[str, str] = MultiDict()
    for name, value in form_fields(page.questions[0], answer).items():
        form.add(name, value if isinstance(value, str) else value[0])
    assert validate_page(page, form).valid, answer


@pytest.mark.parametrize("definition", ["exemplar", "design", "template"])
def test_every_route_completes_through_the_pages(
    definition: str, make_app: AppFactory, tmp_path: Path
) -> None:
    if definition == "exemplar":
        folder = EXEMPLAR
    elif definition == "design":
        folder = write_service(tmp_path / "design", DESIGN_EXAMPLE)
    else:
        from mvpkit.scaffold import new_service

        folder = new_service("Apply for a permit", tmp_path)
    app = make_app(folder)
    service = app.extensions["mvpkit"].service
    for walk in walks(service):
        visitor = Browser(app.test_client())
        for index, step in enumerate(walk.steps):
            visitor.get(f"/{step.page.id}")
            if step.page.is_exit:
                break
            data: dict[str, str | list[str]] = {}
            for question in step.page.questions:
                data.update(form_fields(question, step.answers[question.id]))
            response = visitor.submit(data=data)
            assert response.status_code == 302, (walk.name, Page(response).error_summary)
            following = walk.steps[index + 1].page.id if index + 1 < len(walk.steps) else walk.end
            assert response.location == f"/{following}", walk.name
        if walk.end == CHECK_ANSWERS:
            visitor.get("/check-answers")
            assert visitor.submit().location == "/confirmation"
