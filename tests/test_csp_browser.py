"""In Chromium, every exemplar's pages run under the Content-Security-Policy with no violation."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page

from mvpkit.definition.loader import load_service
from mvpkit.journeys.walk import walks
from mvpkit.testing.account_pages import check_account_pages
from mvpkit.testing.browsers import find_chromium
from mvpkit.testing.generated import check_route
from mvpkit.testing.live_server import LiveServer
from tests.conftest import ROOT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not find_chromium(), reason="no system Chromium (.ci/run installs it)"),
]
REPORT_A_FAULT = ROOT / "exemplars" / "report-a-fault"
BOOKING = ROOT / "exemplars" / "register-a-birth-or-death"
MY_ACCOUNT = ROOT / "exemplars" / "my-account"
REPORT = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`securitypolicyviolation: ${event.violatedDirective} ${event.blockedURI}`);
});
"""


class Watched:
    """A page that keeps every console error and warning (CSP violations among them)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        self.pages: set[str] = set()
        page.add_init_script(REPORT)
        page.on("console", self._console)
        page.on("load", lambda loaded: self.pages.add(loaded.url))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"{self.page.url}: {message.text}")

    def assert_scripts_ran(self) -> None:
        """The inline script and the GOV.UK Frontend module both ran, so the nonce worked."""
        classes = self.page.evaluate("[...document.body.classList]")
        assert {"js-enabled", "govuk-frontend-supported"} <= set(classes), classes
        initialised = self.page.evaluate(
            "document.querySelectorAll('[data-govuk-button-init], [data-govuk-skip-link-init]')"
            ".length"
        )
        assert initialised


@pytest.fixture
def watched(page: Page) -> Watched:
    """The browser's page, watched from its first navigation."""
    return Watched(page)


@pytest.mark.parametrize("service_dir", [REPORT_A_FAULT, BOOKING], ids=["report", "booking"])
def test_a_journey_runs_under_the_policy_without_a_violation(
    watched: Watched, service_dir: Path
) -> None:
    walk = walks(load_service(service_dir))[0]
    with LiveServer(service_dir) as server:
        check_route(watched.page, server.url, walk)
        watched.assert_scripts_ran()
    assert len(watched.pages) > len(walk.steps)
    assert watched.problems == []


def test_my_account_runs_under_the_policy_without_a_violation(watched: Watched) -> None:
    with LiveServer(MY_ACCOUNT) as server:
        assert server.app is not None
        check_account_pages(watched.page, server.url, "", server.app)
        watched.assert_scripts_ran()
    assert len(watched.pages) > 5
    assert watched.problems == []
