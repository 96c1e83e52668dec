"""`mvpkit validate` on a service's `booking:` section and its appointment pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from mvpkit.definition import check_definition
from tests.conftest import ROOT

EXEMPLAR = ROOT / "exemplars" / "register-a-birth-or-death" / "service.yaml"


def problems_after(tmp_path: Path, old: str, new: str) -> list[str]:
    """The messages for the exemplar with one piece of text changed."""
    text = EXEMPLAR.read_text()
    assert old in text
    (tmp_path / "service.yaml").write_text(text.replace(old, new, 1))
    _service, problems = check_definition(tmp_path / "service.yaml")
    return [problem.message for problem in problems]


def test_the_exemplar_has_no_problems(tmp_path: Path) -> None:
    assert problems_after(tmp_path, "name:", "name:") == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  email: email\n",
            "  email: phone\n",
            "'booking.email' is 'phone', but no email question has that id: name the "
            "question whose answer gets the confirmation email.",
        ),
        (
            "  name: full-name\n",
            "  name: fullname\n",
            "'booking.name' is 'fullname', but no question has that id: name the question "
            "whose answer shows staff who is coming on the day's list.",
        ),
        (
            "  purpose: register-what\n",
            "  purpose: what\n",
            "'booking.purpose' is 'what', but no question has that id: name the question "
            "whose answer shows staff what the appointment is for on the day's list.",
        ),
        (
            "{after: death-date, days: 5}",
            "{after: death, days: 5}",
            "A deadline counts from 'death', but no date question has that id.",
        ),
        (
            "type: appointment-time",
            "type: text",
            "The service has a 'booking:' section but no page of type appointment-time: add "
            "one, so residents can choose a day, then a time.",
        ),
        (
            "{if: {death-date: {more_than_days_ago: 5}}, goto: death-too-late}",
            "{if: {register-what: {more_than_days_ago: 5}}, goto: death-too-late}",
            "Page 'death-date' has a rule that checks how many days ago 'register-what' was, "
            "but it is a radios question, not a date question.",
        ),
        (
            '"13:30-16:30"]\n      tuesday',
            '"12:00-16:30"]\n      tuesday',
            "The 'booking' section has a 'calendar.opening_hours.monday' that mvpkit cannot "
            "use: Opening periods on one day must not overlap.",
        ),
    ],
    ids=[
        "email-question",
        "name-question",
        "purpose-question",
        "deadline",
        "no-time-page",
        "days-ago-on-radios",
        "overlap",
    ],
)
def test_booking_problems_are_explained(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert expected in problems_after(tmp_path, old, new)


def test_appointment_pages_need_a_booking_section(tmp_path: Path) -> None:
    text = EXEMPLAR.read_text()
    start, end = text.index("booking:"), text.index("pages:")
    (tmp_path / "service.yaml").write_text(text[:start] + text[end:])
    _service, problems = check_definition(tmp_path / "service.yaml")
    assert [problem.message for problem in problems] == [
        "Page 'appointment-day' is an appointment-day question, but the service has no "
        "'booking:' section with the office's calendar.",
        "Page 'appointment-time' is an appointment-time question, but the service has no "
        "'booking:' section with the office's calendar.",
    ]


def test_one_page_of_each_kind(tmp_path: Path) -> None:
    messages = problems_after(tmp_path, "type: appointment-day", "type: appointment-time")
    assert any("a second appointment-time page" in message for message in messages)


def test_the_day_page_comes_before_the_time_page(tmp_path: Path) -> None:
    text = EXEMPLAR.read_text()
    swapped = (
        text.replace("type: appointment-day", "type: SWAP")
        .replace("type: appointment-time", "type: appointment-day")
        .replace("type: SWAP", "type: appointment-time")
    )
    (tmp_path / "service.yaml").write_text(swapped)
    _service, problems = check_definition(tmp_path / "service.yaml")
    assert [problem.message for problem in problems] == [
        "The appointment-time page comes before the appointment-day page: residents choose "
        "a day first, so list the day page first."
    ]
