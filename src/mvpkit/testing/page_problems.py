"""What the browser reports going wrong on a page: script errors and Content-Security-Policy
violations.

A script the policy blocks, or one that throws, can leave a GOV.UK component that does not
work (an accordion that does not open, a button that sends twice), which axe does not see.
The route checks watch every page they walk and fail with each problem and its page.
"""

from __future__ import annotations

import re

from playwright.sync_api import ConsoleMessage, Error, Page

from mvpkit.testing.screenshots import page_path

NONCE = re.compile(r"'nonce-[^']+'")  # a new one on each page: the same problem reads the same


class PageProblemsError(AssertionError):
    """The browser reported problems: the message lists each with the page it was on."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        listed = "\n".join(f"- {problem}" for problem in problems)
        super().__init__(f"The browser reported {len(problems)} problem(s):\n{listed}")


class PageProblems:
    """Watches a page from its next navigation: console errors and uncaught exceptions."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.found: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", self._page_error)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":  # Chromium's own CSP messages among them
            self._add(message.text)

    def _page_error(self, error: Error) -> None:
        self._add(f"script error: {error.message}")

    def _add(self, problem: str) -> None:
        """Keep the problem with its page, once however often the page is shown."""
        found = f"{page_path(self.page.url)}: " + NONCE.sub("'nonce-…'", problem)
        if found not in self.found:
            self.found.append(found)

    def assert_none(self) -> None:
        """Fail, listing each problem, if the browser reported any."""
        if self.found:
            raise PageProblemsError(list(self.found))
