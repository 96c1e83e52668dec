"""`mvpkit research report`: a round's playback as one file, with each page pictured.

Three participants go through a copy of report-a-fault, served as a prototype, by
different routes (two on phones, one on a desktop); the command then writes the round's
report. In Chromium, each page of the journey is pictured on a phone as a PNG inside the
file; without a Chromium the report is written without those pictures.
"""

from __future__ import annotations

import base64
import shutil
import struct
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select

from mvpkit.cli import main
from mvpkit.definition.loader import load_service
from mvpkit.patterns.research.models import ResearchEvent
from mvpkit.patterns.research.playback import Playback, Stop
from mvpkit.patterns.research.playback_pages import journey_pages, most_used_device
from mvpkit.store.database import connect
from mvpkit.store.models import Submission
from mvpkit.testing import browsers
from tests.conftest import EXEMPLAR
from tests.research_support import (
    FAULT,
    dispose,
    new_participant,
    serve_prototype,
    signed_in,
)
from tests.support import Page

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1"
DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0"
PNG = b"\x89PNG\r\n\x1a\n"
SECTION = "Pages as participants saw them"
OTHER_SECTIONS = (
    "Funnel",
    "Journey map",
    "Errors shown most",
    "Time on page",
    "Where participants stopped",
    "Participants' timelines",
)
# Each route: (page, the forms sent from it, the last one moving on); an empty list follows
# the page's link to the next page. The last page is where the participant stopped.
ROUTES: dict[str, tuple[str, list[tuple[str, list[dict[str, str]]]]]] = {
    "P01": (
        PHONE,
        [
            ("start", []),
            ("problem-type", [{}, {"problem-type": "street-light"}]),
            ("light-problem", [{"light-problem": "flickering"}]),
            ("light-location", [{"light-location": "Outside 12 Acacia Avenue"}]),
            ("description", [{"description": ""}]),
            ("updates", [{"updates": "yes"}]),
            ("email", [{"email": "sam@example.com"}]),
            ("name", [{"name": ""}]),
            ("check-answers", [{}]),
            ("confirmation", []),
        ],
    ),
    "P02": (
        PHONE,
        [
            ("start", []),
            ("problem-type", [{"problem-type": "drain"}]),
            ("drain-problem", [{"drain-problem": "blocked"}]),
            ("drain-location", []),
        ],
    ),
    "P03": (
        DESKTOP,
        [
            ("start", []),
            ("problem-type", [{"problem-type": "something-else"}]),
            ("report-elsewhere", []),
        ],
    ),
}


def _walk(app: Any, link: str, user_agent: str, steps: list[tuple[str, list[Any]]]) -> None:
    """One participant's route, from their start link."""
    device = signed_in(app, "participant-password-1", user_agent)
    assert device.client.get(link).location == f"{FAULT}/"
    device.get(f"{FAULT}/")
    for index, (page, forms) in enumerate(steps[:-1]):
        following = f"{FAULT}/{steps[index + 1][0]}"
        if not forms:
            device.get(following)
            continue
        for form in forms:
            response = device.submit(data=form)
        assert response.location == following, (page, Page(response).error_summary)
        device.get(following)


