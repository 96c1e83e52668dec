"""A round's playback through the WSGI app `mvpkit research` serves, on each database.

Three participants go through report-a-fault at frozen times by different routes: one
sends, one stops early, one is shown errors and leaves by the exit page. Each figure of
the playback is then checked against what the test itself worked out from those routes.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import pairwise
from statistics import median
from typing import Any

import pytest
import time_machine
from sqlalchemy import func, select

from mvpkit.definition.loader import load_service
from mvpkit.patterns.research.models import ResearchEvent
from mvpkit.patterns.research.playback import round_playback
from mvpkit.store.database import Database
from tests.conftest import EXEMPLAR
from tests.research_support import (
    FAULT,
    dispose,
    new_participant,
    serve_prototype,
    signed_in,
)
from tests.support import Browser, Page

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1"
TABLET = "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)"
DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0"
SVG = "{http://www.w3.org/2000/svg}svg"
REQUIRED = "Select what you want to report"
# What each participant typed: none of it may reach the playback.
TYPED = ("Outside 12 Acacia Avenue", "Flickering all week", "sam@example.com", "Sam Jones")

# Each route: (page, seconds spent on it, the forms sent from it, the last one moving on).
# An empty form list follows the page's link to the next page; the last page is where the
# participant stopped.
Step = tuple[str, float, list[dict[str, str]]]
ROUTES: dict[str, tuple[str, list[Step]]] = {
    "P01": (
        PHONE,
        [
            ("start", 5, []),
            ("problem-type", 30, [{}, {"problem-type": "street-light"}]),
            ("light-problem", 15, [{"light-problem": "flickering"}]),
            ("light-location", 40, [{"light-location": TYPED[0]}]),
            ("description", 12, [{"description": TYPED[1]}]),
            ("updates", 8, [{"updates": "yes"}]),
            ("email", 20, [{"email": TYPED[2]}]),
            ("name", 6, [{"name": TYPED[3]}]),
            ("check-answers", 30, [{}]),
            ("confirmation", 0, []),
        ],
    ),
    "P02": (
        DESKTOP,
        [
            ("start", 3, []),
            ("problem-type", 25, [{"problem-type": "drain"}]),
            ("drain-problem", 50, [{"drain-problem": "blocked"}]),
            ("drain-location", 0, []),
        ],
    ),
    "P03": (
        TABLET,
        [
            ("start", 4, []),
            ("problem-type", 60, [{}, {}, {"problem-type": "something-else"}]),
            ("report-elsewhere", 0, []),
        ],
    ),
}
DEVICES = {"P01": "phone", "P02": "desktop", "P03": "tablet"}
NOTE = 'Said <b>"where is the map?"</b> & paused'


@pytest.fixture
def prototype(database_url: str) -> Iterator[tuple[Any, Database]]:
    """The report-a-fault service served as a prototype, with two passwords."""
    app, db = serve_prototype(database_url, [EXEMPLAR])
    yield app, db
    dispose(app, db)


def _walk(app: Any, link: str, user_agent: str, steps: list[Step], traveller: Any) -> None:
    """One participant's route, spending the route's seconds on each page."""
    device = signed_in(app, "participant-password-1", user_agent)
    assert device.client.get(link).location == f"{FAULT}/"
    device.get(f"{FAULT}/")
    for index, (page, seconds, forms) in enumerate(steps[:-1]):
        if not forms:
            traveller.shift(seconds)
            device.get(f"{FAULT}/{steps[index + 1][0]}")
            continue
        for number, form in enumerate(forms, start=1):
            traveller.shift(seconds / len(forms))
            response = device.submit(data=form)
            if number < len(forms):
                assert [m for m, _ in Page(response).error_summary] == [REQUIRED], page
        assert response.status_code == 302, (page, Page(response).error_summary)
        assert response.location == f"{FAULT}/{steps[index + 1][0]}"
        device.get(response.location)


@pytest.fixture
def played(prototype: tuple[Any, Database]) -> tuple[Any, Database, Browser]:
    """The three participants' routes, and a note on P02, at frozen times."""
    app, db = prototype
    researcher = signed_in(app, "researcher-password-lab")
    links = dict(new_participant(researcher) for _ in ROUTES)
    assert sorted(links) == sorted(ROUTES)
    with time_machine.travel(datetime(2026, 5, 11, 9, 0, tzinfo=UTC), tick=False) as traveller:
        for code, (user_agent, steps) in ROUTES.items():
            _walk(app, links[code], user_agent, steps, traveller)
            traveller.shift(60)
        researcher.get(f"{FAULT}/research/")  # a form token of this time
        response = researcher.submit(f"{FAULT}/research/participants/P02/notes", {"note": NOTE})
        assert response.status_code == 302
    return app, db, researcher


