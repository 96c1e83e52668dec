"""Hostile answers on every page of two services: a GOV.UK error or a redirect, never a 500."""

from __future__ import annotations

from pathlib import Path

import pytest

from mvpkit.email.addresses import FORMAT_MESSAGE as EMAIL_FORMAT
from mvpkit.journeys.walk import walks
from mvpkit.questions.samples import OFFERED, form_fields
from mvpkit.questions.validation import expected_fields
from tests.conftest import EXEMPLAR, ROOT, AppFactory
from tests.support import Browser, Page, assert_govuk_page

STEPS_SERVICE = Path(__file__).resolve().parent / "steps"
BOOKING_EXEMPLAR = ROOT / "exemplars" / "register-a-birth-or-death"
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
    "victim@example.org,x1.example",
]
EMAIL_LISTS = ["victim@example.org,x1.example", "victim@example.org;x1@example.org"]
REFUSED = "Sorry, there is a problem with what was sent"


@pytest.mark.parametrize(
    "service_dir",
    [EXEMPLAR, BOOKING_EXEMPLAR, STEPS_SERVICE],
    ids=["exemplar", "booking", "steps"],
)
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
                given = step.answers[question.id]
                if given == OFFERED:  # an appointment: the first day or time the page offers
                    given = visitor.get(f"/{step.page.id}").find("input", type="radio")[0]
                    given = given.attrs["value"]
                valid.update(form_fields(question, given))
            for name in sorted(expected_fields(step.page)):
                for nasty in NASTY:
                    data = {**valid, name: nasty, "csrf_token": token}
                    response = visitor.client.post(f"/{step.page.id}", data=data)
                    assert response.status_code in (200, 302), (step.page.id, name, nasty)
                    assert "Traceback" not in response.get_data(as_text=True)
            response = visitor.client.post(f"/{step.page.id}", data={**valid, "csrf_token": token})
            assert response.status_code == 302, step.page.id
        assert visitor.client.get("/check-answers").status_code in (200, 302)


def test_no_value_crashes_the_other_forms(make_app: AppFactory) -> None:
    from mvpkit.backoffice.accounts import add_staff
    from tests.test_journey import LIGHT_ANSWERS, answer_all, send

    app = make_app(EXEMPLAR)
    resident = Browser(app.test_client())
    answer_all(resident, LIGHT_ANSWERS)
    reference = send(resident)
    kit = app.extensions["mvpkit"]
    add_staff(kit.db, "officer@example.gov.uk", "a long enough password", kit.slug)
    staff = Browser(app.test_client())
    staff.get("/staff/sign-in")
    staff.submit(data={"email": "officer@example.gov.uk", "password": "a long enough password"})
    forms = [
        (resident, "/feedback", {"rating": "Satisfied", "comments": ""}),
        (resident, "/track", {"reference": reference}),
        (staff, f"/staff/submissions/{reference}/status", {"status": "Fixed", "note": ""}),
        (Browser(app.test_client()), "/staff/sign-in", {"email": "a@b.c", "password": "x"}),
    ]
    for visitor, url, valid in forms:
        token = visitor.get("/feedback").csrf_token()
        for name in valid:
            for nasty in NASTY:
                response = visitor.client.post(
                    url, data={**valid, name: nasty, "csrf_token": token}
                )
                assert response.status_code in (200, 302, 429), (url, name, nasty)
                assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "service_dir", [EXEMPLAR, BOOKING_EXEMPLAR, STEPS_SERVICE], ids=["exemplar", "booking", "steps"]
)
def test_every_email_question_refuses_a_list_of_addresses(
    make_app: AppFactory, service_dir: Path
) -> None:
    app = make_app(service_dir)
    asked = 0
    for walk in walks(app.extensions["mvpkit"].service):
        visitor = Browser(app.test_client())
        for step in walk.steps:
            if step.page.is_exit:
                break
            valid: dict[str, str | list[str]] = {}
            for question in step.page.questions:
                given = step.answers[question.id]
                if given == OFFERED:
                    given = visitor.get(f"/{step.page.id}").find("input", type="radio")[0]
                    given = given.attrs["value"]
                valid.update(form_fields(question, given))
            for question in step.page.questions:
                if question.type != "email":
                    continue
                for addresses in EMAIL_LISTS:
                    visitor.get(f"/{step.page.id}")
                    response = visitor.submit(data={**valid, question.id: addresses})
                    assert response.status_code == 200, (step.page.id, addresses)
                    assert EMAIL_FORMAT in Page(response).text(), (step.page.id, addresses)
                    asked += 1
            visitor.get(f"/{step.page.id}")
            assert visitor.submit(data=valid).status_code == 302, step.page.id
    assert asked or service_dir == STEPS_SERVICE


def test_my_account_refuses_a_list_of_addresses(make_app: AppFactory) -> None:
    from tests.account_support import MY_ACCOUNT, emails_to, register

    app = make_app(MY_ACCOUNT)
    resident = Browser(app.test_client())
    for addresses in EMAIL_LISTS:
        for url in ("/register", "/sign-in", "/forgotten-password"):
            resident.get(url)
            data = {"email": addresses, "password": "three random words here"}
            response = resident.submit(data=data)
            assert response.status_code == 200, url
            assert EMAIL_FORMAT in Page(response).text(), url
    signed_in = register(app, "resident@example.org")
    for addresses in EMAIL_LISTS:
        signed_in.get("/change-email")
        response = signed_in.submit(
            data={"email": addresses, "password": "three random words here"}
        )
        assert response.status_code == 200
        assert EMAIL_FORMAT in Page(response).text()
        assert not emails_to(app, addresses)


@pytest.mark.parametrize(
    ("service_dir", "path"),
    [
        (EXEMPLAR, "/track/%00"),
        (EXEMPLAR, "/track/RF-%00"),
        (EXEMPLAR, "/staff/submissions/%00"),
        (EXEMPLAR, "/problem-type?change=%00"),
        (BOOKING_EXEMPLAR, "/appointments/%00"),
        (BOOKING_EXEMPLAR, "/appointments/RB-AAAA-AAAA?key=%00"),
    ],
)
def test_a_nul_byte_in_an_address_gets_the_400_page_on_every_database(
    make_app: AppFactory, database_url: str, service_dir: Path, path: str
) -> None:
    response = make_app(service_dir, database_url).test_client().get(path)
    assert response.status_code == 400, path
    assert_govuk_page(Page(response))
    assert Page(response).h1 == REFUSED
