"""A round of research in a real browser, served by `mvpkit research` as a researcher runs it.

Two participants on one device (the second sees nothing of the first), a scenario, an
error, a note, a finding, a reset, the findings exported and run by `mvpkit check`, then a
second round served beside the first. The password page and the research pages pass axe.
Set MVPKIT_DOCS_SCREENSHOTS to a folder to keep the screenshots `docs/research.md` shows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from mvpkit.gate.server import free_port, start, stop
from mvpkit.testing.axe import assert_accessible
from mvpkit.testing.browsers import find_chromium
from tests.conftest import EXEMPLAR

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not find_chromium(), reason="no system Chromium (.ci/run installs it)"),
]
SLUG = EXEMPLAR.name
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
}
SHOTS = os.environ.get("MVPKIT_DOCS_SCREENSHOTS", "")


def mvpkit(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "mvpkit.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "MVPKIT_ENV": "development"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


class Prototype:
    """`mvpkit research` on a folder of services, restartable, on a port of its own."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "mvpkit.cli", "research", str(self.folder)]
        self.process = start(
            [*command, "--port", str(self.port)],
            {**os.environ, "MVPKIT_ENV": "development"},
            self.folder.parent / "research.log",
            f"{self.url}/health",
        )

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None


@pytest.fixture
def prototype(tmp_path: Path) -> Iterator[Prototype]:
    folder = tmp_path / "services"
    shutil.copytree(EXEMPLAR, folder / SLUG, ignore=shutil.ignore_patterns("instance"))
    served = Prototype(folder)
    mvpkit(
        "research", "password", "add", "lab", "--researcher", "--path", str(folder), cwd=tmp_path
    )
    yield served
    served.stop()


def shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"research-{name}.png"))


def sign_in(page: Page, password: str) -> None:
    expect(page.get_by_role("heading", name="This is a prototype")).to_be_visible()
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Continue").click()


