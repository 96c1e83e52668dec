"""The report-a-fault exemplar through Flask's test client, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import threading

from flask import Flask
from sqlalchemy import func, select

from mvpkit.store.models import Draft, StatusEvent, Submission
from tests.conftest import EXEMPLAR, AppFactory
from tests.support import Browser, Page

REFERENCE = re.compile(r"RF-[A-Z0-9]{4}-[A-Z0-9]{4}")
LIGHT_ANSWERS = [
    ("problem-type", {"problem-type": "street-light"}),
    ("light-problem", {"light-problem": "flickering"}),
    ("light-location", {"light-location": "Outside 12 Acacia Avenue, lamp post 42"}),
    ("description", {"description": "It has been flickering for a week."}),
    ("updates", {"updates": "yes"}),
    ("email", {"email": "sam@example.com"}),
    ("name", {"name": "Sam Jones"}),
]


def submissions(app: Flask) -> list[Submission]:
    """Every stored submission."""
    with app.extensions["mvpkit"].db.reads() as session:
        return list(session.scalars(select(Submission)))


def answer_all(visitor: Browser, answers: list[tuple[str, dict[str, str]]]) -> str:
    """Answer pages in turn; return where the last one leads."""
    location = ""
    for page_id, data in answers:
        location = visitor.answer(page_id, data)
    return location


def send(visitor: Browser) -> str:
    """Accept and send from check answers; return the reference on the confirmation."""
    visitor.get("/check-answers")
    response = visitor.submit()
    assert response.status_code == 302
    assert response.location == "/confirmation"
    page = visitor.get("/confirmation")
    match = REFERENCE.search(page.text())
    assert match, page.text()
    return match.group(0)


def test_start_page_starts_the_journey(visitor: Browser) -> None:
    page = visitor.get("/")
    assert page.h1 == "Report a street light or drain problem"
    start = page.find("a", class_="govuk-button--start")
    assert len(start) == 1
    assert "Start now" in start[0].text
    assert start[0].attrs["href"] == "/problem-type"


def test_street_light_report_is_stored_once_with_its_answers(app: Flask, visitor: Browser) -> None:
    assert answer_all(visitor, LIGHT_ANSWERS) == "/check-answers"
    page = visitor.get("/check-answers")
    assert page.h1 == "Check your answers before sending"
    rows = page.summary_rows()
    assert rows["Problem"] == "A street light problem"
    assert rows["Street light problem"] == "It is flickering"
    assert rows["Email address"] == "sam@example.com"
    assert "Drain problem" not in rows
    assert page.find("button")[-1].text.strip() == "Accept and send"

    reference = send(visitor)
    stored = submissions(app)
    assert [s.reference for s in stored] == [reference]
    assert stored[0].answers["light-location"] == "Outside 12 Acacia Avenue, lamp post 42"
    assert stored[0].status == "Received"
    with app.extensions["mvpkit"].db.reads() as session:
        assert session.scalar(select(func.count()).select_from(Draft)) == 0
        assert session.scalar(select(func.count()).select_from(StatusEvent)) == 1


def test_drain_branch_skips_street_light_pages(visitor: Browser) -> None:
    assert visitor.answer("problem-type", {"problem-type": "drain"}) == "/drain-problem"
    assert visitor.answer("drain-problem", {"drain-problem": "blocked"}) == "/drain-location"
    assert visitor.answer("drain-location", {"drain-location": "Mill Lane"}) == "/description"
    assert visitor.answer("description", {"description": ""}) == "/updates"
    assert visitor.answer("updates", {"updates": "no"}) == "/name"
    assert visitor.answer("name", {"name": ""}) == "/check-answers"
    rows = visitor.get("/check-answers").summary_rows()
    assert rows["Drain problem"] == "It is blocked and water is not draining away"
    assert rows["More about the problem"] == "Not provided"
    assert "Email address" not in rows
    assert "Street light problem" not in rows


def test_something_else_ends_on_the_exit_page(visitor: Browser) -> None:
    location = visitor.answer("problem-type", {"problem-type": "something-else"})
    assert location == "/report-elsewhere"
    page = visitor.get(location)
    assert page.h1 == "Report this problem another way"
    assert page.link("What did you think of this service?") == "/feedback"
    assert visitor.get("/check-answers", status=302).response.location == "/report-elsewhere"


def test_exit_page_cannot_be_reached_by_url(visitor: Browser) -> None:
    page = visitor.get("/report-elsewhere", status=302)
    assert page.response.location == "/problem-type"


def test_later_page_sends_user_to_first_unanswered(visitor: Browser) -> None:
    assert visitor.get("/email", status=302).response.location == "/problem-type"
    visitor.answer("problem-type", {"problem-type": "street-light"})
    assert visitor.get("/name", status=302).response.location == "/light-problem"
    assert visitor.get("/check-answers", status=302).response.location == "/light-problem"
    assert visitor.get("/confirmation", status=302).response.location == "/"


def test_back_links_follow_the_route(visitor: Browser) -> None:
    assert visitor.get("/problem-type").link("Back") == "/"
    visitor.answer("problem-type", {"problem-type": "drain"})
    assert visitor.get("/drain-problem").link("Back") == "/problem-type"
    answer_all(
        visitor,
        [
            ("drain-problem", {"drain-problem": "smell"}),
            ("drain-location", {"drain-location": "Mill Lane"}),
        ],
    )
    assert visitor.get("/description").link("Back") == "/drain-location"


def test_change_link_comes_back_to_check_answers(visitor: Browser) -> None:
    answer_all(visitor, LIGHT_ANSWERS)
    page = visitor.get("/check-answers")
    change = page.link("Change location")
    assert change == "/light-location?change=1"
    page = visitor.get(change)
    assert page.value_of("light-location") == "Outside 12 Acacia Avenue, lamp post 42"
    assert page.link("Back") == "/check-answers"
    response = visitor.submit(data={"light-location": "Corner of Mill Lane"})
    assert response.location == "/check-answers"
    assert visitor.get("/check-answers").summary_rows()["Location"] == "Corner of Mill Lane"


def test_changing_the_branch_asks_the_new_questions_then_returns(
    app: Flask, visitor: Browser
) -> None:
    answer_all(visitor, LIGHT_ANSWERS)
    visitor.get("/problem-type?change=1")
    response = visitor.submit(data={"problem-type": "drain"})
    assert response.location == "/drain-problem?change=1"
    visitor.get(response.location)
    response = visitor.submit(data={"drain-problem": "smell"})
    assert response.location == "/drain-location?change=1"
    visitor.get(response.location)
    response = visitor.submit(data={"drain-location": "Mill Lane"})
    assert response.location == "/check-answers"
    send(visitor)
    stored = submissions(app)[0].answers
    assert stored["drain-problem"] == "smell"
    assert "light-problem" not in stored
    assert "light-location" not in stored


def test_pressing_accept_and_send_twice_stores_one(app: Flask, visitor: Browser) -> None:
    answer_all(visitor, LIGHT_ANSWERS)
    page = visitor.get("/check-answers")
    token = page.csrf_token()
    first = visitor.submit("/check-answers", token=token)
    second = visitor.submit("/check-answers", token=token)
    assert first.location == second.location == "/confirmation"
    assert len(submissions(app)) == 1


def test_concurrent_accept_and_send_stores_one(app: Flask) -> None:
    visitor = Browser(app.test_client())
    answer_all(visitor, LIGHT_ANSWERS)
    token = visitor.get("/check-answers").csrf_token()
    cookie = visitor.client.get_cookie("mvpkit-report-a-fault")
    assert cookie is not None
    results: list[int] = []

    def press() -> None:
        client = app.test_client()
        client.set_cookie("mvpkit-report-a-fault", cookie.value)
        results.append(client.post("/check-answers", data={"csrf_token": token}).status_code)

    threads = [threading.Thread(target=press) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [302] * 6
    assert len(submissions(app)) == 1


def test_a_restart_loses_no_answers(make_app: AppFactory, database_url: str) -> None:
    first = make_app(EXEMPLAR, database_url)
    visitor = Browser(first.test_client())
    answer_all(visitor, LIGHT_ANSWERS[:3])
    cookie = visitor.client.get_cookie("mvpkit-report-a-fault")
    assert cookie is not None

    restarted = make_app(EXEMPLAR, database_url)
    client = restarted.test_client()
    client.set_cookie("mvpkit-report-a-fault", cookie.value)
    after = Browser(client)
    assert after.get("/description", status=200)
    page = after.get("/light-location")
    assert page.value_of("light-location") == "Outside 12 Acacia Avenue, lamp post 42"


def test_new_journey_after_sending_starts_empty(app: Flask, visitor: Browser) -> None:
    answer_all(visitor, LIGHT_ANSWERS)
    first = send(visitor)
    page = visitor.get("/problem-type")
    assert page.value_of("problem-type") == ""
    answer_all(visitor, LIGHT_ANSWERS)
    second = send(visitor)
    assert first != second
    assert len(submissions(app)) == 2


def test_errors_keep_what_was_typed_and_link_to_fields(visitor: Browser) -> None:
    answer_all(visitor, LIGHT_ANSWERS[:5])
    visitor.get("/email")
    response = visitor.submit(data={"email": "sam at example"})
    page = Page(response)
    assert response.status_code == 200
    assert page.title.startswith("Error: ")
    assert page.error_summary == [
        ("Enter an email address in the correct format, like name@example.com", "#email")
    ]
    assert page.field_errors == [
        "Enter an email address in the correct format, like name@example.com"
    ]
    assert page.value_of("email") == "sam at example"


def test_empty_answer_gets_the_services_own_message(visitor: Browser) -> None:
    visitor.get("/problem-type")
    page = Page(visitor.submit(data={}))
    assert page.error_summary == [("Select what you want to report", "#problem-type")]


def test_an_answer_not_offered_is_an_error_not_a_crash(app: Flask, visitor: Browser) -> None:
    visitor.get("/problem-type")
    response = visitor.submit(data={"problem-type": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert Page(response).error_summary == [("Select one of the options shown", "#problem-type")]
    assert "<script>alert(1)" not in response.get_data(as_text=True)


def test_too_long_answer_is_refused_with_its_limit(visitor: Browser) -> None:
    answer_all(visitor, LIGHT_ANSWERS[:2])
    visitor.get("/light-location")
    page = Page(visitor.submit(data={"light-location": "x" * 501}))
    assert page.error_summary == [("Location must be 500 characters or fewer", "#light-location")]
    assert page.value_of("light-location") == "x" * 501


def test_control_characters_are_stripped_before_storing(app: Flask, visitor: Browser) -> None:
    answer_all(visitor, LIGHT_ANSWERS[:2])
    visitor.answer("light-location", {"light-location": "Mill\x00 Lane\x07"})
    answer_all(visitor, LIGHT_ANSWERS[3:])
    send(visitor)
    assert submissions(app)[0].answers["light-location"] == "Mill Lane"


def test_unexpected_fields_get_a_clear_error_page(visitor: Browser) -> None:
    visitor.get("/problem-type")
    response = visitor.submit(data={"problem-type": "drain", "is_admin": "1"})
    assert response.status_code == 400
    page = Page(response)
    assert page.h1 == "Sorry, the form sent answers this page does not ask for"


def test_missing_or_wrong_csrf_token_is_refused_politely(app: Flask, visitor: Browser) -> None:
    visitor.get("/problem-type")
    for token in ("", "forged-token"):
        response = visitor.client.post(
            "/problem-type", data={"problem-type": "drain", "csrf_token": token}
        )
        assert response.status_code == 400
        assert Page(response).h1 == "Sorry, we could not accept that form"
    response = visitor.client.post("/problem-type", data={"problem-type": "drain"})
    assert response.status_code == 400
    assert visitor.get("/drain-problem", status=302).response.location == "/problem-type"


def test_a_token_from_another_session_is_refused(app: Flask, visitor: Browser) -> None:
    other = Browser(app.test_client())
    token = other.get("/problem-type").csrf_token()
    visitor.get("/problem-type")
    response = visitor.submit("/problem-type", {"problem-type": "drain"}, token=token)
    assert response.status_code == 400


def test_huge_form_gets_a_too_large_page(visitor: Browser) -> None:
    visitor.get("/problem-type")
    response = visitor.submit(data={"problem-type": "x" * 200_000})
    assert response.status_code == 413
    assert Page(response).h1 == "Sorry, what you sent is too large"


def test_accept_and_send_without_a_journey_goes_to_start(app: Flask) -> None:
    visitor = Browser(app.test_client())
    token = visitor.get("/problem-type").csrf_token()
    response = visitor.submit("/check-answers", token=token)
    assert response.status_code == 302
    assert response.location in ("/", "/problem-type")
    assert submissions(app) == []


def test_track_a_report_shows_status_but_no_personal_data(app: Flask, visitor: Browser) -> None:
    answer_all(visitor, LIGHT_ANSWERS)
    reference = send(visitor)
    page = visitor.get("/track")
    response = visitor.submit(data={"reference": reference.lower().replace("-", " ")})
    assert response.location == f"/track/{reference}"
    page = visitor.get(response.location)
    assert page.h1 == reference
    assert "Received" in page.text()
    for private in ("sam@example.com", "Sam Jones", "Acacia Avenue"):
        assert private not in page.html


def test_track_explains_unknown_and_malformed_references(visitor: Browser) -> None:
    visitor.get("/track")
    cases = {
        "": "Enter your reference number",
        "hello": "Enter your reference number as it was shown, like RF-7K4M-9QFA",
        "RF-AAAA-AAAA": "We cannot find that reference number. Check it and try again",
    }
    for typed, message in cases.items():
        page = Page(visitor.submit("/track", {"reference": typed}))
        assert page.error_summary == [(message, "#reference")], typed
    visitor.get("/track/RF-AAAA-AAAA", status=404)
