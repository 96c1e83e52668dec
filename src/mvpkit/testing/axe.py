"""Accessibility checks with axe-core: WCAG 2.0, 2.1 and 2.2 A and AA, and best practice.

A page is checked once per process: a page the same as one already checked (see
`mvpkit.testing.page_key`; routes share their first pages, and many pages show the same
errors) gets the same findings without running axe again.

axe-core's source is 572 KB. A check that runs axe on nearly every page it opens loads it
into each page as the page is made (`preload_axe`), which costs the browser far less than
sending it into each page again; elsewhere it is sent into a page the first time it is needed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from playwright.sync_api import BrowserContext, Page

from mvpkit.testing.page_key import page_key
from mvpkit.testing.shared_memo import recall, remember

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice")
_FOUND: dict[str, list[Violation]] = {}  # findings by page_key, for this process
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": list(WCAG_TAGS)}, "resultTypes": ["violations"]}
RUN_AXE = """async (options) => {
  if (typeof axe === "undefined") return null;
  const results = await axe.run(document, options);
  return results.violations.map((item) => ({
    rule: item.id,
    impact: item.impact,
    help: item.help,
    selectors: item.nodes.map((node) => node.target.map(String).join(" ")),
  }));
}"""


@dataclass(frozen=True)
class Violation:
    """One rule broken, with how bad it is and where."""

    rule: str
    impact: str
    help: str
    selectors: tuple[str, ...]

    def __str__(self) -> str:
        where = ", ".join(self.selectors[:5]) + (" ..." if len(self.selectors) > 5 else "")
        return f"{self.rule} ({self.impact}): {self.help} at {where}"


class AccessibilityError(AssertionError):
    """A page broke accessibility rules: the message lists rule, impact and selector."""

    def __init__(self, url: str, violations: list[Violation]) -> None:
        self.url = url
        self.violations = violations
        lines = "\n".join(f"- {violation}" for violation in violations)
        super().__init__(f"{len(violations)} accessibility problem(s) on {url}:\n{lines}")


def axe_violations(page: Page, key: str | None = None) -> list[Violation]:
    """What axe finds on the page as it is now (once for each different page).

    `key` is the page's `page_key`, when the caller has just worked it out.
    """
    key = key or page_key(page)
    if key not in _FOUND:
        found = _recalled(key)
        if found is None:
            found = _run_axe(page)
            remember("axe", key, json.dumps([asdict(violation) for violation in found]))
        _FOUND[key] = found
    return list(_FOUND[key])


def _recalled(key: str) -> list[Violation] | None:
    """The findings another process of the run kept for this page, if any."""
    kept = recall("axe", key)
    if kept is None:
        return None
    return [
        Violation(**{**item, "selectors": tuple(item["selectors"])}) for item in json.loads(kept)
    ]


def preload_axe(context: BrowserContext) -> None:
    """Load axe-core into every page the context opens from now on, before its own scripts."""
    context.add_init_script(_axe_script())


def _axe_script() -> str:
    from axe_playwright_python.base import AXE_SCRIPT

    return str(AXE_SCRIPT)


def _run_axe(page: Page) -> list[Violation]:
    """Run axe-core, sending it into the page first if it is not there.

    Only the violations, summed up, come back from the page: axe's whole result (every
    rule that passed or did not apply) is large, and carrying it out of the browser cost
    more than running the rules.
    """
    found: list[dict[str, Any]] | None = page.evaluate(RUN_AXE, AXE_OPTIONS)
    if found is None:
        page.evaluate(_axe_script())
        found = page.evaluate(RUN_AXE, AXE_OPTIONS)
    assert found is not None, "axe-core did not load into the page"
    return [
        Violation(
            rule=item["rule"],
            impact=item["impact"] or "unknown",
            help=item["help"] or "",
            selectors=tuple(item["selectors"]),
        )
        for item in found
    ]


def assert_accessible(page: Page, key: str | None = None) -> None:
    """Fail, listing each problem, if axe finds any on the page (`key`: its `page_key`)."""
    violations = axe_violations(page, key)
    if violations:
        raise AccessibilityError(page.url, violations)
