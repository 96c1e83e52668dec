"""The confirmation pages say once how to keep and use the reference."""

from __future__ import annotations

from flask import Flask

from tests.conftest import AppFactory
from tests.support import Browser
from tests.test_booking_journey import EXEMPLAR as BOOKING
from tests.test_booking_journey import book_through_journey
from tests.test_journey import LIGHT_ANSWERS, answer_all, send


def test_a_tracked_report_says_once_to_keep_the_reference_and_track_it(app: Flask) -> None:
    visitor = Browser(app.test_client())
    answer_all(visitor, LIGHT_ANSWERS)
    reference = send(visitor)
    text = visitor.get("/confirmation").text().lower()

    assert text.count("track") == 1
    assert text.count("keep a note of your reference number") == 1
    assert visitor.page is not None
    assert visitor.page.link("track its progress online") == f"/track/{reference}"


def test_a_booking_says_once_to_keep_the_reference(make_app: AppFactory) -> None:
    visitor = Browser(make_app(BOOKING).test_client())
    reference, _time = book_through_journey(visitor)
    text = visitor.get("/confirmation").text().lower()

    assert text.count("keep") == 1
    assert "track" not in text
    assert text.count(reference.lower()) == 1  # in the panel only
