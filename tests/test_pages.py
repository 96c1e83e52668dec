"""Pages every service has, error pages and the council or GOV.UK brand."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from mvpkit.frontend.asset_serving import asset_href
from tests.conftest import AppFactory, write_service
from tests.support import Browser, Page

MINIMAL = """
name: Apply for a bin
council: {name: Example Borough Council, colour: "#5a2d81"}
pages:
  - {id: size, title: "What size of bin do you need?", type: radios, options: [Small, Large]}
"""


@pytest.fixture
def exemplar(make_app: AppFactory, sqlite_url: str) -> Flask:
    """The exemplar on SQLite."""
    return make_app(database_url=sqlite_url)


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/cookies", "Cookies"),
        (
            "/accessibility-statement",
            "Accessibility statement for Report a street light or drain problem",
        ),
        ("/privacy", "Privacy notice"),
        ("/feedback", "Give feedback on Report a street light or drain problem"),
        ("/track", "Track your report"),
        ("/staff/sign-in", "Sign in to the back office"),
    ],
)
def test_every_service_page_is_a_govuk_page(exemplar: Flask, url: str, heading: str) -> None:
    page = Browser(exemplar.test_client()).get(url)
    assert page.h1 == heading


def test_titles_are_unique(exemplar: Flask) -> None:
    visitor = Browser(exemplar.test_client())
    urls = [
        "/",
        "/problem-type",
        "/cookies",
        "/accessibility-statement",
        "/privacy",
        "/feedback",
        "/track",
        "/staff/sign-in",
    ]
    titles = [visitor.get(url).title for url in urls]
    assert len(set(titles)) == len(titles), titles


def test_accessibility_statement_has_the_legal_sections(exemplar: Flask) -> None:
    text = Browser(exemplar.test_client()).get("/accessibility-statement").text()
    for section in (
        "How accessible this service is",
        "Feedback and contact information",
        "Reporting accessibility problems",
        "Enforcement procedure",
        "Technical information",
        "Compliance status",
        "Non-accessible content",
        "What we're doing to improve accessibility",
        "Preparation of this accessibility statement",
    ):
        assert section in text


def test_feedback_is_stored_and_checked(exemplar: Flask) -> None:
    visitor = Browser(exemplar.test_client())
    visitor.get("/feedback")
    page = Page(visitor.submit(data={"comments": "Quick"}))
    assert page.error_summary == [("Select how you feel about the service you received", "#rating")]
    assert page.value_of("comments") == "Quick"
    response = visitor.submit(data={"rating": "Very satisfied", "comments": "Quick"})
    assert response.location == "/feedback/sent"
    from mvpkit.store.models import Feedback

    with exemplar.extensions["mvpkit"].db.reads() as session:
        stored = session.query(Feedback).one()
    assert (stored.rating, stored.comments, stored.service) == (
        "Very satisfied",
        "Quick",
        "report-a-fault",
    )


@pytest.mark.parametrize(
    ("method", "url", "status", "heading"),
    [
        ("get", "/no-such-page", 404, "Page not found"),
        (
            "get",
            "/staff/submissions/RF-AAAA-AAAA/status",
            405,
            "Sorry, there is a problem with what was sent",
        ),
    ],
)
def test_http_errors_are_govuk_pages(
    exemplar: Flask, method: str, url: str, status: int, heading: str
) -> None:
    response = getattr(exemplar.test_client(), method)(url)
    assert response.status_code == status
    page = Page(response)
    assert page.h1 == heading
    assert "Traceback" not in page.html


def test_an_unexpected_error_is_a_govuk_500_page(exemplar: Flask) -> None:
    def broken() -> str:
        raise RuntimeError("database fell over")

    exemplar.add_url_rule("/broken", "broken", broken)
    response = exemplar.test_client().get("/broken")
    assert response.status_code == 500
    page = Page(response)
    assert page.h1 == "Sorry, there is a problem with the service"
    assert "Try again later." in page.text()
    assert "database fell over" not in page.html


def test_health_reports_database(exemplar: Flask) -> None:
    response = exemplar.test_client().get("/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_council_brand_has_no_crown_and_its_own_colour(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app(write_service(tmp_path / "apply-for-a-bin", MINIMAL))
    page = Browser(app.test_client()).get("/size")
    assert "Example Borough Council" in page.find("header")[0].text
    assert not page.find("svg", class_="govuk-logo")
    assert "--govuk-brand-colour: #5a2d81" in page.html
    assert f'href="{asset_href(app.extensions["mvpkit"].assets, "", "council.css")}"' in page.html
    assert "Crown copyright" not in page.html


def test_govuk_brand_is_an_option(make_app: AppFactory, tmp_path: Path) -> None:
    folder = write_service(tmp_path / "apply", MINIMAL + "brand: govuk\n")
    app = make_app(folder)
    page = Browser(app.test_client()).get("/size")
    assert page.find("svg", class_="govuk-logo") or "govuk-header__logotype" in page.html
    stylesheet = asset_href(app.extensions["mvpkit"].assets, "", "govuk-frontend.min.css")
    assert f'href="{stylesheet}"' in page.html


def test_every_page_has_phase_banner_with_feedback_link(exemplar: Flask) -> None:
    page = Browser(exemplar.test_client()).get("/problem-type")
    banner = page.find("div", class_="govuk-phase-banner")
    assert banner
    assert "Beta" in banner[0].text
    assert page.link("give your feedback") == "/feedback"


def test_production_refuses_to_start_without_a_secret_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mvpkit.app import create_app
    from mvpkit.settings import SettingsError

    monkeypatch.setenv("MVPKIT_ENV", "production")
    folder = write_service(tmp_path / "bins", MINIMAL)
    with pytest.raises(SettingsError, match="MVPKIT_SECRET_KEY is not set"):
        create_app(folder, {"database_url": f"sqlite:///{tmp_path}/x.db"})


def test_production_cookies_are_secure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mvpkit.app import create_app

    monkeypatch.setenv("MVPKIT_ENV", "production")
    monkeypatch.setenv("MVPKIT_SECRET_KEY", "s" * 64)
    monkeypatch.setenv("MVPKIT_PUBLIC_URL", "https://services.council.example")
    app = create_app(
        write_service(tmp_path / "bins", MINIMAL), {"database_url": f"sqlite:///{tmp_path}/x.db"}
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    app.extensions["mvpkit"].db.dispose()


def test_templates_fail_on_undefined_names_in_test_mode(exemplar: Flask) -> None:
    from jinja2 import UndefinedError

    with exemplar.test_request_context(), pytest.raises(UndefinedError, match="titel"):
        exemplar.jinja_env.from_string("{{ titel }}").render()
    with exemplar.test_request_context():
        assert exemplar.jinja_env.from_string("{% if titel %}x{% endif %}").render() == ""
