"""The service's own tests, driven by service.yaml: they follow its journey as it changes.

Each route through the journey (every branch of every `next` rule) is answered with valid
sample answers, through Flask's test client, as a browser without JavaScript would.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from markupsafe import escape
from werkzeug.test import TestResponse

from mvpkit.definition import Page, Service, find_definition, load_service
from mvpkit.journeys.walk import Walk, walks
from mvpkit.questions.samples import OFFERED, form_fields

SERVICE_DIR = Path(__file__).parents[1]
CSRF_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
REFERENCE_IN_PANEL = re.compile(r"Your reference number<br><strong>([^<]+)</strong>")
ROUTES = [walk.name for walk in walks(load_service(find_definition(SERVICE_DIR)))]


def html(response: TestResponse) -> str:
    """The page's HTML."""
    return response.get_data(as_text=True)


def csrf_token(response: TestResponse) -> str:
    """The CSRF token of the form on the page: every form must send it back."""
    match = CSRF_TOKEN.search(html(response))
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def offered(form: TestResponse, name: str) -> str:
    """The first day or time an appointment page offers."""
    match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]+)"', html(form))
    assert match, f"the page offers no {name}"
    return match.group(1)


def answer_page(client: FlaskClient, page: Page, answers: dict[str, Any]) -> TestResponse:
    """Open the page, send these answers with its CSRF token and follow the redirect."""
    form = client.get(f"/{page.id}")
    assert form.status_code == 200, page.id
    data: dict[str, Any] = {"csrf_token": csrf_token(form)}
    for question in page.questions:
        value = answers[question.id]
        if value == OFFERED:
            value = offered(form, question.id)
        data.update(form_fields(question, value))
    response = client.post(f"/{page.id}", data=data, follow_redirects=True)
    assert response.status_code == 200, page.id
    return response


def walk_named(service: Service, name: str) -> Walk:
    """The route with this name, worked out again under the test's clock."""
    return next(walk for walk in walks(service) if walk.name == name)


def test_the_start_page_names_the_service_and_starts_the_journey(
    client: FlaskClient, service: Service
) -> None:
    response = client.get("/")

    assert response.status_code == 200
    page = html(response)
    assert f'<h1 class="govuk-heading-xl">{escape(service.name)}</h1>' in page
    start_link = re.search(r'<a href="([^"]+)"[^>]*govuk-button--start[^>]*>\s*Start now', page)
    assert start_link, "the start page has no Start now button"
    assert start_link.group(1) == f"/{service.pages[0].id}"


@pytest.mark.parametrize("route", ROUTES)
def test_each_route_ends_where_the_definition_says(
    client: FlaskClient, service: Service, route: str
) -> None:
    walk = walk_named(service, route)
    client.get("/")

    for step, following in pairwise(walk.steps):
        response = answer_page(client, step.page, dict(step.answers))
        assert response.request.path == f"/{following.page.id}"
    last = walk.steps[-1]
    if last.page.is_exit:
        assert escape(last.page.title) in html(client.get(f"/{last.page.id}"))
        return
    response = answer_page(client, last.page, dict(last.answers))
    assert response.request.path == "/check-answers"
    token = csrf_token(response)
    confirmation = client.post("/check-answers", data={"csrf_token": token}, follow_redirects=True)

    assert confirmation.request.path == "/confirmation"
    assert escape(service.confirmation.title) in html(confirmation)
    found = REFERENCE_IN_PANEL.search(html(confirmation))
    assert found, "the confirmation page shows no reference"
    pattern = re.escape(service.reference_prefix) + r"-[A-Z0-9]{4}-[A-Z0-9]{4}"
    assert re.fullmatch(pattern, found.group(1)), found.group(1)


def test_the_first_question_sent_empty_shows_the_error_summary(
    client: FlaskClient, service: Service
) -> None:
    first = service.pages[0]
    if not any(question.required for question in first.questions):
        pytest.skip("the first page asks nothing that must be answered")
    form = client.get(f"/{first.id}")

    response = client.post(f"/{first.id}", data={"csrf_token": csrf_token(form)})

    assert response.status_code == 200
    page = html(response)
    assert "<title>Error: " in page
    assert "There is a problem" in page
    assert f'href="#{first.questions[0].id}' in page
