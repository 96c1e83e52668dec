"""Checks generated from a service's definition: every route, every page, axe on each.

Each check also fails if the browser reports a script error or a Content-Security-Policy
violation on any page it walks (see `mvpkit.testing.page_problems`).

A service gets them with two lines in a test module:

    from mvpkit.testing.generated import route_checks
    test_every_route = route_checks("path/to/service")
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from mvpkit.definition.loader import load_service
from mvpkit.journeys.walk import Step, Walk, walks
from mvpkit.patterns.account.pattern import ACCOUNT_PATH
from mvpkit.patterns.account.settings import account_of
from mvpkit.questions.samples import OFFERED, form_fields
from mvpkit.testing.account_pages import AccountPages, check_account_pages
from mvpkit.testing.axe import assert_accessible, preload_axe
from mvpkit.testing.live_server import LiveServer
from mvpkit.testing.page_key import page_key
from mvpkit.testing.page_problems import PageProblems
from mvpkit.testing.screenshots import Album, album_for


def route_checks(service_dir: str | Path) -> Callable[..., None]:
    """A test, parametrized by route, that walks it in the browser checking every page.

    A service with `account:` gets one more: every account page, signed out and signed in.
    """
    service = load_service(Path(service_dir))
    checks = [pytest.param(walk, id=walk.name) for walk in walks(service)]
    if account_of(service) is not None:
        prefix = f"/{ACCOUNT_PATH}" if service.pages else ""
        checks.append(pytest.param(AccountPages(prefix), id="account pages"))

    @pytest.mark.browser
    @pytest.mark.parametrize("walk", checks)
    def test_route(
        walk: Walk | AccountPages,
        page: Page,
        live_server: LiveServer,
        request: pytest.FixtureRequest,
    ) -> None:
        request.node.user_properties.append(("route", _route_name(walk)))
        problems = PageProblems(page)
        preload_axe(page.context)  # axe runs on nearly every page these checks open
        if isinstance(walk, AccountPages):
            assert live_server.app is not None
            check_account_pages(page, live_server.url, walk.prefix, live_server.app)
        else:
            check_route(page, live_server.url, walk, album_for(request.node))
        problems.assert_none()

    return test_route


def _route_name(walk: Walk | AccountPages) -> str:
    """The route as the gate's report names it: its pages in order."""
    return "account pages" if isinstance(walk, AccountPages) else walk.name


def check_route(page: Page, base_url: str, walk: Walk, album: Album | None = None) -> None:
    """Walk the route: axe on each page as shown, and again showing its errors.

    With an album, each page is pictured as it is first shown, in the order walked.
    """

    def picture_and_check(label: str) -> None:
        key = page_key(page)  # the page is the same for both: work its key out once
        if album is not None:
            album.take(page, label, key)
        assert_accessible(page, key)

    page.goto(f"{base_url}/")
    picture_and_check("start")
    page.get_by_role("button", name="Start now").click()
    for step in walk.steps:
        expect(page).to_have_url(re.compile(rf"/{re.escape(step.page.id)}$"))
        picture_and_check(step.page.id)
        if step.page.is_exit:
            return
        if any(question.required for question in step.page.questions):
            page.get_by_role("button", name="Continue").click()
            expect(page).to_have_title(re.compile(r"^Error: "))
            expect(page.locator(".govuk-error-summary")).to_be_visible()
            assert_accessible(page)
        answer(page, step)
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending")
    picture_and_check("check-answers")
    page.get_by_role("button", name="Accept and send").click()
    expect(page.locator(".govuk-panel")).to_be_visible()
    picture_and_check("confirmation")


def answer(page: Page, step: Step) -> None:
    """Fill in the step's sample answers, field by field."""
    for question in step.page.questions:
        fields = form_fields(question, step.answers[question.id])
        for name, value in fields.items():
            _fill(page, question.type, name, value)


def _fill(page: Page, kind: str, name: str, value: Any) -> None:
    if value == OFFERED:  # an appointment's day or time: the first one offered
        page.locator(f'input[name="{name}"]').first.check()
    elif kind in ("radios", "yesno"):
        page.locator(f'input[name="{name}"][value="{value}"]').check()
    elif kind == "checkboxes":
        for item in value:
            page.locator(f'input[name="{name}"][value="{item}"]').check()
    elif kind == "select":
        page.locator(f'select[name="{name}"]').select_option(str(value))
    else:
        page.locator(f'[name="{name}"]').fill(str(value))
