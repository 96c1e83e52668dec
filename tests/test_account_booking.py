"""My Account and the booking exemplar served together: appointments booked signed in."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from werkzeug.test import Client

from mvpkit.journeys.routing import today
from mvpkit.serve import build_wsgi, find_services
from tests.account_support import MY_ACCOUNT, PASSWORD
from tests.conftest import ROOT

BOOKING = ROOT / "exemplars" / "register-a-birth-or-death"
RESIDENT, OTHER = "resident@example.com", "other@example.com"
RADIO = re.compile(r'<input class="govuk-radios__input"[^>]*value="([^"]+)"')


class Visitor:
    """A browser on the services served together: its own cookies, forms sent with CSRF."""

    def __init__(self, wsgi: object) -> None:
        self.client = Client(wsgi)  # type: ignore[arg-type]
        self.html = ""

    def get(self, url: str) -> int:
        response = self.client.get(url)
        self.html = response.get_data(as_text=True)
        return response.status_code

    def post(self, url: str, data: dict[str, str]) -> str:
        self.get(url)
        token = re.search(r'name="csrf_token" value="([^"]+)"', self.html)
        assert token, url
        response = self.client.post(url, data={"csrf_token": token.group(1), **data})
        assert response.status_code == 302, (url, response.status_code)
        return response.location

    def register(self, email: str) -> None:
        self.post("/my-account/register", {"email": email, "password": PASSWORD})
        self.get("/my-account/outbox")
        links = re.findall(r"http://localhost(/my-account/confirm-email/[^\s<\"]+)", self.html)
        assert links
        assert self.post(links[0], {"password": PASSWORD}) == "/my-account/"

    def book(self) -> str:
        base = "/register-a-birth-or-death"
        born = today() - timedelta(days=3)
        self.post(f"{base}/register-what", {"register-what": "birth"})
        self.post(
            f"{base}/birth-date",
            {
                "birth-date-day": str(born.day),
                "birth-date-month": str(born.month),
                "birth-date-year": str(born.year),
            },
        )
        self.get(f"{base}/appointment-day")
        self.post(f"{base}/appointment-day", {"appointment-day": RADIO.findall(self.html)[0]})
        self.get(f"{base}/appointment-time")
        self.post(f"{base}/appointment-time", {"appointment-time": RADIO.findall(self.html)[0]})
        details = {"full-name": "Sam Jones", "email": "sam@example.com", "phone": ""}
        self.post(f"{base}/details", details)
        assert self.post(f"{base}/check-answers", {}).endswith("/confirmation")
        self.get(f"{base}/confirmation")
        found = re.search(r"RB-[A-Z0-9]{4}-[A-Z0-9]{4}", self.html)
        assert found
        return found.group(0)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[object]:
    """My Account and the booking service, as `mvpkit serve` runs them: one database."""
    for folder in (MY_ACCOUNT, BOOKING):
        (tmp_path / folder.name).mkdir()
        shutil.copy(folder / "service.yaml", tmp_path / folder.name / "service.yaml")
    wsgi = build_wsgi(find_services(tmp_path))
    yield wsgi
    for app in wsgi.mounts.values():
        app.extensions["mvpkit"].db.dispose()


def test_an_appointment_booked_signed_in_is_listed_and_managed_by_its_owner_only(
    served: object,
) -> None:
    resident = Visitor(served)
    resident.register(RESIDENT)
    reference = resident.book()
    resident.get("/my-account/")
    assert reference in resident.html
    manage = f"/register-a-birth-or-death/appointments/{reference}"
    assert f'href="{manage}/change"' in resident.html
    assert f'href="{manage}/cancel"' in resident.html

    owner = Visitor(served)  # the same resident on another device: signed in, no email link
    owner.post("/my-account/sign-in", {"email": RESIDENT, "password": PASSWORD})
    assert owner.get(manage) == 200
    assert "Change the time" in owner.html
    assert owner.get(f"{manage}/change") == 200
    assert owner.post(f"{manage}/cancel", {"cancel": "yes"}) == manage
    owner.get(manage)
    assert "Your appointment has been cancelled" in owner.html

    other = Visitor(served)
    other.register(OTHER)
    assert other.get(manage) == 403
    assert Visitor(served).get(manage) == 403  # nobody signed in, no link


def test_claiming_a_booking_reference_makes_the_appointment_mine(served: object) -> None:
    booker = Visitor(served)
    reference = booker.book()  # booked without an account
    resident = Visitor(served)
    resident.register(RESIDENT)
    manage = f"/register-a-birth-or-death/appointments/{reference}"
    assert resident.get(manage) == 403
    resident.get("/my-account/")
    claim = re.search(r'href="(/my-account/[^"]*)">Add a report', resident.html)
    assert claim, "My Account offers no way to claim a reference"
    resident.post(claim.group(1), {"reference": reference, "email": "sam@example.com"})
    assert resident.get(manage) == 200
    resident.get("/my-account/")
    assert f'href="{manage}/change"' in resident.html


def test_an_appointment_is_listed_once_with_its_reference_linking_to_its_page(
    served: object,
) -> None:
    resident = Visitor(served)
    resident.register(RESIDENT)
    reference = resident.book()
    resident.get("/my-account/")
    reports, appointments = resident.html.split('<h2 class="govuk-heading-m">Your appointments')
    assert reference not in reports
    assert "You have no reports yet." in reports
    page = f"/register-a-birth-or-death/appointments/{reference}"
    assert f'<a class="govuk-link" href="{page}">{reference}</a>' in appointments
    assert resident.get(page) == 200
    assert "Your appointment" in resident.html


def test_adding_a_booking_reference_says_so_once_on_the_account_page(served: object) -> None:
    reference = Visitor(served).book()
    resident = Visitor(served)
    resident.register(RESIDENT)
    resident.get("/my-account/add-a-report")
    assert "Add to your account" in resident.html
    resident.post("/my-account/add-a-report", {"reference": reference, "email": "sam@example.com"})
    resident.get("/my-account/")
    banner = re.search(r"govuk-notification-banner--success.*?</div>\s*</div>", resident.html, re.S)
    assert banner, "no success banner after adding"
    assert f"{reference} has been added to your account" in banner.group(0)
    resident.get("/my-account/")
    assert "has been added" not in resident.html
