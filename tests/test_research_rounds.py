"""Scenarios and rounds of research, through the app `mvpkit research` serves."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from sqlalchemy import select
from werkzeug.test import Client

from mvpkit.cli import main
from mvpkit.definition.loader import load_service
from mvpkit.patterns.research import passwords
from mvpkit.patterns.research.models import ResearchParticipant
from mvpkit.patterns.research.round_diff import compare
from mvpkit.patterns.research.rounds import RoundError, current_round, rounds, start_round
from mvpkit.patterns.research.scenarios import ScenarioError, load_scenarios
from mvpkit.research_cli.rounds import prototype_app, served_round
from mvpkit.serve import migrate
from mvpkit.store.database import Database, connect
from mvpkit.store.models import Submission
from tests.conftest import EXEMPLAR
from tests.support import Browser, Page

SLUG = EXEMPLAR.name


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the report-a-fault exemplar to serve, change and freeze."""
    copy = tmp_path / "services" / SLUG
    shutil.copytree(EXEMPLAR, copy, ignore=shutil.ignore_patterns("instance", "research"))
    return copy.parent


OPENED: list[Any] = []


@pytest.fixture(autouse=True)
def _dispose() -> Iterator[None]:
    """Every database the served apps and the tests opened is closed after each test."""
    yield
    while OPENED:
        OPENED.pop().dispose()


def serve(folder: Path, database_url: str) -> tuple[Any, Database]:
    research = folder / "research"
    number, served = served_round(research, [folder / SLUG])
    settings = {
        "research": True,
        "research_round": number,
        "database_url": database_url,
        "secret_key": "research-secret-key-that-is-long-enough",
        "environment": "test",
        "public_url": "http://192.0.2.10:8000",
    }
    migrate(served, settings)
    db = connect(database_url)
    if not passwords.any_active(db):
        passwords.add(db, "lab", "researcher", "researcher-password-lab")
    app = prototype_app(served, research, settings)
    OPENED.append(db)
    OPENED.extend(mounted.extensions["mvpkit"].db for mounted in app.mounts.values())
    return app, db


@pytest.fixture
def database(database_url: str) -> str:
    """Each test on SQLite and PostgreSQL."""
    return database_url


def signed_in(app: Any, root: str = f"/{SLUG}") -> Browser:
    visitor = Browser(Client(app))  # type: ignore[arg-type]
    visitor.get(f"{root}/research/sign-in")
    response = visitor.submit(f"{root}/research/sign-in", {"password": "researcher-password-lab"})
    assert response.status_code == 302, Page(response).error_summary
    return visitor


def new_participant(researcher: Browser, root: str, scenario: str = "") -> str:
    researcher.get(f"{root}/research/")
    data = {"scenario": scenario} if scenario else {}
    page = researcher.get(researcher.submit(f"{root}/research/participants", data).location)
    return page.find("a", id="start-link")[0].attrs["href"].removeprefix("http://192.0.2.10:8000")


def test_a_scenario_fills_in_the_journey_before_the_participant_starts(
    folder: Path, database: str
) -> None:
    app, _ = serve(folder, database)
    researcher = signed_in(app)
    link = new_participant(researcher, f"/{SLUG}", "light-chosen")
    device = signed_in(app)
    device.client.get(link)
    page = device.get(f"/{SLUG}/problem-type")
    assert page.find("input", value="street-light")[0].attrs.get("checked") is not None
    timeline = researcher.get(f"/{SLUG}/research/participants/P01").html
    assert "Started from the scenario" in timeline
    assert "Has chosen to report a street light" in timeline


def test_a_sent_scenario_is_a_real_submission_that_a_reset_removes(
    folder: Path, database: str
) -> None:
    app, db = serve(folder, database)
    researcher = signed_in(app)
    link = new_participant(researcher, f"/{SLUG}", "light-already-reported")
    other = new_participant(researcher, f"/{SLUG}", "light-already-reported")
    for start in (link, other):
        signed_in(app).client.get(start)
    with db.reads() as session:
        sent = list(session.scalars(select(Submission)))
    assert len(sent) == 2
    assert sent[0].answers["light-location"] == "Outside 14 Mill Lane, lamp post 23"
    assert sent[0].reference in researcher.get(f"/{SLUG}/research/participants/P01").html
    researcher.submit(f"/{SLUG}/research/participants/P01/reset")
    with db.reads() as session:
        assert [s.reference for s in session.scalars(select(Submission))] == [sent[1].reference]