@pytest.fixture
def played(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of report-a-fault whose research database holds the three routes of round 1."""
    monkeypatch.delenv("MVPKIT_RESEARCH_DATABASE_URL", raising=False)
    service = tmp_path / EXEMPLAR.name
    shutil.copytree(EXEMPLAR, service, ignore=shutil.ignore_patterns("instance", "research"))
    (service / "research").mkdir()
    url = f"sqlite:///{service / 'research' / 'research.sqlite3'}"
    app, db = serve_prototype(url, [service])
    try:
        researcher = signed_in(app, "researcher-password-lab")
        links = dict(new_participant(researcher) for _ in ROUTES)
        for code, (user_agent, steps) in ROUTES.items():
            _walk(app, links[code], user_agent, steps)
    finally:
        dispose(app, db)
    return service


def _report(*args: str) -> Result:
    return CliRunner().invoke(main, ["research", "report", *args], catch_exceptions=False)


def _parse(html: str) -> ET.Element:
    """The report as XML: it is well formed, so any browser reads it the same."""
    return ET.fromstring(html.removeprefix("<!DOCTYPE html>\n"))  # noqa: S314 - our own


def _headings(root: ET.Element) -> list[str]:
    return ["".join(h2.itertext()) for h2 in root.iter("h2")]


def _counts(db_url: str) -> tuple[int, int]:
    """The research database's events and submissions."""
    db = connect(db_url)
    try:
        with db.reads() as session:
            events = session.scalar(select(func.count()).select_from(ResearchEvent))
            sent = session.scalar(select(func.count()).select_from(Submission))
    finally:
        db.dispose()
    return events or 0, sent or 0


def _no_chromium(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browsers, "find_chromium", lambda headless=False: None)
    monkeypatch.setattr(browsers, "playwright_has_chromium", lambda: False)


def test_without_chromium_the_report_is_written_without_the_pictures(
    played: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_chromium(monkeypatch)
    result = _report(str(played))
    assert result.exit_code == 0, result.output
    assert "No Chromium was found" in result.stderr
    written = played / "research" / "round-1-playback.html"
    assert f"Wrote {written}" in result.stdout
    html = written.read_text(encoding="utf-8")
    assert "<img" not in html
    assert "<script" not in html.lower()
    headings = _headings(_parse(html))
    assert SECTION not in headings
    assert [name for name in OTHER_SECTIONS if name not in headings] == []


def test_a_frozen_round_is_reported_with_its_own_pages(
    played: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _no_chromium(monkeypatch)
    frozen = CliRunner().invoke(main, ["research", "round", "start", "1", "--path", str(played)])
    assert frozen.exit_code == 0, frozen.output
    definition = played / "service.yaml"
    text = definition.read_text(encoding="utf-8")
    definition.write_text(text.replace("What do you want to report?", "Changed since"))
    output = tmp_path / "out" / "playback.html"
    result = _report(str(played), "--round", "1", "--output", str(output))
    assert result.exit_code == 0, result.output
    html = output.read_text(encoding="utf-8")
    assert "What do you want to report?" in html
    assert "Changed since" not in html
    later = _report(str(played), "--round", "2")
    assert later.exit_code == 1
    assert "Round 2 has not started" in later.output


def test_the_device_pictured_is_the_one_most_participants_used() -> None:
    def used(*devices: str | None) -> str:
        stops = [Stop(n, f"P{n:02d}", None, device, False) for n, device in enumerate(devices)]
        return most_used_device(Playback("s", 1, [], {}, [], [], stops))

    assert used("tablet", "desktop", "tablet") == "tablet"
    assert used("desktop", None, None) == "desktop"
    assert used(None) == "phone"
    assert used("desktop", "phone") == "phone"  # a tie: the phone, most residents' device


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(not browsers.find_chromium(), reason="no system Chromium (.ci/run installs it)")
def test_each_page_is_pictured_on_the_device_most_participants_used(played: Path) -> None:
    db_url = f"sqlite:///{played / 'research' / 'research.sqlite3'}"
    before = _counts(db_url)
    result = _report(str(played))
    assert result.exit_code == 0, result.output
    assert "Pictured 13 pages of report-a-fault on a phone" in result.stderr
    assert _counts(db_url) == before  # the walk sent nothing to the research database
    html = (played / "research" / "round-1-playback.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    root = _parse(html)
    headings = _headings(root)
    assert [name for name in (*OTHER_SECTIONS, SECTION) if name not in headings] == []
    figures = {
        img.get("alt"): (img.get("src", ""), "".join(figure.itertext()))
        for figure in root.iter("figure")
        for img in figure.iter("img")
    }
    pages = journey_pages(load_service(played))
    assert len(figures) == len(pages) == 13
    reached = {page: 0 for page, _title in pages}
    for _agent, steps in ROUTES.values():
        for page, _forms in steps:
            reached[page] += 1
    for page, title in pages:
        src, caption = figures[f"Screenshot of the page '{title}' on a phone"]
        png = base64.b64decode(src.removeprefix("data:image/png;base64,"), validate=True)
        assert png.startswith(PNG), page
        assert struct.unpack(">II", png[16:24]) == (390, 844), page  # the screen, not the page
        assert f"Participants who reached it: {reached[page]} of 3." in caption, page
