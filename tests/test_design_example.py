"""The service.yaml shape from the design document, served and completed end to end."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import AppFactory, write_service
from tests.support import Browser, Page
from tests.test_definition_loader import DESIGN_EXAMPLE


def test_the_design_example_is_served_and_completed(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app(write_service(tmp_path / "report-a-street-light-fault", DESIGN_EXAMPLE))
    visitor = Browser(app.test_client())
    start = visitor.get("/")
    assert start.h1 == "Report a street light fault"
    assert start.link("Start now") == "/problem"

    assert visitor.answer("problem", {"problem": "Light not working"}) == "/location"
    page = visitor.get("/location")
    assert page.h1 == "Where is the street light?"
    assert visitor.answer("location", {"location": "Outside 12 Acacia Avenue"}) == "/contact"

    page = visitor.get("/contact")
    assert page.h1 == "Your contact details"
    errors = Page(visitor.submit(data={"name": "", "email": "nope"})).error_summary
    assert errors == [
        ("Enter full name", "#name"),
        ("Enter an email address in the correct format, like name@example.com", "#email"),
    ]
    assert visitor.answer("contact", {"name": "Sam Jones", "email": ""}) == "/describe"
    assert visitor.answer("describe", {"describe": "Dark since Monday"}) == "/check-answers"

    rows = visitor.get("/check-answers").summary_rows()
    assert rows == {
        "What is the problem": "Light not working",
        "Where is the street light": "Outside 12 Acacia Avenue",
        "Full name": "Sam Jones",
        "Email address": "Not provided",
        "Describe the problem": "Dark since Monday",
    }
    response = visitor.submit()
    assert response.location == "/confirmation"
    confirmation = visitor.get("/confirmation")
    assert confirmation.h1.startswith("Report sent")
    assert "We will update the status of SL-" in confirmation.text()


def test_the_design_examples_branch_skips_to_describe(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app(write_service(tmp_path / "report", DESIGN_EXAMPLE))
    visitor = Browser(app.test_client())
    assert visitor.answer("problem", {"problem": "other"}) == "/describe"
    assert visitor.get("/describe").link("Back") == "/problem"
    assert visitor.answer("describe", {"describe": "Leaning"}) == "/check-answers"
    assert set(visitor.get("/check-answers").summary_rows()) == {
        "What is the problem",
        "Describe the problem",
    }
