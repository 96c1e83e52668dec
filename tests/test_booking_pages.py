"""How the booking journey's pages read: days by week, the chosen day on the time page."""

from __future__ import annotations

from datetime import date, timedelta

from mvpkit.journeys.routing import today
from mvpkit.patterns.booking.availability import day_label
from tests.conftest import AppFactory
from tests.support import Browser, Page, inside
from tests.test_booking_journey import DETAILS, EXEMPLAR, choices, up_to_details


def born_yesterday(visitor: Browser) -> None:
    """Answer the questions before the day page."""
    visitor.answer("register-what", {"register-what": "birth"})
    born = today() - timedelta(days=1)
    visitor.answer(
        "birth-date",
        {"birth-date-day": born.day, "birth-date-month": born.month, "birth-date-year": born.year},
    )


def monday_of(day: date) -> date:
    """The Monday of the day's week."""
    return day - timedelta(days=day.weekday())


def weeks(page: Page) -> dict[str, list[str]]:
    """Each week's legend and the values of the radios in it."""
    found: dict[str, list[str]] = {}
    for fieldset in page.find("fieldset")[1:]:
        [legend] = [child for child in fieldset.children if child.tag == "legend"]
        inputs = [e for e in page.elements if e.tag == "input" and inside(fieldset, e)]
        found[" ".join(legend.text.split())] = [e.attrs["value"] for e in inputs]
    return found


def test_the_days_are_grouped_by_week_inside_the_one_question(make_app: AppFactory) -> None:
    visitor = Browser(make_app(EXEMPLAR).test_client())
    born_yesterday(visitor)
    page = visitor.get("/appointment-day")
    offered = choices(visitor, "/appointment-day")
    by_week = weeks(page)

    assert page.h1 == "Choose a day for your appointment"
    assert len(page.find("h1")) == 1
    assert [day for days in by_week.values() for day in days] == offered
    for heading, days in by_week.items():
        [monday] = {monday_of(date.fromisoformat(day)) for day in days}
        assert heading == f"Week beginning Monday {monday.day} {monday:%B}"
    assert len(by_week) > 1
    ids = [radio.attrs["id"] for radio in page.find("input", type="radio")]
    assert ids[0] == "appointment-day"
    assert len(set(ids)) == len(ids)


def test_a_day_left_unchosen_links_the_error_to_the_first_day(make_app: AppFactory) -> None:
    visitor = Browser(make_app(EXEMPLAR).test_client())
    born_yesterday(visitor)
    visitor.get("/appointment-day")
    page = Page(visitor.submit(data={}))

    assert page.error_summary == [("Select a day for your appointment", "#appointment-day")]
    assert page.field_errors == ["Select a day for your appointment"]
    question = page.find("fieldset")[0]
    assert question.attrs["aria-describedby"] == "appointment-day-hint appointment-day-error"


def test_the_time_page_names_the_day_and_links_back_to_the_days(make_app: AppFactory) -> None:
    visitor = Browser(make_app(EXEMPLAR).test_client())
    born_yesterday(visitor)
    day = choices(visitor, "/appointment-day")[1]
    visitor.answer("appointment-day", {"appointment-day": day})
    page = visitor.get("/appointment-time")

    label = day_label(date.fromisoformat(day))
    assert page.h1 == f"{label} Choose a time"
    assert page.find("span", class_="govuk-caption-l")[0].text == label
    assert page.link("Choose a different day") == "/appointment-day"


def test_changing_the_day_from_check_answers_keeps_the_change_link_in_change_mode(
    make_app: AppFactory,
) -> None:
    visitor = Browser(make_app(EXEMPLAR).test_client())
    up_to_details(visitor)
    visitor.answer("details", DETAILS)
    page = visitor.get("/appointment-time?change=1")

    assert page.link("Choose a different day") == "/appointment-day?change=1"


def test_change_links_keep_the_capitals_of_acronyms(make_app: AppFactory) -> None:
    visitor = Browser(make_app(EXEMPLAR).test_client())
    up_to_details(visitor)
    visitor.answer("details", DETAILS)
    page = visitor.get("/check-answers")

    assert page.link("Change UK phone number") == "/details?change=1"
    assert page.link("Change full name") == "/details?change=1"
