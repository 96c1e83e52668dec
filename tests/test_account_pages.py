"""My Account signed in: reports and appointments, details, claiming, deleting, and privacy."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, update
from werkzeug.test import Client

from mvpkit.auth.models import AuthSession
from mvpkit.patterns.account.account_views import account
from mvpkit.patterns.account.models import Account, AccountToken
from mvpkit.patterns.account.sessions import COOKIE
from mvpkit.patterns.booking.models import Booking
from mvpkit.patterns.booking.store import book
from mvpkit.settings import load_settings
from mvpkit.store.models import Submission
from tests.account_support import (
    MY_ACCOUNT,
    PASSWORD,
    emails_to,
    last_link,
    register,
    session_token,
    sign_in,
)
from tests.conftest import EXEMPLAR, AppFactory, write_service
from tests.support import Browser, Page
from tests.test_journey import LIGHT_ANSWERS, answer_all, send

VICTIM = "victim@example.com"
INTRUDER = "intruder@example.com"
APPOINTMENT = datetime(2027, 7, 1, 9, 30, tzinfo=UTC)  # 10:30am in London (summer time)


@pytest.fixture
def apps(make_app: AppFactory, database_url: str) -> tuple[Flask, Flask]:
    """My Account and Report a fault on one database, as `mvpkit serve exemplars` runs them."""
    return make_app(MY_ACCOUNT, database_url), make_app(EXEMPLAR, database_url)


def report(fault_app: Flask, signed_in_as: Browser | None = None, email: str = VICTIM) -> str:
    """Send a street light report, signed in or not; its reference."""
    resident = Browser(fault_app.test_client())
    if signed_in_as is not None:
        resident.client.set_cookie(COOKIE, session_token(signed_in_as))
    answers = [
        (page, {**data, **({"email": email} if "email" in data else {})})
        for page, data in LIGHT_ANSWERS
    ]
    answer_all(resident, answers)
    return send(resident)


def submission(app: Flask, reference: str) -> Submission:
    with app.extensions["mvpkit"].db.reads() as session:
        found = session.scalar(select(Submission).where(Submission.reference == reference))
    assert found is not None
    return found


def account_of(app: Flask, email: str) -> Account | None:
    with app.extensions["mvpkit"].db.reads() as session:
        return session.scalar(select(Account).where(Account.email == email))


def appointment_for(app: Flask, email: str) -> str:
    """Book an appointment linked to the account; its reference."""
    db = app.extensions["mvpkit"].db
    owner = account_of(app, email)
    assert owner is not None
    booking = book(db, "register-a-birth-or-death", APPOINTMENT, 1, {"email": email}, "BD")
    with db.writes() as session:
        session.execute(update(Booking).where(Booking.id == booking.id).values(account_id=owner.id))
        session.commit()
    return booking.reference


def test_reports_sent_signed_in_are_linked_and_listed(apps: tuple[Flask, Flask]) -> None:
    my_account, fault = apps
    resident = register(my_account, VICTIM)
    linked = report(fault, resident)
    anonymous = report(fault)
    owner = account_of(my_account, VICTIM)
    assert owner is not None
    assert submission(fault, linked).account_id == owner.id
    assert submission(fault, anonymous).account_id is None
    page = resident.get("/")
    text = page.text()
    assert f"{linked} Report a street light or drain problem" in text
    assert "Received" in text
    assert anonymous not in text


def test_appointments_show_london_time_and_links_to_manage_them(apps: tuple[Flask, Flask]) -> None:
    my_account, _fault = apps
    resident = register(my_account, VICTIM)
    reference = appointment_for(my_account, VICTIM)
    page = resident.get("/")
    assert f"{reference} Register a birth or death 1 July 2027 at 10:30am Booked" in page.text()
    manage = f"/register-a-birth-or-death/appointments/{reference}"
    assert page.link(f"Change appointment {reference}") == f"{manage}/change"
    assert page.link(f"Cancel appointment {reference}") == f"{manage}/cancel"


def test_a_report_can_be_claimed_with_its_reference_and_email(apps: tuple[Flask, Flask]) -> None:
    my_account, fault = apps
    reference = report(fault)
    resident = register(my_account, VICTIM)
    resident.get("/add-a-report")
    response = resident.submit(data={"reference": reference.lower(), "email": VICTIM.upper()})
    assert response.location == "/"
    owner = account_of(my_account, VICTIM)
    assert owner is not None
    assert submission(fault, reference).account_id == owner.id
    assert reference in resident.get("/").text()


def _claim(resident: Browser, reference: str, email: str) -> tuple[int, list[tuple[str, str]]]:
    resident.get("/add-a-report")
    response = resident.submit(data={"reference": reference, "email": email})
    return response.status_code, Page(response).error_summary


def test_a_wrong_claim_does_not_say_which_part_was_wrong(apps: tuple[Flask, Flask]) -> None:
    my_account, fault = apps
    reference = report(fault)
    claimed = report(fault)
    other = register(my_account, INTRUDER)
    resident = register(my_account, VICTIM)
    other.get("/add-a-report")
    assert other.submit(data={"reference": claimed, "email": VICTIM}).status_code == 302
    answers = {
        "wrong email": _claim(resident, reference, "someone@example.com"),
        "wrong reference": _claim(resident, "RF-AAAA-AAAA", VICTIM),
        "claimed by another": _claim(resident, claimed, VICTIM),
    }
    message = (
        "We cannot find a report or appointment with that reference number and email address. "
    )
    expected = (200, [(message + "Check them and try again", "#reference")])
    assert answers == dict.fromkeys(answers, expected)


def test_claims_are_rate_limited(apps: tuple[Flask, Flask]) -> None:
    my_account, fault = apps
    reference = report(fault)
    resident = register(my_account, VICTIM)
    for _attempt in range(10):
        assert _claim(resident, reference, "guess@example.com")[0] == 200
    status, errors = _claim(resident, reference, VICTIM)
    assert status == 429
    assert errors[0][0].startswith(
        "You have tried to add a report or appointment 10 times in the last hour"
    )
    assert submission(fault, reference).account_id is None


def test_details_can_be_changed(apps: tuple[Flask, Flask]) -> None:
    my_account, _fault = apps
    resident = register(my_account, VICTIM)
    resident.get("/your-details")
    response = resident.submit(data={"name": "Sam Jones", "phone": "not a phone"})
    page = Page(response)
    assert page.title.startswith("Error: ")
    assert page.value_of("name") == "Sam Jones"
    assert resident.submit(data={"name": "Sam Jones", "phone": "07700 900 982"}).status_code == 302
    rows = resident.get("/").summary_rows()
    assert rows["Full name"] == "Sam Jones"
    assert rows["Phone number"] == "07700 900 982"


def test_changing_the_email_needs_the_new_address_confirmed(apps: tuple[Flask, Flask]) -> None:
    my_account, _fault = apps
    resident = register(my_account, VICTIM)
    resident.get("/change-email")
    response = resident.submit(data={"email": "new@example.com", "password": "wrong password"})
    assert Page(response).error_summary == [("Enter your current password correctly", "#password")]
    response = resident.submit(data={"email": "new@example.com", "password": PASSWORD})
    assert response.location == "/change-email/check-your-email"
    assert account_of(my_account, VICTIM) is not None
    resident.get(last_link(my_account, "new@example.com"))
    assert resident.submit().status_code == 200
    assert account_of(my_account, "new@example.com") is not None
    assert emails_to(my_account, VICTIM)[-1].subject == "Your email address has been changed"
    sign_in(my_account, "new@example.com")


def test_changing_the_password_renews_the_session_and_signs_out_others(
    apps: tuple[Flask, Flask],
) -> None:
    my_account, _fault = apps
    resident = register(my_account, VICTIM)
    elsewhere = sign_in(my_account, VICTIM)
    before = session_token(resident)
    resident.get("/change-password")
    response = resident.submit(data={"current": PASSWORD, "password": "another long password"})
    assert response.location == "/"
    assert session_token(resident) != before
    assert resident.client.get("/").status_code == 200
    assert elsewhere.client.get("/").location == "/sign-in"
    sign_in(my_account, VICTIM, "another long password")


def test_deleting_the_account_keeps_the_councils_records_unlinked(
    apps: tuple[Flask, Flask],
) -> None:
    my_account, fault = apps
    resident = register(my_account, VICTIM)
    reference = report(fault, resident)
    booking = appointment_for(my_account, VICTIM)
    resident.get("/delete-account")
    assert resident.submit(data={"password": "wrong password"}).status_code == 200
    assert account_of(my_account, VICTIM) is not None
    response = resident.submit(data={"password": PASSWORD})
    assert response.location == "/account-deleted"
    assert resident.client.get_cookie(COOKIE) is None
    assert account_of(my_account, VICTIM) is None
    kept = submission(fault, reference)
    assert kept.account_id is None
    assert kept.answers["email"] == VICTIM  # the council's record, as sent
    db = my_account.extensions["mvpkit"].db
    with db.reads() as session:
        assert (
            session.scalar(select(Booking).where(Booking.reference == booking)).account_id is None
        )
        assert list(session.scalars(select(AuthSession))) == []
        assert list(session.scalars(select(AccountToken))) == []
    assert emails_to(my_account, VICTIM)[-1].subject == "Your account has been deleted"


def _account_urls() -> list[tuple[str, str]]:
    """Every address and method of the signed-in pages, from the blueprint's URL map."""
    bare = Flask("rules")
    bare.register_blueprint(account)
    found = []
    for rule in bare.url_map.iter_rules():
        if rule.endpoint.startswith("account."):
            assert not rule.arguments, f"give {rule.rule} values for {rule.arguments} here"
            found.extend(
                (rule.rule, method) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
            )
    return sorted(found)


