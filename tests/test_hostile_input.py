"""Hostile answers on every page of two services: a GOV.UK error or a redirect, never a 500."""

from __future__ import annotations

from pathlib import Path

import pytest

from mvpkit.journeys.validation import expected_fields
from mvpkit.journeys.walk import form_fields, walks
from tests.conftest import EXEMPLAR, AppFactory
from tests.support import Browser

STEPS_SERVICE = Path(__file__).resolve().parent / "steps"
NASTY = [
    "",
    " ",
    "\x00",
    "x" * 5000,
    "99999999999999999999",
    "-1",
    "1e999",
    "NaN",
    "<script>alert(1)</script>",
    "'; DROP TABLE submissions; --",
    "\u202e\u0000\ufeff",
    "😀" * 50,
    "{{ 7 * 7 }}",
    "%s%s%s",
]


@pytest.mark.parametrize("service_dir", [EXEMPLAR, STEPS_SERVICE], ids=["exemplar", "steps"])
def test_no_answer_crashes_any_page(make_app: AppFactory, service_dir: Path) -> None:
    app = make_app(service_dir)
    service = app.extensions["mvpkit"].service
    for walk in walks(service):
        visitor = Browser(app.test_client())
        token = visitor.get(f"/{walk.steps[0].page.id}").csrf_token()
        for step in walk.steps:
            if step.page.is_exit:
                break
            valid: dict[str, str | list[str]] = {}
            for question in step.page.questions:
                valid.update(form_fields(question, step.answers[question.id]))
            for name in sorted(expected_fields(step.page)):
                for nasty in NASTY:
                    data = {**valid, name: nasty, "csrf_token": token}
                    response = visitor.client.post(f"/{step.page.id}", data=data)
                    assert response.status_code in (200, 302), (step.page.id, name, nasty)
                    assert "Traceback" not in response.get_data(as_text=True)
            response = visitor.client.post(f"/{step.page.id}", data={**valid, "csrf_token": token})
            assert response.status_code == 302, step.page.id
        assert visitor.client.get("/check-answers").status_code in (200, 302)
