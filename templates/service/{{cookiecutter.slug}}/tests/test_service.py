"""The service's own tests: its start page, its journey, its errors and its exit page.

They follow the example journey in service.yaml. As you change the journey, change them.
"""

from __future__ import annotations

import re
from datetime import timedelta

from flask.testing import FlaskClient
from markupsafe import escape
from werkzeug.test import TestResponse

from mvpkit import clock
from mvpkit.definition import Service

CSRF_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
REFERENCE_IN_PANEL = re.compile(r"Your reference number<br><strong>([^<]+)</strong>")


def html(response: TestResponse) -> str:
    """The page's HTML."""
    return response.get_data(as_text=True)


def csrf_token(response: TestResponse) -> str:
    """The CSRF token of the form on the page: every form must send it back."""
    match = CSRF_TOKEN.search(html(response))
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def answer(client: FlaskClient, path: str, data: dict[str, str]) -> TestResponse:
    """Open the page at `path`, fill in its form with `data`, send it and follow redirects."""
    form = client.get(path)
    assert form.status_code == 200, path
    response = client.post(
        path, data={**data, "csrf_token": csrf_token(form)}, follow_redirects=True
    )
    assert response.status_code == 200, path
    return response


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


def test_a_complete_application_gets_a_reference_that_can_be_tracked(
    client: FlaskClient, service: Service
) -> None:
    starts = clock.today() + timedelta(days=7)

    page = answer(client, "/permit-type", {"permit-type": "resident"})
    assert page.request.path == "/postcode"
    page = answer(client, "/postcode", {"postcode": "aa3 1ab"})
    assert page.request.path == "/start-date"
    page = answer(
        client,
        "/start-date",
        {
            "start-date-day": str(starts.day),
            "start-date-month": str(starts.month),
            "start-date-year": str(starts.year),
        },
    )
    assert page.request.path == "/contact"
    page = answer(client, "/contact", {"name": "Sam Jones", "email": "sam@example.com"})
    assert page.request.path == "/check-answers"
    assert "AA3 1AB" in html(page)
    page = answer(client, "/check-answers", {})

    assert page.request.path == "/confirmation"
    assert escape(service.confirmation.title) in html(page)
    found = REFERENCE_IN_PANEL.search(html(page))
    assert found, "the confirmation page shows no reference"
    reference = found.group(1)
    pattern = "^" + re.escape(service.reference_prefix) + r"-[A-Z0-9]{4}-[A-Z0-9]{4}$"
    assert re.fullmatch(pattern, reference), reference
    tracked = client.get(f"/track/{reference}")
    assert tracked.status_code == 200
    assert "Received" in html(tracked)


def test_the_first_question_sent_empty_shows_the_error_summary(client: FlaskClient) -> None:
    form = client.get("/permit-type")

    response = client.post("/permit-type", data={"csrf_token": csrf_token(form)})

    assert response.status_code == 200
    page = html(response)
    assert "<title>Error: " in page
    assert "govuk-error-summary" in page
    assert "There is a problem" in page
    assert 'href="#permit-type"' in page
    assert "Select which parking permit you need" in page


def test_a_business_permit_leads_to_the_exit_page(client: FlaskClient) -> None:
    page = answer(client, "/permit-type", {"permit-type": "business"})

    assert page.request.path == "/business-permits"
    assert "Apply for a business permit another way" in html(page)
    later = client.get("/check-answers", follow_redirects=True)
    assert later.request.path == "/business-permits"
