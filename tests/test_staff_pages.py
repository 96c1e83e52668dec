"""The back office looks like a staff tool: its own header, banners, statuses and history."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page as BrowserPage
from playwright.sync_api import expect
from werkzeug.test import Client

from mvpkit.backoffice.accounts import add_staff
from mvpkit.frontend.templating import short_date_time
from mvpkit.serve import build_wsgi
from mvpkit.testing.browsers import find_chromium
from mvpkit.testing.live_server import LiveServer
from tests.conftest import EXEMPLAR, ROOT, AppFactory
from tests.support import Browser, Element, Page
from tests.test_backoffice import EMAIL, PASSWORD, SERVICE, report
from tests.test_booking_journey import book_through_journey

BOOKING = ROOT / "exemplars" / "register-a-birth-or-death"


@pytest.fixture
def staff_app(make_app: AppFactory, sqlite_url: str) -> Flask:
    """The street light exemplar with one staff account."""
    app = make_app(EXEMPLAR, sqlite_url)
    add_staff(app.extensions["mvpkit"].db, EMAIL, PASSWORD, SERVICE)
    return app


def signed_in(app: Flask, prefix: str = "") -> Browser:
    """A browser signed in to the back office."""
    staff = Browser(app.test_client())
    staff.get(f"{prefix}/staff/sign-in")
    assert staff.submit(data={"email": EMAIL, "password": PASSWORD}).status_code == 302
    return staff


def staff_header(page: Page) -> Element:
    """The one header of the page, which must be the back office's."""
    headers = page.find("header")
    assert [header.classes() for header in headers] == [
        {"govuk-template__header", "mvpkit-staff-header"}
    ]
    return headers[0]


def navigation(page: Page) -> list[tuple[str, str, str]]:
    """The service navigation's links: text, address and aria-current."""
    return [
        (" ".join(a.text.split()), a.attrs["href"], a.attrs.get("aria-current", ""))
        for a in page.find("a", class_="govuk-service-navigation__link")
    ]


def test_staff_pages_have_a_staff_header_and_nothing_for_residents(staff_app: Flask) -> None:
    sign_in = Browser(staff_app.test_client()).get("/staff/sign-in")
    assert "Signed in as" not in staff_header(sign_in).text
    assert not sign_in.find("div", class_="govuk-phase-banner")

    reference = report(staff_app)
    staff = signed_in(staff_app)
    for path in ("/staff/", f"/staff/submissions/{reference}"):
        page = staff.get(path)
        header = staff_header(page)
        assert f"Signed in as {EMAIL}" in " ".join(header.text.split())
        assert not page.find("div", class_="govuk-phase-banner")
        assert "Feedback" not in [a.text.strip() for a in page.find("a")]
        assert "give your feedback" not in page.text()
        sign_out = [form for form in page.find("form") if "Sign out" in form.text]
        assert [form.attrs["action"] for form in sign_out] == ["/staff/sign-out"]
        assert _inside(header, sign_out[0])
    assert navigation(staff.get("/staff/")) == [
        ("Report a street light or drain problem: back office", "/staff/", ""),
        ("Submissions", "/staff/", "page"),
        ("Figures", "/staff/figures", ""),
        ("Help a resident", "/staff/figures/assist", ""),
        ("Offline transactions", "/staff/figures/offline", ""),
    ]
    assert navigation(staff.get(f"/staff/submissions/{reference}"))[1][2] == "true"


def _inside(parent: Element, element: Element) -> bool:
    return element is parent or any(_inside(child, element) for child in parent.children)


def test_the_residents_pages_keep_their_banner_and_feedback_link(staff_app: Flask) -> None:
    page = Browser(staff_app.test_client()).get("/")
    assert page.find("div", class_="govuk-phase-banner")
    assert not page.find("header", class_="mvpkit-staff-header")
    assert page.link("Feedback") == "/feedback"


def test_saving_a_status_says_so_once_and_keeps_it_chosen(staff_app: Flask) -> None:
    reference = report(staff_app)
    staff = signed_in(staff_app)
    page = staff.get(f"/staff/submissions/{reference}")
    assert checked_status(page) == ["Received"]
    assert not page.find("div", class_="govuk-notification-banner")
    staff.submit(data={"status": "Investigating", "note": ""})
    page = staff.get(f"/staff/submissions/{reference}")
    banners = page.find("div", class_="govuk-notification-banner--success")
    assert [" ".join(banner.text.split()) for banner in banners] == [
        "Success Status changed to Investigating"
    ]
    assert checked_status(page) == ["Investigating"]
    again = staff.get(f"/staff/submissions/{reference}")
    assert not again.find("div", class_="govuk-notification-banner")


def checked_status(page: Page) -> list[str]:
    """The values of the status radios that are checked."""
    return [
        element.attrs["value"]
        for element in page.find("input", name="status")
        if "checked" in element.attrs
    ]


