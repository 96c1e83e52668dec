"""Assisted digital: staff let help fill in the form with a resident, recorded when sent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import select

from mvpkit.backoffice.accounts import add_staff, remove, revoke
from mvpkit.cli import main
from mvpkit.clock import LONDON
from mvpkit.email.models import OutboxEmail
from mvpkit.kit import Kit
from mvpkit.patterns.figures.assisting import allow_assisting, stop_assisting
from mvpkit.patterns.figures.compute import service_figures
from mvpkit.patterns.figures.helping import HELPING
from mvpkit.patterns.figures.models import AssistedSubmission, AssistingStaff
from mvpkit.store.database import connect
from mvpkit.store.models import StaffUser, Submission
from mvpkit.testing.clock import frozen_clock
from tests.conftest import write_service
from tests.support import Browser, Page
from tests.test_cli import GOOD
from tests.test_journey import LIGHT_ANSWERS, answer_all, send

HELPER = "helper@riverside.example.gov.uk"
OTHER = "other@riverside.example.gov.uk"
PASSWORD = "correct horse battery staple"
SERVICE = "report-a-fault"
NOW = datetime(2026, 11, 16, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _november() -> Iterator[None]:
    """Every test runs on 16 November 2026, so this month is 2026-11."""
    with frozen_clock(NOW):
        yield


def kit_of(app: Flask) -> Kit:
    """The app's Kit."""
    kit: Kit = app.extensions["mvpkit"]
    return kit


def staff(app: Flask, email: str = HELPER, *, assist: bool = True) -> Browser:
    """A member of staff of the exemplar, signed in; let help residents unless told not."""
    db = kit_of(app).db
    add_staff(db, email, PASSWORD, SERVICE)
    if assist:
        allow_assisting(db, email, SERVICE)
    return sign_in(app, email)


def sign_in(app: Flask, email: str, browser: Browser | None = None) -> Browser:
    """Sign this browser (or a new one) in to the back office."""
    browser = browser or Browser(app.test_client())
    browser.get("/staff/sign-in")
    assert browser.submit(data={"email": email, "password": PASSWORD}).status_code == 302
    return browser


def start_helping(helper: Browser, place: str = "Contact centre") -> Page:
    """Choose where the resident is helped; the journey's start page follows."""
    page = helper.get("/staff/figures/assist")
    assert page.h1 == "Where are you helping the resident?"
    response = helper.submit(data={"place": place})
    assert response.status_code == 302
    assert response.location == "/"
    return helper.get("/")


def banner(page: Page) -> str:
    """The text of the helping banner, or ''."""
    found = page.find("div", class_="govuk-notification-banner")
    return " ".join(" ".join(div.text.split()) for div in found if "are helping" in div.text)


def assisted(app: Flask) -> list[tuple[str, str, str]]:
    """Each assisted submission: its reference, place and helper."""
    with kit_of(app).db.reads() as session:
        rows = session.execute(
            select(Submission.reference, AssistedSubmission.place, AssistedSubmission.staff_email)
            .join(AssistedSubmission, AssistedSubmission.submission_id == Submission.id)
            .order_by(Submission.id)
        )
        return [(row[0], row[1], row[2]) for row in rows]


def sent_count(app: Flask) -> int:
    """How many submissions are stored."""
    with kit_of(app).db.reads() as session:
        return len(list(session.scalars(select(Submission.id))))


# Helping a resident


def test_a_member_of_staff_helps_a_resident_through_the_whole_journey(app: Flask) -> None:
    helper = staff(app)
    answer_all(helper, LIGHT_ANSWERS[:2])  # their own draft, left over: forgotten
    page = start_helping(helper)
    assert (
        banner(page) == "Assisted digital You are helping a resident at Contact centre Stop helping"
    )
    stop = [form for form in page.find("form") if "Stop helping" in form.text]
    assert [form.attrs["action"] for form in stop] == ["/staff/figures/assist/stop"]
    assert helper.client.get("/check-answers").location == "/problem-type"  # afresh
    answer_all(helper, LIGHT_ANSWERS)
    assert "You are helping a resident" in banner(helper.get("/check-answers"))
    assert "You are helping a resident" in banner(helper.get("/staff/"))  # every page
    reference = send(helper)
    assert assisted(app) == [(reference, "Contact centre", HELPER)]

    confirmation = helper.get("/confirmation")
    assert banner(confirmation) == ""  # helping ends once sent
    text = confirmation.text()
    assert "Print this page for the resident" in text
    assert "You sent this form with the resident at Contact centre" in text
    assert "We have also emailed their confirmation to sam@example.com" in text
    with kit_of(app).db.reads() as session:
        emails = list(session.scalars(select(OutboxEmail)))
    assert [(email.to, reference in email.subject) for email in emails] == [
        ("sam@example.com", True)
    ]
    assert reference in emails[0].body

    answer_all(helper, LIGHT_ANSWERS)  # the next journey in this browser is their own
    send(helper)
    assert len(assisted(app)) == 1
    figures = service_figures(kit_of(app), ["2026-11"]).months[0]
    assert (figures.online, figures.assisted) == (1, 1)
    assert figures.assisted_places == {"Contact centre": 1}


def test_without_an_email_address_the_confirmation_says_only_to_print(app: Flask) -> None:
    helper = staff(app)
    start_helping(helper)
    answers = [(page, data) for page, data in LIGHT_ANSWERS if page != "email"]
    answers[4] = ("updates", {"updates": "no"})
    answer_all(helper, answers)
    send(helper)
    text = helper.get("/confirmation").text()
    assert "Print this page for the resident" in text
    assert "emailed" not in text
    with kit_of(app).db.reads() as session:
        assert list(session.scalars(select(OutboxEmail))) == []