def test_scenarios_that_cannot_be_used_are_refused_with_every_problem(tmp_path: Path) -> None:
    service = load_service(EXEMPLAR)
    (tmp_path / "scenarios.yaml").write_text(
        yaml.safe_dump(
            [
                {"name": "unknown", "title": "A", "answers": {"colour": "red"}},
                {"name": "wrong", "title": "B", "answers": {"problem-type": "a-pothole"}},
                {"name": "short", "title": "C", "answers": {"problem-type": "drain"}, "sent": True},
                {"name": "short", "title": "D"},
            ]
        )
    )
    with pytest.raises(ScenarioError) as raised:
        load_scenarios(tmp_path, service)
    lines = str(raised.value).splitlines()
    assert len(lines) == 4
    assert "scenario 'unknown': no question is called 'colour'" in lines[0]
    assert "scenario 'wrong': problem-type:" in lines[1]
    assert "scenario 'short' is sent, but does not answer the whole journey" in lines[2]
    assert "the name 'short' is used twice" in lines[3]
    assert [s.name for s in load_scenarios(EXEMPLAR, service)] == [
        "light-chosen",
        "light-already-reported",
    ]


def test_a_round_is_frozen_and_served_beside_the_next(folder: Path, database: str) -> None:
    research = folder / "research"
    assert current_round(research) == 1
    start_round(research, 1, [folder / SLUG])
    definition = folder / SLUG / "service.yaml"
    definition.write_text(
        definition.read_text().replace(
            "title: What do you want to report?", "title: What is the problem?"
        )
    )
    start_round(research, 2, [folder / SLUG])
    with pytest.raises(RoundError, match="next round is 3 or later"):
        start_round(research, 2, [folder / SLUG])
    assert [r.number for r in rounds(research)] == [1, 2]
    assert not (research / "rounds" / "1" / SLUG / "research").exists()

    app, db = serve(folder, database)
    now = signed_in(app)
    earlier = signed_in(app, f"/round-1/{SLUG}")
    assert now.get(f"/{SLUG}/problem-type").h1 == "What is the problem?"
    assert earlier.get(f"/round-1/{SLUG}/problem-type").h1 == "What do you want to report?"

    new_participant(now, f"/{SLUG}")
    new_participant(earlier, f"/round-1/{SLUG}")
    new_participant(earlier, f"/round-1/{SLUG}")
    with db.reads() as session:
        codes = {(p.round, p.code) for p in session.scalars(select(ResearchParticipant))}
    assert codes == {(2, "P01"), (1, "P01"), (1, "P02")}
    assert "round 2" in now.get(f"/{SLUG}/research/").h1
    assert now.client.get(f"/{SLUG}/research/participants/P02").status_code == 404
    assert earlier.client.get(f"/round-1/{SLUG}/research/participants/P02").status_code == 200


def test_two_rounds_compared_page_by_page(folder: Path) -> None:
    research = folder / "research"
    start_round(research, 1, [folder / SLUG])
    definition = folder / SLUG / "service.yaml"
    text = definition.read_text()
    text = text.replace("title: What do you want to report?", "title: What is the problem?")
    text = text.replace(
        "required: Enter where the drain is", "required: Tell us where the drain is"
    )
    definition.write_text(text)
    start_round(research, 2, [folder / SLUG])

    changes = [
        str(c)
        for c in compare(
            load_service(research / "rounds" / "1" / SLUG),
            load_service(research / "rounds" / "2" / SLUG),
        )
    ]
    assert changes == [
        "Page 'problem-type': title changed: 'What do you want to report?' → "
        "'What is the problem?'",
        "Page 'drain-location': error message 'required' changed: "
        "'Enter where the drain is' → 'Tell us where the drain is'",
    ]
    result = CliRunner().invoke(
        main, ["research", "round", "diff", "1", "2", "--path", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert f"{SLUG}: 2 changes" in result.output
    listed = CliRunner().invoke(main, ["research", "round", "list", "--path", str(folder)])
    assert listed.output.splitlines() == [f"Round 1: {SLUG}", f"Round 2: {SLUG}"]