def _pages(code: str) -> list[str]:
    return [page for page, _seconds, _forms in ROUTES[code][1]]


def expected_funnel() -> dict[str, int]:
    """Participants who reached each page, and who sent (those whose route confirms)."""
    reached: dict[str, int] = {"started": len(ROUTES)}
    for code in ROUTES:
        for page in set(_pages(code)):
            reached[page] = reached.get(page, 0) + 1
    reached["sent"] = sum(1 for code in ROUTES if "confirmation" in _pages(code))
    return reached


def expected_arrows() -> dict[tuple[str, str], int]:
    arrows: dict[tuple[str, str], int] = {}
    for code in ROUTES:
        pages = _pages(code)
        for pair in set(pairwise(pages)):
            arrows[pair] = arrows.get(pair, 0) + 1
    return arrows


def expected_medians() -> dict[str, float]:
    """Per page, the median of the seconds each participant spent there (not the last)."""
    spent: dict[str, list[float]] = {}
    for _agent, steps in ROUTES.values():
        for page, seconds, _forms in steps[:-1]:
            spent.setdefault(page, []).append(seconds)
    return {page: median(values) for page, values in spent.items()}


def test_the_figures_match_the_routes(played: tuple[Any, Database, Browser]) -> None:
    _app, db, _researcher = played
    figures = round_playback(db, load_service(EXEMPLAR), EXEMPLAR.name, 1)
    funnel = expected_funnel()
    assert {step.key: step.count for step in figures.funnel if step.count} == funnel
    assert [step.key for step in figures.funnel][:3] == ["started", "start", "problem-type"]
    assert [step.key for step in figures.funnel][-3:] == ["check-answers", "confirmation", "sent"]
    assert figures.arrows == expected_arrows()
    counts = figures.map_counts()
    assert counts["/"] == 3
    assert counts[("/", "problem-type")] == 3
    assert counts[("problem-type", "drain-problem")] == 1
    assert {t.page: t.median_seconds for t in figures.times} == expected_medians()
    top = figures.errors[0]
    assert (top.page, top.question, top.message) == ("problem-type", "problem-type", REQUIRED)
    assert (top.times, top.participants) == (3, 2)  # once for P01, twice for P03
    stops = {stop.code: (stop.last_page, stop.device, stop.sent) for stop in figures.stops}
    assert stops == {
        code: (_pages(code)[-1], DEVICES[code], _pages(code)[-1] == "confirmation")
        for code in ROUTES
    }


def _parse(html: str) -> ET.Element:
    """The report as XML: it is well formed, so any browser reads it the same."""
    return ET.fromstring(html.removeprefix("<!DOCTYPE html>\n"))  # noqa: S314 - our own


def _tables(root: ET.Element) -> dict[str, list[list[str]]]:
    """Each table's rows (head included) by caption."""
    found = {}
    for element in root.iter("table"):
        caption = "".join(element.find("caption").itertext())  # type: ignore[union-attr]
        found[caption] = [["".join(cell.itertext()) for cell in row] for row in element.iter("tr")]
    return found


