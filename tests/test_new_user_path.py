"""A new colleague's first hour, on a fresh copy of the repository with an empty home folder.

The README's first command, then `mvpkit new`, an edit of `service.yaml` that adds a question
with a `pattern`, `mvpkit features draft`, the baked service's own tests and `mvpkit check`:
each step as the docs give it, with nothing known from outside them. Only pip's and npm's
download caches are shared with this machine, so that the test does not download the world.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import urllib.request
from pathlib import Path

import pytest

from mvpkit.gate.server import wait_for
from mvpkit.testing.browsers import find_chromium
from tests.conftest import ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.long,
    pytest.mark.browser,
    pytest.mark.skipif(not find_chromium(), reason="no system Chromium (.ci/run installs it)"),
    pytest.mark.skipif(shutil.which("git") is None, reason="copies the repository with git"),
    pytest.mark.skipif(
        shutil.which("npm") is None, reason="the first serve fetches GOV.UK Frontend"
    ),
]

LOAD_SECONDS = 5  # the gate's load stage: `mvpkit check --seconds`
README_PORT = 8000  # the address the README's first command serves on
INSTALL_TIMEOUT = 900
NAME = "Garden waste subscription"
BIN_NUMBER_PAGE = """\
  - id: bin-number
    title: What is the number on your green bin?
    type: text
    summary: Bin number
    hint: The 8 digits on the sticker on its lid
    pattern: "^[0-9]{8}$"
    errors:
      required: Enter the number on your green bin
      pattern: Enter the 8 digits on the sticker on your green bin's lid

"""


def readme_command(number: int) -> str:
    """The README's first (1) or second (2) command, as a new colleague copies it."""
    commands = re.findall(r"^`([^`\n]+)`$", (ROOT / "README.md").read_text(), re.MULTILINE)
    return str(commands[number - 1])


def fresh_copy(destination: Path) -> Path:
    """Every file the repository tracks, as a clone has them, and nothing else."""
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, (entry.decode() for entry in tracked)):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    return destination


def shared_cache(*parts: str) -> str:
    """A download cache of this machine's real home folder."""
    return str(Path.home().joinpath(*parts))


@pytest.fixture(scope="module")
def newcomer(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh copy of the repository, and the environment of someone with an empty home."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", README_PORT)) == 0:
            pytest.fail(f"Stop what serves on port {README_PORT}: the README command needs it")
    work = tmp_path_factory.mktemp("newcomer")
    home = work / "home"
    home.mkdir()
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("MVPKIT_", "XDG_", "VIRTUAL_ENV", "PYTHON", "PYTEST", "NOX"))
    }
    env.update(
        HOME=str(home),
        PIP_CACHE_DIR=shared_cache(".cache", "pip"),
        npm_config_cache=shared_cache(".npm"),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    return fresh_copy(work / "mvpkit"), env


def run(command: str, cwd: Path, env: dict[str, str], timeout: float = 600) -> str:
    """Run a shell command as typed; fail with its output if it fails."""
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"`{command}` failed:\n{output[-4000:]}"
    return output


def test_a_new_colleague_goes_from_the_readme_to_a_passing_release_check(
    newcomer: tuple[Path, dict[str, str]],
) -> None:
    repo, env = newcomer
    log = repo / "first-serve.log"

    # 1. The README's first command installs the kit and serves the exemplars.
    with log.open("wb") as output:
        serving = subprocess.Popen(
            ["bash", "-c", readme_command(1)],
            cwd=repo,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        up = wait_for(f"http://127.0.0.1:{README_PORT}/", serving, timeout=INSTALL_TIMEOUT)
        assert up, "the README's first command did not serve:\n" + log.read_text()[-4000:]
        with urllib.request.urlopen(f"http://127.0.0.1:{README_PORT}/report-a-fault/") as page:
            assert page.status == 200
    finally:
        os.killpg(serving.pid, signal.SIGTERM)
        serving.wait(30)
    said = log.read_text()
    assert "Fetching GOV.UK Frontend" in said, "the first serve built the assets silently"
    mvpkit = shlex.quote(str(repo / ".venv" / "bin" / "mvpkit"))

    # 2. Bake a new service, as the README shows.
    run(f'{mvpkit} new "{NAME}" -o services --no-input', repo, env)
    service = repo / "services" / "garden-waste-subscription"
    definition = service / "service.yaml"

    # 3. Add a question whose answer must match a pattern, before the start date question.
    text = definition.read_text()
    assert "  - id: start-date\n" in text
    definition.write_text(
        text.replace("  - id: start-date\n", BIN_NUMBER_PAGE + "  - id: start-date\n")
    )
    assert "no problems found" in run(f"{mvpkit} validate {service}", repo, env)

    # 4. Draft a feature for each route, for the researcher to finish.
    drafted = run(f"{mvpkit} features draft {service}", repo, env)
    assert "Wrote" in drafted
    features = sorted((service / "features").glob("*.feature"))
    assert any("What is the number on your green bin?" in f.read_text() for f in features)

    # 5. The baked service's own tests stay green after the edit.
    python = shlex.quote(str(repo / ".venv" / "bin" / "python"))
    run(f"{python} -m pytest -q -p no:cacheprovider", service, env)

    # 6. The release check passes, every stage (5 seconds of load, as the exemplars' gates).
    report = repo / "report"
    command = f"{mvpkit} check {service} --seconds {LOAD_SECONDS} --report {report}"
    checked = run(command, repo, env, timeout=900)
    summary = json.loads((report / "summary.json").read_text())
    assert summary["passed"] is True, checked
    assert [stage["name"] for stage in summary["stages"] if stage["passed"]] == [
        "validate",
        "features",
        "accessibility",
        "load",
    ], checked
    assert (report / "index.html").is_file()
