"""Whole pages kept as frames: drawn once per set of parameters, filled in per request with
what is each person's own (answers, CSRF token, nonce, the patterns' banners)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, g, template_rendered
from jinja2 import DictLoader
from markupsafe import Markup

from mvpkit.frontend import kept_pages
from mvpkit.frontend.headers import csp_nonce
from mvpkit.frontend.kept_pages import install_kept_pages, render_kept
from tests.conftest import AppFactory
from tests.support import Browser
from tests.test_gate import copy_service, override_template

PAGE = (
    "<title>{{ title }}</title>"
    '<style nonce="{{ csp_nonce() }}"></style>'
    "{{ pattern_fragments('banner', size=size) }}"
    '<form><input name=csrf_token value="{{ csrf_token() }}">{{ questions }}</form>'
    "{{ drawn() }}"
)


class Request:
    """What the test's request-bound globals give, and how often the page was drawn."""

    banner = ""
    token = "token-1"
    drawn = 0


def bare_app(tmp_path: Path, templates: dict[str, str]) -> Flask:
    """A Flask app with the globals a kept page takes from the request, and `templates`."""
    app = Flask(__name__)
    app.jinja_loader = DictLoader(templates)
    install_kept_pages(app, tmp_path / "templates")
    state = Request()
    app.extensions["test.request"] = state

    def pattern_fragments(place: str, **context: Any) -> str:
        return f"<{place} {context['size']}>{state.banner}" if state.banner else ""

    def drawn() -> str:
        state.drawn += 1
        return ""

    app.add_template_global(pattern_fragments)
    app.add_template_global(lambda: state.token, "csrf_token")
    app.add_template_global(csp_nonce)
    app.add_template_global(drawn)
    return app


def kept(app: Flask, template: str = "page.html", **context: Any) -> tuple[str, str]:
    """The page as one request sees it, and that request's nonce."""
    with app.test_request_context("/"):
        html = render_kept(template, {"questions": Markup("<q>")}, **context)
        return html, g.get("csp_nonce", "")


def test_a_kept_page_is_drawn_once_and_filled_for_each_request(tmp_path: Path) -> None:
    app = bare_app(tmp_path, {"page.html": PAGE})
    state: Request = app.extensions["test.request"]
    first, first_nonce = kept(app, title="Bins", size=1)
    state.banner, state.token = "Helping", "token-<2>"
    second, second_nonce = kept(app, title="Bins", size=1)
    assert state.drawn == 1
    assert first == (
        f'<title>Bins</title><style nonce="{first_nonce}"></style>'
        '<form><input name=csrf_token value="token-1"><q></form>'
    )
    # The banner and token are this request's, escaped as the template would have.
    assert second == (
        f'<title>Bins</title><style nonce="{second_nonce}"></style>&lt;banner 1&gt;Helping'
        '<form><input name=csrf_token value="token-&lt;2&gt;"><q></form>'
    )
    assert first_nonce != second_nonce


def test_other_parameters_draw_another_page(tmp_path: Path) -> None:
    app = bare_app(tmp_path, {"page.html": PAGE})
    state: Request = app.extensions["test.request"]
    assert "<title>Bins</title>" in kept(app, title="Bins", size=1)[0]
    assert "<title>Boxes</title>" in kept(app, title="Boxes", size=1)[0]
    state.banner = "Helping"
    assert "&lt;banner 2&gt;" in kept(app, title="Bins", size=2)[0]
    assert state.drawn == 3


def test_parameters_that_are_not_plain_values_are_drawn_every_time(tmp_path: Path) -> None:
    app = bare_app(tmp_path, {"page.html": PAGE})
    for _ in range(2):
        kept(app, title="Bins", size=1, errors=[object()])
    assert app.extensions["test.request"].drawn == 2


def test_a_call_whose_output_the_template_changes_is_never_kept(tmp_path: Path) -> None:
    app = bare_app(tmp_path, {"page.html": "{{ csrf_token() | upper }}{{ drawn() }}"})
    state: Request = app.extensions["test.request"]
    assert kept(app)[0] == "TOKEN-1"
    state.token = "token-2"
    assert kept(app)[0] == "TOKEN-2"
    assert state.drawn == 3  # the frame drawn once, found unusable, then drawn per request