def test_the_report_is_one_file_with_each_chart_and_its_table(
    played: tuple[Any, Database, Browser],
) -> None:
    _app, db, researcher = played
    response = researcher.client.get(f"{FAULT}/research/round/report.html")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    html = response.get_data(as_text=True)
    assert "<script" not in html.lower()
    for outside in ("<link", "src=", "href=", "url("):
        assert outside not in html, outside
    assert "&lt;b&gt;&quot;where is the map?&quot;&lt;/b&gt; &amp; paused" in html
    assert all(typed not in html for typed in TYPED)
    root = _parse(html)
    parents = {child: parent for parent in root.iter() for child in parent}
    charts = [svg for svg in root.iter(SVG) if svg.get("role") == "img"]
    assert len(charts) == 3  # the funnel, the journey map and the time on page
    for chart in charts:
        holder = parents[chart]
        siblings = list(parents[holder])
        assert siblings[siblings.index(holder) + 1].tag == "table"
        assert chart.find("{http://www.w3.org/2000/svg}title") is not None
    tables = _tables(root)
    funnel = next(rows for caption, rows in tables.items() if caption.startswith("Funnel"))
    shown = {row[0]: int(row[1]) for row in funnel[1:]}
    labels = round_playback(db, load_service(EXEMPLAR), EXEMPLAR.name, 1).labels
    expected = expected_funnel()
    assert shown["Started (opened their start link)"] == 3
    assert shown["Sent"] == expected["sent"]
    for page, label in labels.items():
        assert shown[label] == expected.get(page, 0), page
    errors = next(rows for caption, rows in tables.items() if caption.startswith("The errors"))
    assert errors[1][0] == REQUIRED
    assert errors[1][3:] == ["3", "2"]
    times = next(rows for caption, rows in tables.items() if caption.startswith("Median"))
    assert {row[0]: row[1] for row in times[1:]}[labels["problem-type"]] == "30 s"
    assert "What P02 did, oldest first" in tables


def test_the_page_shows_the_round_and_links_the_downloads(
    played: tuple[Any, Database, Browser],
) -> None:
    _app, _db, researcher = played
    home = researcher.get(f"{FAULT}/research/")
    assert home.link("Play back this round") == f"{FAULT}/research/round"
    page = researcher.get(f"{FAULT}/research/round")
    assert page.h1 == "Round 1 playback"
    assert page.find("a", href=f"{FAULT}/research/round/report.html?round=1")
    assert page.find("a", href=f"{FAULT}/research/round/events.csv?round=1")
    assert "<script" not in page.html.split("</main>")[0].split('id="main-content"')[1]
    assert len(page.find("svg", role="img")) == 3
    assert page.find("table", class_="govuk-table")
    assert "&lt;b&gt;" in page.html
    assert researcher.client.get(f"{FAULT}/research/round?round=2").status_code == 404


def test_the_csv_has_each_event_and_no_answers(played: tuple[Any, Database, Browser]) -> None:
    _app, db, researcher = played
    response = researcher.client.get(f"{FAULT}/research/round/events.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = response.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    with db.reads() as session:
        count = session.scalar(select(func.count()).select_from(ResearchEvent))
        drafts = set(
            session.scalars(select(ResearchEvent.draft).where(ResearchEvent.draft.is_not(None)))
        )
    assert len(rows) == count
    assert list(rows[0]) == ["participant", "at", "kind", "page", "question", "detail", "device"]
    assert {row["participant"] for row in rows} == set(ROUTES)
    assert all(datetime.fromisoformat(row["at"]).tzinfo is not None for row in rows)
    errors = [row for row in rows if row["kind"] == "error"]
    assert len(errors) == 3
    assert {row["detail"] for row in errors} == {REQUIRED}
    assert drafts
    assert all(draft not in text for draft in drafts)
    assert all(typed not in text for typed in TYPED)
    assert "street-light" not in text
    assert "flickering" not in text


def test_a_participant_never_sees_the_playback(prototype: tuple[Any, Database]) -> None:
    app, _ = prototype
    participant = signed_in(app, "participant-password-1")
    for path in ("round", "round/report.html", "round/events.csv"):
        assert participant.client.get(f"{FAULT}/research/{path}").status_code == 404, path
