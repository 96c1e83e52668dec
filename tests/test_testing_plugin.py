"""mvpkit's pytest plugin: the browser finder, the live server and the axe helper."""

from __future__ import annotations

import json
import os
import stat
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from mvpkit.testing import browsers
from mvpkit.testing.browsers import BrowserNotFoundError, find_chromium, launch_args
from mvpkit.testing.live_server import Listener, LiveServer, migrated_database
from tests.conftest import EXEMPLAR


def executable(path: Path) -> Path:
    """An empty executable file."""
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def test_mvpkit_chromium_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    named = executable(tmp_path / "my-chromium")
    monkeypatch.setenv("MVPKIT_CHROMIUM", str(named))
    assert find_chromium() == str(named)


def test_a_wrong_mvpkit_chromium_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MVPKIT_CHROMIUM", str(tmp_path / "missing"))
    with pytest.raises(BrowserNotFoundError, match="not an executable"):
        find_chromium()


def test_system_chromium_is_found_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MVPKIT_CHROMIUM", raising=False)
    second = executable(tmp_path / "chrome")
    monkeypatch.setattr(browsers, "HEADLESS_SHELLS", ())
    monkeypatch.setattr(browsers, "SYSTEM_CHROMIUMS", (str(tmp_path / "none"), str(second)))
    assert find_chromium() == str(second)
    assert launch_args() == {"executable_path": str(second)}


def test_headless_runs_take_the_headless_shell_and_headed_ones_the_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MVPKIT_CHROMIUM", raising=False)
    shell = executable(tmp_path / "chromium-headless-shell")
    full = executable(tmp_path / "chromium")
    monkeypatch.setattr(browsers, "HEADLESS_SHELLS", (str(tmp_path / "none"), str(shell)))
    monkeypatch.setattr(browsers, "SYSTEM_CHROMIUMS", (str(full),))
    assert launch_args() == {"executable_path": str(shell)}
    assert launch_args(headless=False) == {"executable_path": str(full)}
    assert find_chromium() == str(full)


def test_without_a_headless_shell_headless_runs_take_the_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MVPKIT_CHROMIUM", raising=False)
    full = executable(tmp_path / "chromium")
    monkeypatch.setattr(browsers, "HEADLESS_SHELLS", (str(tmp_path / "none"),))
    monkeypatch.setattr(browsers, "SYSTEM_CHROMIUMS", (str(full),))
    assert launch_args() == {"executable_path": str(full)}


def test_no_chromium_anywhere_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MVPKIT_CHROMIUM", raising=False)
    monkeypatch.setattr(browsers, "HEADLESS_SHELLS", ())
    monkeypatch.setattr(browsers, "SYSTEM_CHROMIUMS", ())
    monkeypatch.setattr(browsers, "playwright_has_chromium", lambda: False)
    with pytest.raises(BrowserNotFoundError) as raised:
        launch_args()
    assert "apt-get install chromium" in str(raised.value)
    assert "python -m playwright install chromium" in str(raised.value)


def test_playwrights_own_chromium_is_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MVPKIT_CHROMIUM", raising=False)
    monkeypatch.setattr(browsers, "HEADLESS_SHELLS", ())
    monkeypatch.setattr(browsers, "SYSTEM_CHROMIUMS", ())
    monkeypatch.setattr(browsers, "playwright_has_chromium", lambda: True)
    assert launch_args() == {}


def test_live_server_serves_over_http_with_a_fresh_database() -> None:
    with LiveServer(EXEMPLAR) as server:
        assert server.url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{server.url}/health", timeout=5) as response:
            assert json.load(response) == {"status": "ok", "database": "ok"}
        database = Path(server.database_url.removeprefix("sqlite:///"))
        assert database.exists()
        assert EXEMPLAR not in database.parents
    assert not database.exists()


def _get(url: str) -> int:
    """The status an address answers with."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_one_listener_serves_each_test_in_turn_with_a_database_of_its_own(
    tmp_path: Path,
) -> None:
    migrated = migrated_database(tmp_path / "migrated.sqlite3")
    listener = Listener().start()
    try:
        with LiveServer(EXEMPLAR, listener=listener, migrated=migrated) as first:
            assert _get(f"{first.url}/health") == 200
            db = first.app.extensions["mvpkit"].db  # type: ignore[union-attr]
            with db.engine.begin() as connection:
                connection.execute(text("CREATE TABLE scribbled (x INTEGER)"))
        assert _get(f"{listener.url}/health") == 503  # nothing served between tests
        with LiveServer(EXEMPLAR, listener=listener, migrated=migrated) as second:
            assert second.url == first.url
            assert _get(f"{second.url}/health") == 200
            db = second.app.extensions["mvpkit"].db  # type: ignore[union-attr]
            with db.engine.connect() as connection:
                assert not inspect(connection).has_table("scribbled")
                assert inspect(connection).has_table("alembic_version")
    finally:
        listener.stop()
    assert not Path(first.database_url.removeprefix("sqlite:///")).exists()


needs_chromium = pytest.mark.skipif(
    not (os.environ.get("MVPKIT_CHROMIUM") or find_chromium()),
    reason="no system Chromium (.ci/run installs Debian's chromium)",
)


@pytest.mark.browser
@needs_chromium
def test_axe_lists_rule_impact_and_selector(page: object) -> None:
    from mvpkit.testing.axe import AccessibilityError, assert_accessible

    page.set_content(  # type: ignore[attr-defined]
        '<html lang="en"><head><title>Broken</title></head><body><main>'
        '<h1>Broken</h1><form><input type="text" id="where"></form></main></body></html>'
    )
    with pytest.raises(AccessibilityError) as raised:
        assert_accessible(page)  # type: ignore[arg-type]
    message = str(raised.value)
    assert "label (critical)" in message
    assert "#where" in message


@pytest.mark.browser
@needs_chromium
def test_the_exemplar_start_page_passes_axe(page: object) -> None:
    from mvpkit.testing.axe import assert_accessible

    with LiveServer(EXEMPLAR) as server:
        page.goto(f"{server.url}/")  # type: ignore[attr-defined]
        assert_accessible(page)  # type: ignore[arg-type]