def test_a_page_whose_templates_the_service_overrides_is_never_kept(tmp_path: Path) -> None:
    own = tmp_path / "templates" / "mvpkit"
    own.mkdir(parents=True)
    (own / "layout.html").write_text("{{ session }}")
    app = bare_app(tmp_path, {"page.html": PAGE})
    for _ in range(2):
        kept(app, title="Bins", size=1)
    assert app.extensions["test.request"].drawn == 2


def test_reloading_templates_draws_every_page(tmp_path: Path) -> None:
    app = bare_app(tmp_path, {"page.html": PAGE})
    app.config["TEMPLATES_AUTO_RELOAD"] = True
    for _ in range(2):
        kept(app, title="Bins", size=1)
    assert app.extensions["test.request"].drawn == 2


def test_frames_kept_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kept_pages, "FRAMES_KEPT", 3)
    app = bare_app(tmp_path, {"page.html": PAGE})
    for title in range(10):
        kept(app, title=str(title), size=1)
    assert 1 <= len(app.extensions["mvpkit.kept_pages"]) <= 3


def test_a_kept_page_is_still_announced_as_rendered(tmp_path: Path) -> None:
    app = bare_app(tmp_path, {"page.html": PAGE})
    seen: list[str] = []

    def shown(sender: Flask, template: Any, context: dict[str, Any], **extra: Any) -> None:
        seen.append(context["title"])

    with template_rendered.connected_to(shown, app):
        kept(app, title="Bins", size=1)
        kept(app, title="Bins", size=1)
    assert seen == ["Bins", "Bins"]


# --- the journey's pages ------------------------------------------------------------------


NORMALISE = (
    (re.compile(r'nonce="[^"]+"'), 'nonce="N"'),
    (re.compile(r'name="csrf_token" value="[^"]+"'), 'name="csrf_token" value="T"'),
    (re.compile(r"\s*\n\s*"), "\n"),
)


def normalised(html: str) -> str:
    for pattern, replacement in NORMALISE:
        html = pattern.sub(replacement, html)
    return html


def test_a_kept_question_page_shows_each_persons_answer(make_app: AppFactory) -> None:
    app = make_app()
    first, second = Browser(app.test_client()), Browser(app.test_client())
    assert first.get("/problem-type").value_of("problem-type") == ""
    first.answer("problem-type", {"problem-type": "drain"})
    second.answer("problem-type", {"problem-type": "street-light"})
    assert first.get("/problem-type").value_of("problem-type") == "drain"
    assert second.get("/problem-type").value_of("problem-type") == "street-light"
    assert Browser(app.test_client()).get("/problem-type").value_of("problem-type") == ""


def test_kept_pages_are_the_pages_drawn_afresh(make_app: AppFactory, tmp_path: Path) -> None:
    kept_app = make_app()
    drawn_app = make_app(database_url=f"sqlite:///{tmp_path / 'drawn.sqlite3'}")
    drawn_app.config["TEMPLATES_AUTO_RELOAD"] = True
    pages = []
    for app in (kept_app, drawn_app):
        browser = Browser(app.test_client())
        browser.answer("problem-type", {"problem-type": "street-light"})
        pages.append([browser.get(path).html for path in ("/", "/problem-type", "/light-problem")])
    # the second visit to each page comes from the kept frame
    again = Browser(kept_app.test_client())
    again.answer("problem-type", {"problem-type": "street-light"})
    assert [normalised(again.get(path).html) for path in ("/", "/problem-type")] == [
        normalised(html) for html in pages[1][:2]
    ]
    assert [normalised(html) for html in pages[0]] == [normalised(html) for html in pages[1]]


def test_a_services_own_question_page_is_drawn_as_it_says(
    tmp_path: Path, make_app: AppFactory
) -> None:
    folder = copy_service(tmp_path)
    shown = '<p class="govuk-body">Draft: {{ session.get("draft", "none") }}</p>'
    override_template(folder, "question.html", shown)
    browser = Browser(make_app(folder).test_client())
    assert "Draft: none" in browser.get("/size").text()
    browser.answer("size", {"size": "Small"})
    assert "Draft: none" not in browser.get("/size").text()


def test_slots_are_named_by_identifiers(tmp_path: Path) -> None:
    app = bare_app(tmp_path, {"page.html": "{{ drawn() }}"})
    with app.test_request_context("/"), pytest.raises(ValueError, match="identifiers"):
        render_kept("page.html", {"the-questions": Markup("<q>")})
