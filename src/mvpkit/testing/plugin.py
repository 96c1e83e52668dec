"""The pytest plugin (entry point `pytest11: mvpkit`): live server, browser, GOV.UK steps."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from mvpkit.testing.live_server import Listener, LiveServer, migrated_database
from mvpkit.testing.screenshots import page_path

HAS_TIME_MACHINE = importlib.util.find_spec("time_machine") is not None
HAS_BROWSER_TOOLS = all(
    importlib.util.find_spec(name) is not None
    for name in ("playwright", "pytest_playwright", "pytest_bdd")
)


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--mvpkit-service PATH` or the ini option `mvpkit_service`: the service under test."""
    parser.addoption("--mvpkit-service", default=None, help="The service folder to test.")
    parser.addini("mvpkit_service", "The service folder to test, relative to the rootdir.")
    parser.addoption(
        "--mvpkit-features",
        action="store_true",
        help="Run every .feature file found, with no test module of its own.",
    )


def pytest_configure(config: pytest.Config) -> None:
    """With pytest-bdd and Playwright there: the GOV.UK steps, the scenario record, the runs."""
    if HAS_BROWSER_TOOLS and not config.pluginmanager.has_plugin("mvpkit.testing.steps"):
        from mvpkit.testing import scenario_record, steps

        config.pluginmanager.register(steps, "mvpkit.testing.steps")
        config.pluginmanager.register(scenario_record, "mvpkit.testing.scenario_record")
    if HAS_BROWSER_TOOLS and not config.pluginmanager.has_plugin("mvpkit.feature_runs"):
        from mvpkit.testing.feature_runs import FeatureRuns

        config.pluginmanager.register(FeatureRuns(config), "mvpkit.feature_runs")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A failed browser test names, in its JUnit record, the path of the page it was on."""
    report = yield
    page = getattr(item, "funcargs", {}).get("page")
    if report.when == "call" and report.failed and page is not None and not page.is_closed():
        item.user_properties.append(("page", page_path(page.url)))
    return report


@pytest.fixture(scope="session")
def mvpkit_service_dir(pytestconfig: pytest.Config) -> Path:
    """The service under test: override this fixture, or set `mvpkit_service`."""
    named = (
        pytestconfig.getoption("--mvpkit-service")
        or os.environ.get("MVPKIT_SERVICE")
        or pytestconfig.getini("mvpkit_service")
    )
    if not named:
        pytest.fail(
            "Name the service to test: set `mvpkit_service` in the pytest configuration, "
            "pass --mvpkit-service, or override the mvpkit_service_dir fixture."
        )
    return (Path(str(pytestconfig.rootpath)) / str(named)).resolve()


@pytest.fixture(autouse=True)
def mvpkit_clock() -> Iterator[datetime | None]:
    """Every test starts at one known moment (see `mvpkit.testing.clock`), the clock ticking.

    A test that needs another moment travels there itself with `frozen_clock(moment)`.
    """
    if not HAS_TIME_MACHINE:
        yield None
        return
    from mvpkit.testing.clock import frozen_clock

    with frozen_clock() as moment:
        yield moment


@pytest.fixture(scope="session")
def mvpkit_listener() -> Iterator[Listener]:
    """The one server of the run on 127.0.0.1: each test's `live_server` is served on it."""
    listener = Listener().start()
    yield listener
    listener.stop()


@pytest.fixture(scope="session")
def mvpkit_migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database with every migration applied, copied for each test's server."""
    return migrated_database(tmp_path_factory.mktemp("mvpkit-migrated") / "migrated.sqlite3")


@pytest.fixture
def live_server(
    mvpkit_service_dir: Path, mvpkit_listener: Listener, mvpkit_migrated_database: Path
) -> Iterator[LiveServer]:
    """The service over real HTTP on 127.0.0.1, with a fresh temporary database."""
    with LiveServer(
        mvpkit_service_dir, listener=mvpkit_listener, migrated=mvpkit_migrated_database
    ) as server:
        yield server


if HAS_BROWSER_TOOLS:

    @pytest.fixture(scope="session")
    def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
        """Launch the Chromium mvpkit finds (system first, its headless shell when headless)."""
        from mvpkit.testing.browsers import BrowserNotFoundError, launch_args

        try:
            headless = bool(browser_type_launch_args.get("headless", True))
            return {**browser_type_launch_args, **launch_args(headless)}
        except BrowserNotFoundError as exc:
            pytest.fail(str(exc), pytrace=False)
