"""axe runs once for each different page: the same document again gets the same findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from mvpkit.testing import axe, screenshots
from mvpkit.testing.browsers import find_chromium
from mvpkit.testing.page_key import page_key

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not find_chromium(), reason="no system Chromium (.ci/run installs it)"),
]

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Memo</title>
<style nonce="{nonce}">p {{ margin: 0 }}</style></head>
<body><main><h1>A page</h1>
<form method="post"><input type="hidden" name="csrf_token" value="{token}">{extra}</form>
</main></body></html>"""


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages axe really ran on, by title, with no findings remembered from before."""
    seen: list[str] = []
    real = axe._run_axe

    def counted(page: Page) -> list[axe.Violation]:
        seen.append(page.title())
        return real(page)

    monkeypatch.setattr(axe, "_FOUND", {})
    monkeypatch.setattr(axe, "_run_axe", counted)
    return seen


def test_the_same_page_with_new_tokens_is_checked_once(page: Page, runs: list[str]) -> None:
    page.set_content(PAGE.format(nonce="abc", token="one", extra=""))
    assert axe.axe_violations(page) == []
    page.set_content(PAGE.format(nonce="def", token="two", extra=""))
    assert axe.axe_violations(page) == []
    assert runs == ["Memo"]


def test_a_changed_page_is_checked_again_and_keeps_its_findings(
    page: Page, runs: list[str]
) -> None:
    page.set_content(PAGE.format(nonce="a", token="b", extra=""))
    assert axe.axe_violations(page) == []
    unlabelled = '<input type="text" name="street">'
    page.set_content(PAGE.format(nonce="a", token="b", extra=unlabelled))
    first = axe.axe_violations(page)
    page.set_content(PAGE.format(nonce="c", token="d", extra=unlabelled))
    again = axe.axe_violations(page)
    assert len(runs) == 2
    assert "label" in {violation.rule for violation in first}
    assert again == first


def test_another_viewport_is_checked_again(page: Page, runs: list[str]) -> None:
    page.set_content(PAGE.format(nonce="a", token="b", extra=""))
    axe.axe_violations(page)
    page.set_viewport_size({"width": 320, "height": 640})
    axe.axe_violations(page)
    assert len(runs) == 2


def _served(page: Page, body: str) -> None:
    """Answer every request to http://mvpkit.test/ with this page, as a server would."""
    page.route(
        "http://mvpkit.test/**",
        lambda route: route.fulfill(body=body, content_type="text/html"),
    )


def _sent(page: Page, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every script the test sends into the page from now on."""
    sent: list[str] = []
    real = page.evaluate

    def counted(expression: str, arg: object = None) -> object:
        sent.append(expression)
        return real(expression, arg)

    monkeypatch.setattr(page, "evaluate", counted)
    return sent


def test_a_preloaded_page_is_checked_without_sending_axe_again(
    page: Page, runs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _served(page, PAGE.format(nonce="a", token="b", extra='<input type="text" name="street">'))
    axe.preload_axe(page.context)
    page.goto("http://mvpkit.test/")
    sent = _sent(page, monkeypatch)
    found = axe.axe_violations(page)
    assert "label" in {violation.rule for violation in found}
    assert sent == [axe.RUN_AXE]


def test_a_page_without_axe_gets_it_sent_in_first(
    page: Page, runs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _served(page, PAGE.format(nonce="a", token="b", extra='<input type="text" name="street">'))
    page.goto("http://mvpkit.test/")
    sent = _sent(page, monkeypatch)
    found = axe.axe_violations(page)
    assert "label" in {violation.rule for violation in found}
    assert len(sent) == 3
    assert sent[0] == sent[2] == axe.RUN_AXE


def test_a_key_the_caller_worked_out_is_not_worked_out_again(
    page: Page, runs: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.set_content(PAGE.format(nonce="a", token="b", extra=""))
    key = page_key(page)
    monkeypatch.setattr(screenshots, "_PICTURED", {})
    monkeypatch.setattr(page, "content", lambda: pytest.fail("the key was worked out again"))
    picture = screenshots.Album(tmp_path).take(page, "memo", key)
    assert axe.axe_violations(page, key) == []
    assert picture.is_file()
    assert runs == ["Memo"]
