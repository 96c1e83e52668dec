"""Find a Chromium to drive: the one named, the system's, or Playwright's own.

Headless runs prefer Chromium's headless shell when the system has one (Debian's
`chromium-headless-shell`), as Playwright does with its own browsers: it draws no window
and takes about a third less processor time than the full browser run headless.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

HEADLESS_SHELLS = (
    "/usr/lib/chromium/chromium-headless-shell",  # Debian's chromium-headless-shell
    "chromium-headless-shell",
)
SYSTEM_CHROMIUMS = (
    "/usr/lib/chromium/chromium",  # Debian's binary itself (its /usr/bin wrapper adds flags)
    "/usr/bin/chromium",
    "chromium-browser",
    "chromium",
    "google-chrome",
    "google-chrome-stable",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)
INSTALL_HINT = (
    "No Chromium was found. Install one with `apt-get install chromium` (Debian or Ubuntu) "
    "or `python -m playwright install chromium`, or set MVPKIT_CHROMIUM to a Chromium or "
    "Chrome executable."
)


class BrowserNotFoundError(Exception):
    """No Chromium could be found: the message names the install command."""


def find_chromium(headless: bool = False) -> str | None:
    """A Chromium executable to launch, or None to let Playwright use its own.

    MVPKIT_CHROMIUM first, then (when `headless`) a system headless shell, then a system
    Chromium or Chrome. Raises BrowserNotFoundError when MVPKIT_CHROMIUM names something
    that is not there.
    """
    named = os.environ.get("MVPKIT_CHROMIUM")
    if named:
        if Path(named).is_file() and os.access(named, os.X_OK):
            return named
        raise BrowserNotFoundError(f"MVPKIT_CHROMIUM is {named!r}, which is not an executable.")
    candidates = (HEADLESS_SHELLS if headless else ()) + SYSTEM_CHROMIUMS
    for candidate in candidates:
        found = candidate if Path(candidate).is_file() else shutil.which(candidate)
        if found and os.access(found, os.X_OK):
            return found
    return None


def playwright_has_chromium() -> bool:
    """True when Playwright has downloaded its own Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        return Path(playwright.chromium.executable_path).is_file()


def launch_args(headless: bool = True) -> dict[str, str]:
    """Playwright launch arguments for the Chromium found; fails with the install hint."""
    executable = find_chromium(headless)
    if executable:
        return {"executable_path": executable}
    if playwright_has_chromium():
        return {}
    raise BrowserNotFoundError(INSTALL_HINT)
