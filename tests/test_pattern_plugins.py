"""A pattern from outside the kit: installed, found through its entry point, and served.

`tests/plugin_package` holds an installed package (its code and its dist-info), as pip would
leave it: on the path, it adds a `greeting:` section, a page and a `colour` question kind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from mvpkit.gate.server import free_port

PACKAGE = Path(__file__).parent / "plugin_package"
SERVICE = """\
name: Say hello
greeting:
  words: Hello from a pattern the kit does not ship
pages:
  - id: favourite
    title: What is your favourite colour?
    type: colour
"""


def _with_package() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(PACKAGE), *sys.path])}


def _validate(folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mvpkit.cli", "validate", str(folder)]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_without_the_package_its_section_and_kind_are_unknown(tmp_path: Path) -> None:
    (tmp_path / "service.yaml").write_text(SERVICE, encoding="utf-8")
    result = _validate(tmp_path, {**os.environ})
    assert result.returncode != 0
    assert "greeting" in result.stdout + result.stderr
    assert "type 'colour', which is not a question type" in result.stdout + result.stderr


@pytest.mark.slow
def test_installed_it_is_found_checked_and_served(tmp_path: Path) -> None:
    folder = tmp_path / "say-hello"
    folder.mkdir()
    (folder / "service.yaml").write_text(SERVICE, encoding="utf-8")
    env = _with_package()
    assert _validate(folder, env).returncode == 0
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    env.update(
        MVPKIT_ENV="development",
        MVPKIT_DATABASE_URL=f"sqlite:///{tmp_path / 'served.sqlite3'}",
        MVPKIT_SECRET_KEY="pattern-plugin-test-secret-key-long-enough",
    )
    command = [sys.executable, "-m", "mvpkit.cli", "serve", str(folder), "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/say-hello"
        _wait_for(f"http://127.0.0.1:{port}/health", process, tmp_path / "serve.log")
        with urllib.request.urlopen(f"{base}/greeting/", timeout=10) as answer:
            assert answer.read().decode() == "Hello from a pattern the kit does not ship"
        with urllib.request.urlopen(f"{base}/favourite", timeout=10) as answer:
            page = answer.read().decode()
        assert 'value="green"' in page
        assert "What is your favourite colour?" in page
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
        log.close()


def _wait_for(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(log.read_text())
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail("the server did not start within 60 seconds")