def test_a_round_of_research_from_password_to_exported_features(
    browser: Browser, prototype: Prototype, tmp_path: Path
) -> None:
    folder = prototype.folder
    researcher_password = mvpkit(
        "research", "password", "add", "desk", "--researcher", "--path", str(folder), cwd=tmp_path
    ).strip()
    participant_password = mvpkit(
        "research", "password", "add", "Tuesday sessions", "--path", str(folder), cwd=tmp_path
    ).strip()
    prototype.start()
    desk: BrowserContext = browser.new_context(viewport={"width": 1000, "height": 900})
    phone: BrowserContext = browser.new_context(**PHONE)
    researcher = desk.new_page()

    # The researcher: the password page, then the round's page, a participant with a scenario.
    researcher.goto(f"{prototype.url}/{SLUG}/research/")
    assert_accessible(researcher)
    shot(researcher, "password")
    sign_in(researcher, researcher_password)
    expect(researcher.get_by_role("heading", name="Research sessions: round 1")).to_be_visible()
    assert_accessible(researcher)
    researcher.get_by_label("Has chosen to report a street light").check()
    researcher.get_by_role("button", name="Add a participant").click()
    expect(researcher.get_by_role("heading", name="Participant P01")).to_be_visible()
    assert_accessible(researcher)
    shot(researcher, "participant")
    first_link = researcher.locator("#start-link").get_attribute("href")
    assert first_link
    assert first_link.startswith(f"{prototype.url}/{SLUG}/research/start/")

    # P01 on a phone: the password, then the journey with the scenario's answer given.
    device = phone.new_page()
    device.goto(first_link)
    sign_in(device, participant_password)
    expect(
        device.get_by_text("This is a prototype. Do not enter real personal details.")
    ).to_be_visible()
    device.get_by_role("button", name="Start now").click()
    expect(device.get_by_label("A street light problem")).to_be_checked()
    device.get_by_role("button", name="Continue").click()
    device.get_by_role("button", name="Continue").click()  # nothing chosen: an error
    expect(device.get_by_role("alert")).to_contain_text(
        "Select what is wrong with the street light"
    )
    device.get_by_label("It is not working").check()
    device.get_by_role("button", name="Continue").click()
    device.get_by_label("Where is the street light?").fill("Outside 14 Mill Lane")

    # The researcher notes it, and makes a finding of the error.
    researcher.reload()
    researcher.get_by_label("Note").fill("Looked for a map to show where the light is")
    researcher.get_by_role("button", name="Add note").click()
    expect(researcher.locator("#timeline")).to_contain_text("Was shown an error")
    expect(researcher.locator("#timeline")).to_contain_text("Looked for a map")
    expect(researcher.locator("#timeline")).to_contain_text("phone")
    researcher.locator("#timeline").scroll_into_view_if_needed()
    shot(researcher, "timeline")
    researcher.get_by_role("link", name="Make a finding from this error").click()
    assert_accessible(researcher)
    researcher.get_by_label("Finding").fill("Continued without choosing what was wrong")
    researcher.get_by_label("User need").fill(
        "As a resident reporting from the street, I need to see what to choose "
        "so that I can carry on"
    )
    researcher.get_by_role("button", name="Make the finding").click()
    made = researcher.get_by_text("Continued without choosing what was wrong", exact=True)
    expect(made).to_be_visible()

    # A reset, then the next participant on the same phone: nothing of P01 is there.
    researcher.goto(f"{prototype.url}/{SLUG}/research/participants/P01")
    researcher.get_by_role("button", name="Reset P01").click()
    expect(researcher.get_by_text("P01 is reset")).to_be_visible()
    researcher.get_by_role("button", name="Next participant").click()
    expect(researcher.get_by_role("heading", name="Participant P02")).to_be_visible()
    second_link = researcher.locator("#start-link").get_attribute("href")
    assert second_link
    device.goto(second_link)
    device.get_by_role("button", name="Start now").click()
    expect(device.get_by_label("A street light problem")).not_to_be_checked()
    device.goto(f"{prototype.url}/{SLUG}/light-location")  # not reached: back to the first page
    expect(device.get_by_role("heading", name="What do you want to report?")).to_be_visible()
    expect(device.locator("textarea")).to_have_count(0)
    researcher.goto(f"{prototype.url}/{SLUG}/research/round")
    assert_accessible(researcher)
    shot(researcher, "playback")

    # The findings, exported as a feature that the release gate runs.
    prototype.stop()
    mvpkit("research", "findings", "export", str(folder), cwd=tmp_path)
    feature = (folder / SLUG / "features" / "research-round-1.feature").read_text()
    assert "@round_1 @participant_P01" in feature
    assert "I need to see what to choose" in feature
    report = tmp_path / "gate"
    mvpkit(
        "check",
        str(folder / SLUG),
        "--stages",
        "features",
        "--report",
        str(report),
        cwd=tmp_path,
    )

    # Round 2, changed, served beside round 1, whose participants stay with it.
    mvpkit("research", "round", "start", "1", "--path", str(folder), cwd=tmp_path)
    definition = folder / SLUG / "service.yaml"
    definition.write_text(
        definition.read_text().replace("What do you want to report?", "What is the problem?")
    )
    mvpkit("research", "round", "start", "2", "--path", str(folder), cwd=tmp_path)
    prototype.start()
    researcher.goto(f"{prototype.url}/round-1/{SLUG}/research/")  # still signed in
    expect(researcher.get_by_role("heading", name="Research sessions: round 1")).to_be_visible()
    expect(researcher.get_by_role("link", name="P02")).to_be_visible()
    researcher.goto(f"{prototype.url}/{SLUG}/research/")
    expect(researcher.get_by_role("heading", name="Research sessions: round 2")).to_be_visible()
    expect(researcher.get_by_text("No participants yet.")).to_be_visible()
    researcher.goto(f"{prototype.url}/round-1/{SLUG}/problem-type")
    expect(researcher.get_by_role("heading", name="What do you want to report?")).to_be_visible()
    researcher.goto(f"{prototype.url}/{SLUG}/problem-type")
    expect(researcher.get_by_role("heading", name="What is the problem?")).to_be_visible()
    desk.close()
    phone.close()
