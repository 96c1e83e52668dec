"""Screenshots of each page of a service's journey in Chromium, as a participant first sees it.

The service is served on 127.0.0.1 in a thread (`LiveServer`: not in research mode, with a
throwaway SQLite database in a temporary folder, so no research data is touched) and walked
in one browser page with sample answers (`mvpkit.journeys.walk`): as few routes as reach
every page, each page pictured the first time it shows, before anything is entered. Each
picture is a PNG of the screen (the viewport, not the whole page) at one pixel a CSS pixel.
Each page load has a time limit, and the whole walk a deadline.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from mvpkit.definition.model import CHECK_ANSWERS, Service
from mvpkit.journeys.walk import Walk, walks
from mvpkit.patterns.research.playback import CONFIRMATION, START_PAGE
from mvpkit.patterns.research.playback_pages import VIEWPORTS, PageShot, journey_pages

if TYPE_CHECKING:
    from playwright.sync_api import Page

PAGE_TIMEOUT_MS = 10_000  # each page load, click and wait
DEADLINE_SECONDS = 180.0  # the whole walk, from launching the browser


class NoPicturesError(Exception):
    """No screenshots here (no Chromium, Playwright or assets): the message says why."""


class _DeadlineError(Exception):
    """The deadline has passed."""


@dataclass
class Pictures:
    """The screenshots taken, by page id, what stopped any route, and how long it all took."""

    shots: dict[str, bytes] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def of(self, service: Service) -> list[PageShot]:
        """Each page of the journey, in order, with its picture if it was taken."""
        return [
            PageShot(page, title, self.shots.get(page)) for page, title in journey_pages(service)
        ]

    @property
    def size(self) -> int:
        """The PNGs' size in bytes, all together."""
        return sum(len(png) for png in self.shots.values())


def take_pictures(
    service_dir: Path,
    service: Service,
    device: str,
    deadline_seconds: float = DEADLINE_SECONDS,
    say: Callable[[str], None] | None = None,
) -> Pictures:
    """Walk the service in Chromium on this class of device, picturing each page once.

    Raises NoPicturesError when no Chromium or no Playwright can be found, or GOV.UK
    Frontend's assets cannot be built (`say` hears of a build before it starts).
    """
    from mvpkit.frontend.asset_build import build_assets
    from mvpkit.frontend.assets import AssetsError
    from mvpkit.testing.browsers import BrowserNotFoundError, launch_args

    try:
        import playwright.sync_api  # noqa: F401 - only whether it is there
    except ImportError as exc:
        raise NoPicturesError(
            "Playwright is not installed: install mvpkit with its testing extras."
        ) from exc
    try:
        launch = launch_args(headless=True)
    except BrowserNotFoundError as exc:
        raise NoPicturesError(str(exc)) from exc
    try:
        build_assets(say=say)
    except AssetsError as exc:
        raise NoPicturesError(str(exc)) from exc
    if not service.pages:
        return Pictures(problems=["This service has no journey of its own to picture."])
    started = time.monotonic()
    # Its own thread: Playwright's sync API refuses a thread with an asyncio loop running.
    with ThreadPoolExecutor(1, thread_name_prefix="mvpkit-pictures") as worker:
        walk = worker.submit(
            _in_chromium, service_dir, service, device, launch, started + deadline_seconds
        )
        pictures = walk.result()
    pictures.seconds = time.monotonic() - started
    return pictures


def _in_chromium(
    service_dir: Path, service: Service, device: str, launch: dict[str, str], deadline: float
) -> Pictures:
    """Serve the service, launch Chromium and walk every page, picturing each."""
    from playwright.sync_api import Error, sync_playwright

    from mvpkit.testing.live_server import LiveServer

    pictures = Pictures()
    width, height = VIEWPORTS[device]
    touch = device != "desktop"
    with _quiet_requests(), LiveServer(service_dir) as server, sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=launch.get("executable_path"), timeout=PAGE_TIMEOUT_MS * 3
            )
        except Error as exc:
            raise NoPicturesError(f"Chromium did not start: {_first_line(exc)}") from exc
        try:
            context = browser.new_context(
                viewport={"width": width, "height": height},
                device_scale_factor=1,
                is_mobile=touch,
                has_touch=touch,
                reduced_motion="reduce",
            )
            page = context.new_page()
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            page.set_default_navigation_timeout(PAGE_TIMEOUT_MS)
            _walk_every_page(page, server.url, service, pictures, deadline)
        finally:
            browser.close()
    return pictures


