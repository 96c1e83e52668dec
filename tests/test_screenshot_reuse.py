"""A page pictured once in a run is linked, not drawn again, into every album that shows it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from mvpkit.testing import screenshots
from mvpkit.testing.browsers import find_chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not find_chromium(), reason="no system Chromium (.ci/run installs it)"),
]

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Bins</title></head><body>
<form><input type="hidden" name="csrf_token" value="{token}">
<label for="size">Size</label><input id="size" name="size">{extra}</form></body></html>"""


def test_the_same_page_is_drawn_once_and_a_changed_one_again(
    page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[str] = []
    real = page.screenshot

    def counted(**options: object) -> bytes:
        drawn.append(str(options["path"]))
        return real(**options)  # type: ignore[arg-type]

    monkeypatch.setattr(screenshots, "_PICTURED", {})
    monkeypatch.setattr(page, "screenshot", counted)
    first, second = screenshots.Album(tmp_path / "one"), screenshots.Album(tmp_path / "two")

    page.set_content(PAGE.format(token="a", extra=""))
    shown = first.take(page, "size")
    page.set_content(PAGE.format(token="b", extra=""))  # only the token is new
    again = second.take(page, "size")
    page.focus("#size")
    focused = second.take(page, "size focused")
    page.set_content(PAGE.format(token="b", extra="<p>Choose one</p>"))
    changed = second.take(page, "size with a hint")

    assert drawn == [str(shown), str(focused), str(changed)]
    assert again.read_bytes() == shown.read_bytes()
    assert [shot["file"] for shot in second.shots] == [
        "01-size.png",
        "02-size-focused.png",
        "03-size-with-a-hint.png",
    ]
