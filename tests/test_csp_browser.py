"""In Chromium, the Content-Security-Policy's nonce lets the kit's own scripts run.

That every page of every exemplar runs with no violation and no script error is checked by
the release gate's route checks (tests/test_release_gate.py); a service whose page breaks
the policy fails them (tests/test_gate.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from mvpkit.testing.browsers import find_chromium
from mvpkit.testing.live_server import LiveServer
from mvpkit.testing.page_problems import PageProblems
from tests.conftest import EXEMPLAR

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not find_chromium(), reason="no system Chromium (.ci/run installs it)"),
]


def test_the_inline_script_and_the_govuk_frontend_module_run(page: Page) -> None:
    problems = PageProblems(page)
    with LiveServer(EXEMPLAR) as server:
        page.goto(f"{server.url}/")
        page.get_by_role("button", name="Start now").click()
        classes = page.evaluate("[...document.body.classList]")
        initialised = page.evaluate(
            "document.querySelectorAll('[data-govuk-button-init], [data-govuk-skip-link-init]')"
            ".length"
        )
    assert {"js-enabled", "govuk-frontend-supported"} <= set(classes), classes
    assert initialised
    problems.assert_none()