@contextmanager
def _quiet_requests() -> Iterator[None]:
    """No line on the terminal for each request the walk makes."""
    log = logging.getLogger("werkzeug")
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        log.setLevel(level)


def _first_line(error: Exception) -> str:
    """The first line of an error's message (Playwright's go on with a call log)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def route_pages(walk: Walk) -> set[str]:
    """The pages a route shows, as the funnel knows them."""
    pages = {START_PAGE, *(step.page.id for step in walk.steps)}
    return pages | {CHECK_ANSWERS, CONFIRMATION} if walk.end == CHECK_ANSWERS else pages


def covering(routes: Sequence[Walk]) -> list[Walk]:
    """As few routes as show every page any of them shows: each next the one showing most."""
    left = set().union(*(route_pages(walk) for walk in routes))
    chosen: list[Walk] = []
    while left:
        best = max(routes, key=lambda walk: len(route_pages(walk) & left))
        chosen.append(best)
        left -= route_pages(best)
    return chosen


def _walk_every_page(
    page: Page, base_url: str, service: Service, pictures: Pictures, deadline: float
) -> None:
    """Take the covering routes in turn, each from a clean session, until all are pictured."""
    from playwright.sync_api import Error

    for walk in covering(walks(service)):
        if route_pages(walk) <= pictures.shots.keys():
            continue
        try:
            _take_route(page, base_url, walk, pictures.shots, deadline)
        except _DeadlineError:
            pictures.problems.append(
                "The walk stopped at its deadline: the pages not pictured were not reached."
            )
            return
        except Error as exc:
            pictures.problems.append(
                f"The route {walk.name} stopped at {urlsplit(page.url).path}: {_first_line(exc)}"
            )


def _take_route(
    page: Page, base_url: str, walk: Walk, shots: dict[str, bytes], deadline: float
) -> None:
    """One route from the start page, picturing each page not pictured before."""
    from mvpkit.testing.generated import answer  # the release gate's way of answering

    page.context.clear_cookies()  # a clean session: no answers from the route before
    page.goto(f"{base_url}/")
    _picture(page, START_PAGE, shots, deadline)
    page.get_by_role("button", name="Start now").click()
    for step in walk.steps:
        if route_pages(walk) <= shots.keys():
            return  # nothing new further along
        page.wait_for_url(_at(step.page.id))
        _picture(page, step.page.id, shots, deadline)
        if step.page.is_exit:
            return
        answer(page, step)
        page.get_by_role("button", name="Continue").click()
    if route_pages(walk) <= shots.keys():
        return
    page.wait_for_url(_at(CHECK_ANSWERS))
    _picture(page, CHECK_ANSWERS, shots, deadline)
    page.get_by_role("button", name="Accept and send").click()
    page.wait_for_url(_at(CONFIRMATION))
    _picture(page, CONFIRMATION, shots, deadline)


def _at(page_id: str) -> re.Pattern[str]:
    """The address of a journey page, with or without a query."""
    return re.compile(rf"/{re.escape(page_id)}(\?[^/]*)?$")


def _picture(page: Page, page_id: str, shots: dict[str, bytes], deadline: float) -> None:
    """A PNG of the screen as it is now, unless the page has one; fails past the deadline."""
    if time.monotonic() > deadline:
        raise _DeadlineError
    if page_id in shots:
        return
    page.evaluate("document.fonts.ready.then(() => true)")
    shots[page_id] = page.screenshot(type="png", animations="disabled", caret="hide")
