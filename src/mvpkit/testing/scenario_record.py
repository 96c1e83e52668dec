"""pytest-bdd hooks that record a scenario for the gate's report.

Each scenario's JUnit record names its feature and scenario (properties `feature` and
`scenario`) and, when one fails, the path of the page it failed on (`page`). With
MVPKIT_SCREENSHOTS set, each new page a scenario reaches is pictured, in order, and the
page as it was when a step failed.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from playwright.sync_api import Page

from mvpkit.testing.screenshots import album_for, page_path


def pytest_itemcollected(item: pytest.Item) -> None:
    """Name the feature and the scenario in the test's JUnit record, even if it is skipped."""
    # pytest-bdd keeps each scenario test's template here; a future version may not
    module = importlib.import_module("pytest_bdd.scenario")  # `pytest_bdd.scenario` is a function
    templates = getattr(module, "scenario_wrapper_template_registry", {})
    template = templates.get(getattr(item, "function", None))
    if template is not None:
        item.user_properties.extend(
            [("feature", template.feature.name), ("scenario", template.name)]
        )


def pytest_bdd_after_step(request: pytest.FixtureRequest, step: Any) -> None:
    """Picture the page when the step has brought the browser to another page of the service.

    A step that only sets the browser up (a phone-sized screen) leaves it on no page yet.
    """
    page = _page(request)
    album = album_for(request.node)
    if page is None or album is None or page.url == "about:blank":
        return
    if page.url != album.last_url:
        album.take(page, page_path(page.url))


def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Any) -> None:
    """Record the page the step failed on, and picture it as it was."""
    page = _page(request)
    if page is None or page.is_closed():
        return
    request.node.user_properties.append(("page", page_path(page.url)))
    album = album_for(request.node)
    if album is not None:
        album.take(page, "failed")


def _page(request: pytest.FixtureRequest) -> Page | None:
    """The scenario's browser page, when a step has opened one."""
    if "page" not in request.fixturenames:
        return None
    page = request.getfixturevalue("page")
    return page if isinstance(page, Page) else None