ACCOUNT_URLS = _account_urls()


def _victims_things(apps: tuple[Flask, Flask]) -> tuple[Browser, list[str]]:
    my_account, fault = apps
    victim = register(my_account, VICTIM)
    victim.get("/your-details")
    victim.submit(data={"name": "Vic Tim", "phone": "01632 960 123"})
    reference = report(fault, victim)
    booking = appointment_for(my_account, VICTIM)
    return victim, [VICTIM, "Vic Tim", "01632 960 123", reference, booking]


def _attack(visitor: Browser, url: str, method: str, secrets: list[str]) -> None:
    """Open or post to the page, naming the victim's things; none may come back unasked."""
    sent: dict[str, str] = {}
    if method == "GET":
        response = visitor.client.get(url)
    else:
        sent = {
            "email": VICTIM,
            "reference": secrets[3],
            "password": PASSWORD,
            "current": PASSWORD,
            "name": "Changed",
            "phone": "07700 900 000",
        }
        token = visitor.get("/feedback").csrf_token()
        response = visitor.client.post(url, data={"csrf_token": token, **sent})
    body = response.get_data(as_text=True)
    for secret in secrets:
        if secret not in sent.values():  # a form may show what was typed into it
            assert secret not in body, (url, method, secret)


def _unchanged(apps: tuple[Flask, Flask], victim: Browser, secrets: list[str]) -> None:
    my_account, fault = apps
    owner = account_of(my_account, VICTIM)
    assert owner is not None
    assert (owner.name, owner.phone) == ("Vic Tim", "01632 960 123")
    assert submission(fault, secrets[3]).account_id == owner.id
    page = victim.get("/")
    assert all(secret in page.text() for secret in secrets)


