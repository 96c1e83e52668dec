"""In Chromium, the Content-Security-Policy's nonce lets the kit's own scripts run.

The page is styled and scripted by the versioned assets, sent compressed with brotli.

That every page of every exemplar runs with no violation and no script error is checked by
the release gate's route checks (tests/test_release_gate.py); a service whose page breaks
the policy fails them (tests/test_gate.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Response

from mvpkit.testing.browsers import find_chromium
from mvpkit.testing.live_server import LiveServer
from mvpkit.testing.page_problems import PageProblems
from tests.conftest import EXEMPLAR

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not find_chromium(), reason="no system Chromium (.ci/run installs it)"),
]


def test_the_inline_script_and_the_govuk_frontend_module_run_and_style_it(page: Page) -> None:
    problems = PageProblems(page)
    responses: list[Response] = []

    def received(response: Response) -> None:
        responses.append(response)

    page.on("response", received)
    with LiveServer(EXEMPLAR) as server:
        page.goto(f"{server.url}/")
        page.get_by_role("button", name="Start now").click()
        classes = page.evaluate("[...document.body.classList]")
        initialised = page.evaluate(
            "document.querySelectorAll('[data-govuk-button-init], [data-govuk-skip-link-init]')"
            ".length"
        )
        font = page.evaluate("getComputedStyle(document.querySelector('.govuk-button')).fontFamily")
        width = page.evaluate(
            "getComputedStyle(document.querySelector('.govuk-width-container')).maxWidth"
        )
    assert {"js-enabled", "govuk-frontend-supported"} <= set(classes), classes
    assert initialised
    assert "arial" in font, font  # the council stylesheet was read, compressed as it was sent
    assert width == "960px", width
    assets = [response for response in responses if "/assets/" in response.url]
    sent = {response.url.rsplit(".", 1)[-1]: response for response in assets if response.ok}
    assert {"css", "js"} <= set(sent), [response.url for response in assets]
    for response in (sent["css"], sent["js"]):  # the stylesheet and the module, by version
        assert response.headers.get("content-encoding") == "br", response.url
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    problems.assert_none()
