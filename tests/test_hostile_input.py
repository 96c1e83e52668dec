"""Hostile answers on every page of two services: a GOV.UK error or a redirect, never a 500."""

from __future__ import annotations

from pathlib import Path

import pytest

from mvpkit.journeys.validation import expected_fields
from mvpkit.journeys.walk import OFFERED, form_fields, walks
from tests.conftest import EXEMPLAR, ROOT, AppFactory
from tests.support import Browser

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
]


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