@pytest.mark.parametrize(("url", "method"), ACCOUNT_URLS)
def test_nobody_reaches_an_account_page(apps: tuple[Flask, Flask], url: str, method: str) -> None:
    victim, secrets = _victims_things(apps)
    nobody = Browser(apps[0].test_client())
    _attack(nobody, url, method, secrets)
    response = nobody.client.get(url) if method == "GET" else None
    if response is not None:
        assert response.location == "/sign-in"
    _unchanged(apps, victim, secrets)


@pytest.mark.parametrize(("url", "method"), ACCOUNT_URLS)
def test_another_resident_never_sees_or_changes_anothers_data(
    apps: tuple[Flask, Flask], url: str, method: str
) -> None:
    victim, secrets = _victims_things(apps)
    intruder = register(apps[0], INTRUDER)
    _attack(intruder, url, method, secrets)
    _unchanged(apps, victim, secrets)


def test_the_url_map_covers_every_signed_in_page() -> None:
    urls = {url for url, _method in ACCOUNT_URLS}
    assert {"/", "/your-details", "/change-email", "/change-password", "/add-a-report"} <= urls
    assert ("/delete-account", "POST") in ACCOUNT_URLS


def test_services_in_one_folder_share_one_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    write_service(one, "name: One\npages: [{id: a, title: A}]\n")
    alone = load_settings(one).database_url
    assert alone == f"sqlite:///{(one / 'instance' / 'mvpkit.sqlite3').resolve()}"
    write_service(two, "name: Two\npages: [{id: a, title: A}]\n")
    shared = f"sqlite:///{(tmp_path / 'instance' / 'mvpkit.sqlite3').resolve()}"
    assert load_settings(one).database_url == shared  # served alone or together, and by
    assert load_settings(two).database_url == shared  # `mvpkit email send` and `staff add`
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db.example/council")
    assert load_settings(one).database_url == "postgresql+psycopg://u:p@db.example/council"


def test_a_service_with_pages_serves_the_account_below_account(
    make_app: AppFactory, tmp_path: Path
) -> None:
    from tests.conftest import write_service

    folder = write_service(
        tmp_path / "svc",
        "name: Pay a bill\naccount: {}\npages:\n  - {id: amount, title: How much, type: number}\n",
    )
    app = make_app(folder)
    assert app.test_client().get("/account/").location == "/account/sign-in"
    assert app.test_client().get("/account/sign-in").status_code == 200
    assert app.test_client().get("/").status_code == 200


def test_a_service_with_an_account_needs_no_pages(tmp_path: Path) -> None:
    from mvpkit.definition.loader import check_definition
    from tests.conftest import write_service

    folder = write_service(tmp_path / "a", "name: My Account\naccount: {services: []}\n")
    assert check_definition(folder)[1] == []
    folder = write_service(tmp_path / "b", "name: Nothing\n")
    assert [p.message for p in check_definition(folder)[1]] == ["The service has no 'pages'."]


