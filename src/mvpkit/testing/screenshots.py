"""Screenshots for the gate's report: one album per test, its pictures in the order taken.

When MVPKIT_SCREENSHOTS names a folder, each test that takes pictures gets a folder of its
own in it holding `01-start.png`, `02-size.png`, ... and `album.json`, which lists them in
order with each page's path and title. The test's JUnit record names that listing, relative
to MVPKIT_SCREENSHOTS, in its property `screenshots`.

A page pictured before in the same run (the same document, screen size and focused element:
see `mvpkit.testing.page_key`) is not drawn again: its picture is linked into the album. Under
the gate, that holds across the run's processes too (see `mvpkit.testing.shared_memo`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from mvpkit.testing.page_key import page_key
from mvpkit.testing.shared_memo import recall, remember

if TYPE_CHECKING:
    from playwright.sync_api import Page

SCREENSHOTS_ENV = "MVPKIT_SCREENSHOTS"
ALBUM_FILE = "album.json"
PROPERTY = "screenshots"
_ALBUM = pytest.StashKey["Album"]()
_PICTURED: dict[str, Path] = {}  # the first picture of each page, by its key
FOCUSED = """(() => {
  const focused = document.activeElement;
  if (!focused || focused === document.body) return "";
  return [focused.tagName, focused.id, focused.getAttribute("name") || ""].join("#");
})()"""


class Album:
    """The pictures one test takes, numbered in the order it takes them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.shots: list[dict[str, str]] = []
        self.last_url = ""

    def take(self, page: Page, label: str, key: str | None = None) -> Path:
        """Save a full-page picture of the page as it is now, next in the album.

        `key` is the page's `page_key`, when the caller has just worked it out.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{len(self.shots) + 1:02d}-{slug(label)}.png"
        key = (key or page_key(page)) + str(page.evaluate(FOCUSED))
        earlier = _PICTURED.get(key) or _recalled(key)
        if earlier is not None and earlier.is_file():
            _link(earlier, path)
        else:
            page.screenshot(path=str(path), full_page=True)
            _PICTURED[key] = path
            remember("pictures", _digest(key), str(path))
        self.last_url = page.url
        self.shots.append({"file": path.name, "path": page_path(page.url), "title": page.title()})
        (self.folder / ALBUM_FILE).write_text(json.dumps(self.shots, indent=2), encoding="utf-8")
        return path


def _recalled(key: str) -> Path | None:
    """The picture another process of the run drew of this page, if any."""
    kept = recall("pictures", _digest(key))
    return Path(kept) if kept else None


def _digest(key: str) -> str:
    """A key short enough to name a file by."""
    return hashlib.sha256(key.encode()).hexdigest()


def _link(earlier: Path, path: Path) -> None:
    """The earlier picture under a new name: a hard link, or a copy across file systems."""
    path.unlink(missing_ok=True)
    try:
        os.link(earlier, path)
    except OSError:
        shutil.copyfile(earlier, path)


def album_for(item: pytest.Item) -> Album | None:
    """The test's album, made on first use; None when MVPKIT_SCREENSHOTS is not set."""
    root = os.environ.get(SCREENSHOTS_ENV)
    if not root:
        return None
    album = item.stash.get(_ALBUM, None)
    if album is None:
        digest = hashlib.sha1(item.nodeid.encode(), usedforsecurity=False).hexdigest()[:8]
        name = f"{slug(item.name)[:60]}-{digest}"
        album = item.stash[_ALBUM] = Album(Path(root) / name)
        item.user_properties.append((PROPERTY, f"{name}/{ALBUM_FILE}"))
    return album


def page_path(url: str) -> str:
    """The path of an address, with its query: what a reader of the report can find."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "") or "/"


def slug(text: str) -> str:
    """Lower-case letters and digits joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "page"
