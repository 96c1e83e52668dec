"""The back office: staff accounts, sign-in, lockout, finding, updating and exporting."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from mvpkit import clock
from mvpkit.backoffice.accounts import AccountError, add_staff, sign_in
from mvpkit.backoffice.export import spreadsheet_safe
from mvpkit.store.models import StaffUser, Submission
from mvpkit.testing.clock import frozen_clock
from tests.support import Browser, Page
from tests.test_journey import LIGHT_ANSWERS, answer_all, send

EMAIL = "officer@riverside.example.gov.uk"
PASSWORD = "correct horse battery staple"
SERVICE = "report-a-fault"  # the exemplar's slug: its folder's name


@pytest.fixture
def staff_app(app: Flask) -> Flask:
    """The exemplar with one staff account."""
    add_staff(app.extensions["mvpkit"].db, EMAIL, PASSWORD, SERVICE)
    return app


def signed_in(app: Flask) -> Browser:
    """A visitor signed in as the staff member."""
    visitor = Browser(app.test_client())
    visitor.get("/staff/sign-in")
    response = visitor.submit(data={"email": EMAIL.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert response.location == "/staff/"
    return visitor


def report(app: Flask, **changes: str) -> str:
    """Send a street light report as a resident; return its reference."""
    resident = Browser(app.test_client())
    answers = [
        (page, {**data, **{k: v for k, v in changes.items() if k in data}})
        for page, data in LIGHT_ANSWERS
    ]
    answer_all(resident, answers)
    return send(resident)


def test_passwords_are_stored_hashed(staff_app: Flask) -> None:
    with staff_app.extensions["mvpkit"].db.reads() as session:
        user = session.scalars(select(StaffUser)).one()
    assert PASSWORD not in user.password_hash
    assert user.password_hash.startswith("$argon2")


def test_accounts_need_a_real_email_and_a_long_password(app: Flask) -> None:
    db = app.extensions["mvpkit"].db
    for not_one_address in ("officer", "officer@example.org,x1.example", "A <a@example.org>"):
        with pytest.raises(AccountError, match="not an email address"):
            add_staff(db, not_one_address, PASSWORD, SERVICE)
    with pytest.raises(AccountError, match="12 characters or more"):
        add_staff(db, EMAIL, "short", SERVICE)
    with pytest.raises(AccountError, match="commonly used passwords"):
        add_staff(db, EMAIL, "password1234", SERVICE)
    add_staff(db, EMAIL, PASSWORD, SERVICE)
    with pytest.raises(AccountError, match="already a staff account"):
        add_staff(db, EMAIL.upper(), PASSWORD, SERVICE)


def test_nobody_gets_a_staff_page_without_signing_in(staff_app: Flask) -> None:
    reference = report(staff_app)
    resident = Browser(staff_app.test_client())
    answer_all(resident, LIGHT_ANSWERS[:2])  # a citizen with a session of their own
    for url in ("/staff/", f"/staff/submissions/{reference}", "/staff/export.csv"):
        response = resident.client.get(url)
        assert response.status_code == 302, url
        assert response.location.startswith("/staff/sign-in"), url
    token = resident.get("/light-location").csrf_token()
    response = resident.client.post(
        f"/staff/submissions/{reference}/status", data={"csrf_token": token, "status": "Fixed"}
    )
    assert response.status_code == 302
    assert response.location.startswith("/staff/sign-in")


def test_wrong_password_says_so_without_saying_which(staff_app: Flask) -> None:
    visitor = Browser(staff_app.test_client())
    for email in (EMAIL, "nobody@example.com"):
        visitor.get("/staff/sign-in")
        page = Page(visitor.submit(data={"email": email, "password": "not the password"}))
        assert page.error_summary == [("Enter a correct email address and password", "#email")]
        assert page.value_of("email") == email


def test_empty_sign_in_form_names_both_fields(staff_app: Flask) -> None:
    visitor = Browser(staff_app.test_client())
    visitor.get("/staff/sign-in")
    page = Page(visitor.submit(data={"email": "", "password": ""}))
    assert page.error_summary == [
        ("Enter your email address", "#email"),
        ("Enter your password", "#password"),
    ]


def test_repeated_failures_lock_the_account(staff_app: Flask) -> None:
    visitor = Browser(staff_app.test_client())
    statuses = []
    for _attempt in range(6):
        visitor.get("/staff/sign-in")
        statuses.append(visitor.submit(data={"email": EMAIL, "password": "guess"}).status_code)
    assert statuses == [200, 200, 200, 200, 429, 429]
    visitor.get("/staff/sign-in")
    locked = visitor.submit(data={"email": EMAIL, "password": PASSWORD})
    assert locked.status_code == 429
    assert "You have entered a wrong password 5 times. Wait 15 minutes" in Page(locked).text()
    assert not sign_in(staff_app.extensions["mvpkit"].db, SERVICE, EMAIL, PASSWORD, "x").ok


def test_sign_in_renews_the_session(staff_app: Flask) -> None:
    visitor = Browser(staff_app.test_client())
    answer_all(visitor, LIGHT_ANSWERS[:1])
    before = visitor.client.get_cookie("mvpkit-report-a-fault")
    visitor.get("/staff/sign-in")
    visitor.submit(data={"email": EMAIL, "password": PASSWORD})
    after = visitor.client.get_cookie("mvpkit-report-a-fault")
    assert before is not None
    assert after is None or before.value != after.value  # the old session is not kept
    assert visitor.get("/problem-type").value_of("problem-type") == ""


def test_staff_list_filter_and_open_a_submission(staff_app: Flask) -> None:
    first = report(staff_app)
    second = report(staff_app)
    visitor = signed_in(staff_app)
    page = visitor.get("/staff/")
    assert first in page.text()
    assert second in page.text()
    page = visitor.get(f"/staff/?reference={second[3:7].lower()}")
    assert second in page.text()
    assert first not in page.text() or first[3:7] == second[3:7]
    page = visitor.get("/staff/?status=Fixed")
    assert "No submissions match." in page.text()
    page = visitor.get(page.link(first) if first in page.text() else f"/staff/submissions/{first}")
    assert page.h1 == first
    assert "sam@example.com" in page.text()
    visitor.get("/staff/submissions/RF-AAAA-AAAA", status=404)


def test_status_change_is_an_event_with_who_and_when(staff_app: Flask) -> None:
    reference = report(staff_app)
    visitor = signed_in(staff_app)
    visitor.get(f"/staff/submissions/{reference}")
    response = visitor.submit(
        data={"status": "Repair scheduled", "note": "Engineer booked for Tuesday; resident is Sam"}
    )
    assert response.status_code == 302
    page = visitor.get(f"/staff/submissions/{reference}")
    assert "Repair scheduled" in page.text()
    assert EMAIL in page.text()
    with staff_app.extensions["mvpkit"].db.reads() as session:
        stored = session.scalars(select(Submission)).one()
        events = [(e.status, e.by, e.note) for e in stored.events]
    assert stored.status == "Repair scheduled"
    assert events == [
        ("Received", "system", ""),
        ("Repair scheduled", EMAIL, "Engineer booked for Tuesday; resident is Sam"),
    ]
    public = Browser(staff_app.test_client()).get(f"/track/{reference}")
    assert "Repair scheduled" in public.text()
    assert "Engineer booked" not in public.html
    assert EMAIL not in public.html


def test_status_must_be_one_the_service_defines(staff_app: Flask) -> None:
    reference = report(staff_app)
    visitor = signed_in(staff_app)
    visitor.get(f"/staff/submissions/{reference}")
    page = Page(visitor.submit(data={"status": "Demolished", "note": "x" * 2001}))
    assert page.error_summary == [
        ("Select the new status", "#status"),
        ("Note must be 2,000 characters or fewer", "#note"),
    ]
    assert page.value_of("note") == "x" * 2001


def test_csv_export_escapes_formulas(staff_app: Flask) -> None:
    report(staff_app, **{"light-location": '=HYPERLINK("http://evil")', "name": "+Sam"})
    visitor = signed_in(staff_app)
    response = visitor.client.get("/staff/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    header, row = rows[0], rows[1]
    assert header[:3] == ["Reference", "Sent", "Status"]
    values = dict(zip(header, row, strict=True))
    assert values["Location (light-location)"] == '\'=HYPERLINK("http://evil")'
    assert values["Location (drain-location)"] == ""
    assert values["Name"] == "'+Sam"
    assert values["Street light problem"] == "It is flickering"
    assert values["Sent"].endswith("+00:00")


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+44 808", "'+44 808"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(cell: str, safe: str) -> None:
    assert spreadsheet_safe(cell) == safe


def test_sign_out_ends_the_staff_session(staff_app: Flask) -> None:
    visitor = signed_in(staff_app)
    page = visitor.get("/staff/")
    response = visitor.submit(page.form_action(), {})
    assert response.location == "/staff/sign-in"
    assert visitor.client.get("/staff/").status_code == 302


def test_sign_in_never_redirects_off_site(staff_app: Flask) -> None:
    visitor = Browser(staff_app.test_client())
    visitor.get("/staff/sign-in?next=//evil.example/")
    response = visitor.submit(data={"email": EMAIL, "password": PASSWORD})
    assert response.location == "/staff/"


def test_staff_are_signed_out_after_two_idle_hours(staff_app: Flask) -> None:
    visitor = signed_in(staff_app)
    assert visitor.client.get("/staff/").status_code == 200
    with frozen_clock(clock.now() + timedelta(hours=1, minutes=59)):
        assert visitor.client.get("/staff/").status_code == 200  # still in, and seen again
    with frozen_clock(clock.now() + timedelta(hours=4, minutes=1)):
        response = visitor.client.get("/staff/")
    assert response.status_code == 302
    assert response.location.startswith("/staff/sign-in")


def test_failures_far_apart_do_not_lock_the_account(staff_app: Flask) -> None:
    db = staff_app.extensions["mvpkit"].db
    start = clock.now()
    for day in range(6):
        with frozen_clock(start + timedelta(days=day)):
            assert not sign_in(db, SERVICE, EMAIL, "wrong guess", "127.0.0.1").locked
    with frozen_clock(start + timedelta(days=6)):
        assert sign_in(db, SERVICE, EMAIL, PASSWORD, "127.0.0.1").ok
