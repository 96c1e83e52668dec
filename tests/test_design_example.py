"""The service.yaml shape from the design document, served and completed end to end."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import AppFactory, write_service
from tests.support import Browser, Page
from tests.test_definition_loader import DESIGN_EXAMPLE


def test_the_design_example_is_served_and_completed(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app(write_service(tmp_path / "report-a-street-light-fault", DESIGN_EXAMPLE))
    browser = Browser(app.test_client())
    start = browser.get("/")
    assert start.h1 == "Report a street light fault"
    assert start.link("Start now") == "/problem"

    assert browser.answer("problem", {"problem": "Light not working"}) == "/location"
    page = browser.get("/location")
    assert page.h1 == "Where is the street light?"
    assert browser.answer("location", {"location": "Outside 12 Acacia Avenue"}) == "/contact"

    page = browser.get("/contact")
    assert page.h1 == "Your contact details"
    errors = Page(browser.submit(data={"name": "", "email": "nope"})).error_summary
    assert errors == [
        ("Enter full name", "#name"),
        ("Enter an email address in the correct format, like name@example.com", "#email"),
    ]
    assert browser.answer("contact", {"name": "Sam Jones", "email": ""}) == "/describe"
    assert browser.answer("describe", {"describe": "Dark since Monday"}) == "/check-answers"

    rows = browser.get("/check-answers").summary_rows()
    assert rows == {
        "What is the problem": "Light not working",
        "Where is the street light": "Outside 12 Acacia Avenue",
        "Full name": "Sam Jones",
        "Email address": "Not provided",
        "Describe the problem": "Dark since Monday",
    }
    response = browser.submit()
    assert response.location == "/confirmation"
    confirmation = browser.get("/confirmation")
    assert confirmation.h1.startswith("Report sent")
    assert "We will update the status of SL-" in confirmation.text()


def test_the_design_examples_branch_skips_to_describe(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app(write_service(tmp_path / "report", DESIGN_EXAMPLE))
    browser = Browser(app.test_client())
    assert browser.answer("problem", {"problem": "other"}) == "/describe"
    assert browser.get("/describe").link("Back") == "/problem"
    assert browser.answer("describe", {"describe": "Leaning"}) == "/check-answers"
    assert set(browser.get("/check-answers").summary_rows()) == {
        "What is the problem",
        "Describe the problem",
    }
