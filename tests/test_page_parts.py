"""The parts pages share are drawn once and reused: the chrome by service, GOV.UK components
by their parameters. Each page still gets its own CSP nonce."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from markupsafe import Markup

from mvpkit.frontend import components
from mvpkit.frontend.components import component
from tests.conftest import AppFactory
from tests.test_gate import copy_service

SCRIPT_NONCE = re.compile(r"<script[^>]*nonce=\"([^\"]+)\"")


def nonces(app: Flask, path: str) -> tuple[str, set[str]]:
    """The nonce in the response's policy, and the nonces of its inline scripts."""
    response = app.test_client().get(path)
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    found = re.search(r"'nonce-([^']+)'", policy)
    assert found is not None
    return found.group(1), set(SCRIPT_NONCE.findall(response.get_data(as_text=True)))


def service_with_own_part(tmp_path: Path, part: str, html: str) -> Path:
    """A small service whose own `templates/mvpkit/chrome/<part>.html` is `html`."""
    folder = copy_service(tmp_path)
    chrome = folder / "templates" / "mvpkit" / "chrome"
    chrome.mkdir(parents=True)
    (chrome / f"{part}.html").write_text(html, encoding="utf-8")
    return folder


def test_each_page_gets_its_own_nonce_in_the_kept_scripts(make_app: AppFactory) -> None:
    app = make_app()
    first, in_first = nonces(app, "/")
    second, in_second = nonces(app, "/")
    assert first != second
    assert in_first == {first}
    assert in_second == {second}


def test_a_services_own_scripts_part_gets_each_pages_nonce(
    tmp_path: Path, make_app: AppFactory
) -> None:
    script = '<script nonce="{{ csp_nonce() }}">window.counted = true</script>\n'
    app = make_app(service_with_own_part(tmp_path, "scripts", script))
    pages = [nonces(app, "/") for _ in range(3)]
    assert len({policy for policy, _ in pages}) == 3
    for policy, in_page in pages:
        assert in_page == {policy}


def test_a_services_own_icons_part_shows_on_every_page(
    tmp_path: Path, make_app: AppFactory
) -> None:
    icon = '<link rel="icon" href="/own.ico">'
    client = make_app(service_with_own_part(tmp_path, "icons", icon + "\n")).test_client()
    for path in ("/", "/"):
        assert icon in client.get(path).get_data(as_text=True)


class CountingMacro:
    """Stands for a GOV.UK macro: its HTML names its parameters, and it counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, params: Mapping[str, Any]) -> str:
        self.calls += 1
        return f"<b>{params['text']}</b>"


def test_a_component_is_drawn_once_for_each_set_of_parameters(make_app: AppFactory) -> None:
    app = make_app()
    macro = CountingMacro()
    with app.test_request_context():
        first = component(macro, {"text": "Continue", "preventDoubleClick": True})
        again = component(macro, {"preventDoubleClick": True, "text": "Continue"})
        other = component(macro, {"text": "Back"})
    assert first is again
    assert str(first) == "<b>Continue</b>"
    assert str(other) == "<b>Back</b>"
    assert macro.calls == 2


def test_markup_and_plain_text_of_the_same_characters_are_kept_apart(
    make_app: AppFactory,
) -> None:
    """A macro escapes text but not Markup: the two must never share kept HTML."""
    app = make_app()
    with app.test_request_context():
        template = app.jinja_env.from_string(
            '{% from "govuk_frontend_jinja/components/button/macro.html" import govukButton %}'
            "{{ component(govukButton, {'text': text}) }}"
        )
        plain = template.render(text="<b>Go</b>")
        marked = template.render(text=Markup("<b>Go</b>"))
    assert "&lt;b&gt;Go&lt;/b&gt;" in plain
    assert "<b>Go</b>" in marked


def test_components_are_drawn_every_time_while_templates_reload(make_app: AppFactory) -> None:
    app = make_app()
    app.config["TEMPLATES_AUTO_RELOAD"] = True
    macro = CountingMacro()
    with app.test_request_context():
        for _ in range(3):
            component(macro, {"text": "Continue"})
    assert macro.calls == 3


def test_the_kept_components_are_bounded(make_app: AppFactory, monkeypatch: Any) -> None:
    monkeypatch.setattr(components, "COMPONENTS_KEPT", 3)
    app = make_app()
    macro = CountingMacro()
    with app.test_request_context():
        for number in range(10):
            component(macro, {"text": str(number)})
        kept = app.extensions["mvpkit.components"]
        assert 1 <= len(kept) <= 3
        component(macro, {"text": "9"})  # the newest is still kept
    assert macro.calls == 10


def test_the_question_page_draws_its_components_from_the_kept_ones(
    make_app: AppFactory,
) -> None:
    app = make_app()
    client = app.test_client()
    first = client.get("/").get_data(as_text=True)
    kept = dict(app.extensions["mvpkit.components"])
    second = client.get("/").get_data(as_text=True)
    assert kept
    assert app.extensions["mvpkit.components"] == kept  # nothing new to draw
    assert 'class="govuk-skip-link"' in first
    assert first.count('class="govuk-skip-link"') == second.count('class="govuk-skip-link"') == 1
