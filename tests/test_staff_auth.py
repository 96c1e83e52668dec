"""Staff sessions: one service each, ended by signing out, revoking or a new password."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client

from mvpkit.backoffice.accounts import add_staff, grant, remove, revoke, set_password
from tests.conftest import EXEMPLAR, ROOT, AppFactory
from tests.support import Browser, Page
from tests.test_backoffice import EMAIL, PASSWORD, SERVICE, report, signed_in

OFFICE = ROOT / "exemplars" / "register-a-birth-or-death"
COOKIE = f"mvpkit-staff-{SERVICE}"
WRONG = "Enter a correct email address and password"


@pytest.fixture
def staff_app(app: Flask) -> Flask:
    """The exemplar with one staff account, granted it."""
    add_staff(app.extensions["mvpkit"].db, EMAIL, PASSWORD, SERVICE)
    return app


def _token(visitor: Browser) -> str:
    cookie = visitor.client.get_cookie(COOKIE)
    assert cookie is not None
    return cookie.value


def _replay(app: Flask, token: str) -> Browser:
    """Another browser holding a copy of the staff cookie."""
    copy = Browser(app.test_client())
    copy.client.set_cookie(COOKIE, token)
    return copy


def _shut_out(visitor: Browser) -> bool:
    for url in ("/staff/", "/staff/export.csv"):
        response = visitor.client.get(url)
        if response.status_code != 302 or not response.location.startswith("/staff/sign-in"):
            return False
    return True


def test_a_session_for_one_service_opens_nothing_in_another(
    make_app: AppFactory, database_url: str
) -> None:
    fault = make_app(EXEMPLAR, database_url)  # the same secret key, the same database
    office = make_app(OFFICE, database_url)
    db = fault.extensions["mvpkit"].db
    add_staff(db, EMAIL, PASSWORD, SERVICE)
    grant(db, EMAIL, OFFICE.name)  # even granted both, a session opens only its own
    visitor = signed_in(fault)
    assert visitor.client.get("/staff/export.csv").status_code == 200
    stolen = Browser(office.test_client())
    for name in (COOKIE, f"mvpkit-staff-{OFFICE.name}"):
        stolen.client.set_cookie(name, _token(visitor))
    for name in ("mvpkit-report-a-fault", f"mvpkit-{OFFICE.name}"):
        flask_session = visitor.client.get_cookie("mvpkit-report-a-fault")
        if flask_session is not None:
            stolen.client.set_cookie(name, flask_session.value)
    for url in ("/staff/", "/staff/export.csv", "/staff/calendar"):
        response = stolen.client.get(url)
        assert response.status_code == 302, url
        assert response.location.startswith("/staff/sign-in"), url


def test_an_account_without_a_grant_cannot_sign_in_there(
    make_app: AppFactory, database_url: str
) -> None:
    fault = make_app(EXEMPLAR, database_url)
    office = make_app(OFFICE, database_url)
    add_staff(fault.extensions["mvpkit"].db, EMAIL, PASSWORD, SERVICE)
    visitor = Browser(office.test_client())
    visitor.get("/staff/sign-in")
    page = Page(visitor.submit(data={"email": EMAIL, "password": PASSWORD}))
    assert page.error_summary == [(WRONG, "#email")]
    assert visitor.client.get("/staff/").status_code == 302


def test_signing_out_deletes_the_session_so_a_copied_cookie_opens_nothing(
    staff_app: Flask,
) -> None:
    visitor = signed_in(staff_app)
    copy = _replay(staff_app, _token(visitor))
    assert copy.client.get("/staff/").status_code == 200  # the copy works until sign-out
    assert copy.client.get("/staff/export.csv").status_code == 200
    page = visitor.get("/staff/")
    visitor.submit(page.form_action(), {})
    assert _shut_out(copy)
    assert _shut_out(visitor)


def test_revoking_a_grant_ends_the_sessions_in_that_service(staff_app: Flask) -> None:
    db = staff_app.extensions["mvpkit"].db
    visitor = signed_in(staff_app)
    revoke(db, EMAIL, SERVICE)
    assert _shut_out(visitor)
    visitor.get("/staff/sign-in")
    page = Page(visitor.submit(data={"email": EMAIL, "password": PASSWORD}))
    assert page.error_summary == [(WRONG, "#email")]
    grant(db, EMAIL, SERVICE)
    assert signed_in(staff_app).client.get("/staff/").status_code == 200


def test_a_new_password_or_removal_ends_every_session(staff_app: Flask) -> None:
    db = staff_app.extensions["mvpkit"].db
    visitor = signed_in(staff_app)
    set_password(db, EMAIL, "another long staff password")
    assert _shut_out(visitor)
    visitor.get("/staff/sign-in")
    visitor.submit(data={"email": EMAIL, "password": "another long staff password"})
    assert visitor.client.get("/staff/").status_code == 200
    remove(db, EMAIL)
    assert _shut_out(visitor)


def test_a_deep_link_comes_back_after_sign_in_when_mounted(staff_app: Flask) -> None:
    reference = report(staff_app)
    mounted = Client(DispatcherMiddleware(NotFound(), {f"/{SERVICE}": staff_app}))
    deep = f"/{SERVICE}/staff/submissions/{reference}"
    response = mounted.get(deep)
    assert response.status_code == 302
    assert response.location.startswith(f"/{SERVICE}/staff/sign-in?next=")
    form = Page(mounted.get(response.location))
    response = mounted.post(
        form.form_action(),
        data={"csrf_token": form.csrf_token(), "email": EMAIL, "password": PASSWORD},
    )
    assert response.location == deep
    assert mounted.get(deep).status_code == 200


def test_a_deep_link_with_a_query_comes_back_unmounted(staff_app: Flask) -> None:
    visitor = Browser(staff_app.test_client())
    response = visitor.client.get("/staff/?status=Fixed&_scheme=javascript&_external=1")
    assert response.status_code == 302
    visitor.get(response.location)
    response = visitor.submit(data={"email": EMAIL, "password": PASSWORD})
    assert response.location == "/staff/?status=Fixed"


@pytest.mark.parametrize(
    "target",
    [
        "/staff/%0D%0ASet-Cookie:%20x=1",
        "/staff/%0Aevil",
        "/staff/\\\\evil.example",
        "https://evil.example/staff/",
        "/staff/%E2%80%A8",
        "/staff/../track",
        "/staff/./../elsewhere",
        "/elsewhere",
    ],
)
def test_a_bad_next_after_a_correct_password_goes_to_the_list(
    staff_app: Flask, target: str
) -> None:
    visitor = Browser(staff_app.test_client())
    visitor.get(f"/staff/sign-in?next={target}")
    response = visitor.submit(data={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    assert response.location == "/staff/"


@pytest.mark.parametrize("page", ["99999999999999999999999", "0", "-1", "two", "1000001"])
def test_a_page_number_beyond_any_list_is_not_found(staff_app: Flask, page: str) -> None:
    visitor = signed_in(staff_app)
    response = visitor.client.get(f"/staff/?page={page}")
    assert response.status_code == 404
    assert "Page not found" in Page(response).text()
    assert visitor.client.get("/staff/?page=2").status_code == 200