def test_a_resident_sending_alone_sees_nothing_of_it(app: Flask) -> None:
    resident = Browser(app.test_client())
    answer_all(resident, LIGHT_ANSWERS)
    send(resident)
    page = resident.get("/confirmation")
    assert "Print this page" not in page.text()
    assert banner(page) == ""
    assert assisted(app) == []


def test_staff_not_let_help_get_the_403_page(app: Flask) -> None:
    visitor = Browser(app.test_client())
    assert visitor.client.get("/staff/figures/assist").location.startswith("/staff/sign-in")
    ungranted = staff(app, assist=False)
    page = ungranted.get("/staff/figures/assist", status=403)
    assert page.h1 == "You cannot help residents in this service"
    token = ungranted.get("/staff/").csrf_token()
    response = ungranted.submit(
        "/staff/figures/assist", data={"place": "Contact centre"}, token=token
    )
    assert response.status_code == 403
    assert ungranted.client.get("/").status_code == 200
    assert banner(ungranted.get("/")) == ""


def test_only_the_services_places_may_be_chosen(app: Flask) -> None:
    helper = staff(app)
    helper.get("/staff/figures/assist")
    response = helper.submit(data={"place": "The moon"})
    assert response.status_code == 200
    assert Page(response).error_summary == [("Select where you are helping the resident", "#place")]
    assert helper.client.get("/").status_code == 200
    assert banner(helper.get("/")) == ""


def test_a_forged_key_without_the_member_of_staff_signed_in_records_nothing(app: Flask) -> None:
    staff(app)
    with kit_of(app).db.reads() as session:
        staff_id = session.scalar(select(StaffUser.id).where(StaffUser.email == HELPER))
    forger = Browser(app.test_client())
    with forger.client.session_transaction() as kept:
        kept[HELPING] = {"place": "Contact centre", "staff": staff_id}
    answer_all(forger, LIGHT_ANSWERS)
    send(forger)
    assert sent_count(app) == 1
    assert assisted(app) == []
    assert "Print this page" not in forger.get("/confirmation").text()


@pytest.mark.parametrize("change", ["signed out", "not let help", "revoked", "another signed in"])
def test_a_left_over_key_records_nothing(app: Flask, change: str) -> None:
    helper = staff(app)
    start_helping(helper)
    answer_all(helper, LIGHT_ANSWERS)
    db = kit_of(app).db
    if change == "signed out":  # their staff session ended, say after two idle hours
        helper.client.delete_cookie(f"mvpkit-staff-{SERVICE}")
    elif change == "not let help":
        stop_assisting(db, HELPER, SERVICE)
    elif change == "revoked":
        revoke(db, HELPER, SERVICE)
    else:  # signing in starts a new session: the key is put back as it was
        with helper.client.session_transaction() as kept:
            left_over = dict(kept)
        add_staff(db, OTHER, PASSWORD, SERVICE)
        allow_assisting(db, OTHER, SERVICE)
        sign_in(app, OTHER, helper)
        with helper.client.session_transaction() as kept:
            kept.update({HELPING: left_over[HELPING], "draft": left_over["draft"]})
    assert "You are helping a resident" in banner(helper.get("/check-answers"))
    send(helper)
    assert sent_count(app) == 1
    assert assisted(app) == []


def test_stop_helping_ends_it_and_forgets_the_residents_answers(app: Flask) -> None:
    helper = staff(app)
    start_helping(helper)
    answer_all(helper, LIGHT_ANSWERS[:3])
    page = helper.get("/light-location")
    response = helper.submit("/staff/figures/assist/stop", token=page.csrf_token())
    assert response.location == "/staff/"
    listed = helper.get("/staff/")
    assert banner(listed) == ""
    assert "You have stopped helping the resident" in listed.text()
    assert helper.client.get("/check-answers").location == "/problem-type"
    answer_all(helper, LIGHT_ANSWERS)
    send(helper)
    assert assisted(app) == []


def test_removing_a_helpers_account_removes_their_permission(app: Flask) -> None:
    staff(app)
    db = kit_of(app).db
    remove(db, HELPER)
    with db.reads() as session:
        assert list(session.scalars(select(AssistingStaff))) == []


def test_staff_assist_and_unassist_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MVPKIT_DATABASE_URL", f"sqlite:///{tmp_path / 'staff.sqlite3'}")
    bins = write_service(tmp_path / "bins", GOOD)
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(
            main, ["staff", *args, "--service", str(bins)], input=f"{PASSWORD}\n"
        )
        return result.exit_code, result.output

    code, output = run("assist", HELPER)
    assert code == 1
    assert f"There is no staff account for {HELPER}" in output
    assert run("add", HELPER, "--password-stdin")[0] == 0
    assert run("revoke", HELPER)[0] == 0
    code, output = run("assist", HELPER)
    assert code == 1
    assert "may not sign in to bins: run mvpkit staff grant first" in output
    assert run("grant", HELPER)[0] == 0
    assert run("assist", HELPER.upper()) == (0, f"{HELPER} may now help residents in bins\n")
    db = connect(f"sqlite:///{tmp_path / 'staff.sqlite3'}")
    with db.reads() as session:
        assert [(row.service) for row in session.scalars(select(AssistingStaff))] == ["bins"]
    assert run("unassist", HELPER) == (0, f"{HELPER} may no longer help residents in bins\n")
    with db.reads() as session:
        assert list(session.scalars(select(AssistingStaff))) == []
    db.dispose()