def test_an_account_service_keeps_the_address_account_for_itself(tmp_path: Path) -> None:
    from mvpkit.definition.loader import check_definition
    from tests.conftest import write_service

    folder = write_service(
        tmp_path / "a",
        "name: Pay\naccount: {}\npages:\n  - id: account\n    title: Account number\n",
    )
    [problem] = check_definition(folder)[1]
    assert (problem.line, problem.message) == (
        4,
        "Page id 'account' is the address of a page every service has: choose another id.",
    )
    duplicate = write_service(
        tmp_path / "b",
        "name: A\naccount:\n  services:\n"
        "    - {slug: one, name: One}\n    - {slug: one, name: Two}\n",
    )
    [problem] = check_definition(duplicate)[1]
    assert problem.line == 3
    assert "same slug" in problem.message


def test_no_value_crashes_an_account_form(apps: tuple[Flask, Flask]) -> None:
    from tests.test_hostile_input import NASTY

    my_account, _fault = apps
    resident = register(my_account, VICTIM)
    valid = {
        "email": "someone@example.com",
        "password": "not the password at all",
        "current": "not the password at all",
        "name": "Sam",
        "phone": "07700 900 982",
        "reference": "RF-AAAA-AAAA",
    }
    urls = [url for url, method in ACCOUNT_URLS if method == "POST"] + [
        "/register",
        "/sign-in",
        "/forgotten-password",
        "/confirm-email/x",
        "/reset-password/x",
        "/confirm-new-email/x",
    ]
    token = resident.get("/").csrf_token()
    for url in urls:
        if url == "/delete-account":
            continue  # tried below, last: a wrong password deletes nothing
        for name in valid:
            for nasty in NASTY:
                response = resident.client.post(
                    url, data={**valid, name: nasty, "csrf_token": token}
                )
                assert response.status_code in (200, 302, 404, 429), (url, name, nasty)
                assert "Traceback" not in response.get_data(as_text=True)
    for nasty in NASTY:
        response = resident.client.post(
            "/delete-account", data={"password": nasty, "csrf_token": token}
        )
        assert response.status_code in (200, 429), nasty
    assert account_of(my_account, VICTIM) is not None


def test_served_together_my_account_sees_reports_from_the_other_service(tmp_path: Path) -> None:
    import shutil

    from mvpkit.serve import build_wsgi, find_services

    for folder in (MY_ACCOUNT, EXEMPLAR):
        (tmp_path / folder.name).mkdir()
        shutil.copy(folder / "service.yaml", tmp_path / folder.name / "service.yaml")
    services = find_services(tmp_path)
    wsgi = build_wsgi(services)
    client = Client(wsgi)
    try:
        _send_signed_in_and_look(client, tmp_path)
    finally:
        for app in wsgi.mounts.values():
            app.extensions["mvpkit"].db.dispose()


def _send_signed_in_and_look(client: Client, tmp_path: Path) -> None:
    """Register in My Account, report a fault signed in, and find it in My Account."""

    def post(url: str, data: dict[str, str]) -> str:
        html = client.get(url).get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', html)
        assert token, url
        response = client.post(url, data={"csrf_token": token.group(1), **data})
        assert response.status_code == 302, (url, response.status_code)
        return response.location

    post("/my-account/register", {"email": VICTIM, "password": PASSWORD})
    outbox = client.get("/my-account/outbox").get_data(as_text=True)
    link = re.search(r"http://localhost(/my-account/confirm-email/[^\s<\"]+)", outbox)
    assert link
    assert post(link.group(1), {"password": PASSWORD}) == "/my-account/"
    for page_id, data in LIGHT_ANSWERS:
        post(f"/report-a-fault/{page_id}", data)
    post("/report-a-fault/check-answers", {})
    confirmation = client.get("/report-a-fault/confirmation").get_data(as_text=True)
    reference = re.search(r"RF-[A-Z0-9]{4}-[A-Z0-9]{4}", confirmation)
    assert reference
    mine = client.get("/my-account/").get_data(as_text=True)
    assert reference.group(0) in mine
    assert (tmp_path / "instance" / "mvpkit.sqlite3").is_file()
    assert not (tmp_path / "report-a-fault" / "instance" / "mvpkit.sqlite3").exists()


def test_the_privacy_notice_says_what_an_account_keeps(apps: tuple[Flask, Flask]) -> None:
    my_account, fault = apps
    assert "Your account" in Browser(my_account.test_client()).get("/privacy").text()
    assert "Your account" not in Browser(fault.test_client()).get("/privacy").text()