def test_history_dates_are_short_and_kept_on_one_line(staff_app: Flask) -> None:
    reference = report(staff_app)
    page = signed_in(staff_app).get(f"/staff/submissions/{reference}")
    cells = page.find("td", class_="mvpkit-nowrap")
    assert len(cells) == 1
    assert "," in cells[0].text
    assert " at " not in cells[0].text
    assert ".mvpkit-nowrap { white-space: nowrap; }" in page.html


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(2007, 3, 27, 13, 15, tzinfo=UTC), "27 Mar 2007, 2:15pm"),
        (datetime(2026, 9, 1, 11, 5, tzinfo=UTC), "1 Sept 2026, 12:05pm"),
        (datetime(2026, 12, 24, 0, 30, tzinfo=UTC), "24 Dec 2026, 12:30am"),
    ],
)
def test_short_dates_use_govuk_month_abbreviations(moment: datetime, shown: str) -> None:
    assert short_date_time(moment) == shown


def test_a_booking_services_list_shows_each_appointments_status(
    make_app: AppFactory, sqlite_url: str
) -> None:
    app = make_app(BOOKING, sqlite_url)
    add_staff(app.extensions["mvpkit"].db, EMAIL, PASSWORD, app.extensions["mvpkit"].slug)
    resident = Browser(app.test_client())
    reference, _time = book_through_journey(resident)
    staff = signed_in(app)
    page = staff.get("/staff/")
    assert [th.text.strip() for th in page.find("th", class_="govuk-table__header")] == [
        "Reference",
        "Sent",
        "Appointment",
    ]
    assert row_of(page, reference)[-1] == "Booked"
    assert [text for text, _href, _current in navigation(page)[1:]] == [
        "Submissions",
        "Appointments",
        "Calendar",
        "Figures",
        "Help a resident",
        "Offline transactions",
    ]
    resident.get(f"/appointments/{reference}/cancel")
    resident.submit(data={"cancel": "yes"})
    assert row_of(staff.get("/staff/"), reference)[-1] == "Cancelled"
    rows = staff.get(f"/staff/submissions/{reference}").summary_rows()
    assert rows["Status"] == "Cancelled"
    assert navigation(staff.get("/staff/appointments"))[2][2] == "page"


def row_of(page: Page, reference: str) -> list[str]:
    """The cells of the table row for this reference."""
    for row in page.find("tr", class_="govuk-table__row"):
        cells = [" ".join(cell.text.split()) for cell in row.children if cell.tag == "td"]
        if cells and reference in row.text:
            return cells
    raise AssertionError(f"no row for {reference}")


def test_the_staff_header_links_below_the_services_mount(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MVPKIT_DATABASE_URL", f"sqlite:///{tmp_path / 'all.sqlite3'}")
    monkeypatch.setenv("MVPKIT_SECRET_KEY", "k" * 64)
    slug = BOOKING.name
    wsgi = build_wsgi([BOOKING, ROOT / "exemplars" / "my-account"])
    app: Flask = wsgi.mounts[f"/{slug}"]
    add_staff(app.extensions["mvpkit"].db, EMAIL, PASSWORD, slug)
    staff = Browser(Client(wsgi))  # type: ignore[arg-type]
    page = signed_in_through(staff, f"/{slug}")
    assert navigation(page) == [
        (
            "Book an appointment to register a birth or death: back office",
            f"/{slug}/staff/",
            "",
        ),
        ("Submissions", f"/{slug}/staff/", "page"),
        ("Appointments", f"/{slug}/staff/appointments", ""),
        ("Calendar", f"/{slug}/staff/calendar", ""),
        ("Figures", f"/{slug}/staff/figures", ""),
        ("Help a resident", f"/{slug}/staff/figures/assist", ""),
        ("Offline transactions", f"/{slug}/staff/figures/offline", ""),
    ]
    assert f'action="/{slug}/staff/sign-out"' in page.html
    assert f'href="/{slug}/icon"' in page.html


def signed_in_through(staff: Browser, prefix: str) -> Page:
    """Sign in below `prefix`; the list of submissions it lands on."""
    staff.get(f"{prefix}/staff/sign-in")
    response = staff.submit(data={"email": EMAIL, "password": PASSWORD})
    assert response.location == f"{prefix}/staff/"
    return staff.get(f"{prefix}/staff/")


@pytest.mark.browser
@pytest.mark.skipif(not find_chromium(), reason="no system Chromium (.ci/run installs it)")
def test_in_a_browser_the_staff_header_signs_out(page: BrowserPage) -> None:
    with LiveServer(BOOKING) as server:
        assert server.app is not None
        kit = server.app.extensions["mvpkit"]
        add_staff(kit.db, EMAIL, PASSWORD, kit.slug)
        page.goto(f"{server.url}/staff/sign-in")
        page.get_by_label("Email address").fill(EMAIL)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        header = page.get_by_role("banner")
        expect(header).to_contain_text(f"Signed in as {EMAIL}")
        header.get_by_role("link", name="Appointments").click()
        expect(page.get_by_role("link", name="Appointments", exact=True)).to_have_attribute(
            "aria-current", "page"
        )
        expect(page.locator(".govuk-phase-banner")).to_have_count(0)
        header.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to the back office")
        page.goto(f"{server.url}/staff/")
        expect(page).to_have_url(re.compile(r"/staff/sign-in\?next="))
