"""Findings in research mode: made from a note or an error, listed, exported as scenarios."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from click.testing import CliRunner
from gherkin.parser import Parser
from pytest_bdd import parsers
from sqlalchemy import func, select

from mvpkit.cli import main
from mvpkit.definition import load_service
from mvpkit.definition.model import CHECK_ANSWERS
from mvpkit.journeys.walk import walks
from mvpkit.patterns.research.finding_models import ResearchFinding
from mvpkit.patterns.research.findings import Exported
from mvpkit.store.database import Database
from mvpkit.testing import steps  # noqa: F401  (the library's phrases are registered)
from mvpkit.testing.browsers import find_chromium
from mvpkit.testing.phrases import PHRASES
from mvpkit.testing.research_features import (
    need_lines,
    round_feature,
    without_detours,
    write_round,
)
from mvpkit.testing.tags import is_known
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
ERROR_NEED = (
    "As a resident reporting from the street, I need to be told what to choose "
    "so that I can carry on"
)
NOTE_NEED = (
    "As a resident reporting from the street, I need to say where the light is in my own "
    "words so that the team can find it"
)


@pytest.fixture
def prototype(database_url: str) -> Iterator[tuple[Any, Database, str]]:
    """The fault service served as a prototype, with a researcher's and a participant's password."""
    app, db = serve_prototype(database_url, [EXEMPLAR])
    yield app, db, database_url
    dispose(app, db)


def _session(app: Any) -> tuple[Browser, str]:
    """P01 on a phone: an error on problem-type, a detour back, then a note on light-location."""
    researcher = signed_in(app, "researcher-password-lab")
    code, link = new_participant(researcher)
    device = signed_in(app, "participant-password-1", PHONE)
    with time_machine.travel(datetime(2026, 5, 11, 9, 0, tzinfo=UTC), tick=False) as clock:

        def then(path: str, data: dict[str, str] | None = None) -> Any:
            clock.shift(timedelta(seconds=5))
            if data is None:
                return device.get(path)
            return device.submit(path, data)

        device.client.get(link)
        then(f"{FAULT}/")
        then(f"{FAULT}/problem-type")
        assert Page(then(f"{FAULT}/problem-type", {})).error_summary  # nothing chosen
        then(f"{FAULT}/problem-type", {"problem-type": "street-light"})
        then(f"{FAULT}/light-problem")
        then(f"{FAULT}/problem-type")  # went back, and on again
        then(f"{FAULT}/problem-type", {"problem-type": "street-light"})
        then(f"{FAULT}/light-problem")
        then(f"{FAULT}/light-problem", {"light-problem": "flickering"})
        then(f"{FAULT}/light-location")
        clock.shift(timedelta(seconds=5))
        researcher.get(f"{FAULT}/research/participants/{code}")
        researcher.submit(
            f"{FAULT}/research/participants/{code}/notes", {"note": "Looked for a map"}
        )
        then(f"{FAULT}/light-location", {"light-location": "By the school"})
        then(f"{FAULT}/description")  # after the note: not part of its route
    return researcher, code


def _make_findings(researcher: Browser, code: str) -> None:
    timeline = researcher.get(f"{FAULT}/research/participants/{code}")
    from_error = timeline.link("Make a finding from this error")
    from_note = timeline.link("Make a finding from this note")

    form = researcher.get(from_error)
    assert "Select what you want to report" in form.text()
    response = researcher.submit(from_error, {"title": "", "need": ""})
    assert response.status_code == 200
    assert Page(response).error_summary == [
        ("Enter the finding", "#title"),
        ("Enter the user need", "#need"),
    ]
    response = researcher.submit(
        from_error, {"title": "Nothing said what to choose", "need": ERROR_NEED}
    )
    assert response.status_code == 302
    researcher.get(from_note)
    response = researcher.submit(
        from_note, {"title": "Wanted a map to show the light", "need": NOTE_NEED}
    )
    assert response.location.endswith("/research/findings")


def _export(database_url: str, tmp_path: Path) -> tuple[Path, str]:
    """`mvpkit research findings export` on a copy of the service; the folder and output."""
    folder = tmp_path / EXEMPLAR.name
    folder.mkdir()
    shutil.copy(EXEMPLAR / "service.yaml", folder / "service.yaml")
    result = CliRunner().invoke(
        main,
        ["research", "findings", "export", str(folder)],
        env={"MVPKIT_RESEARCH_DATABASE_URL": database_url},
    )
    assert result.exit_code == 0, result.output
    return folder, result.output


def _known_step(text: str) -> bool:
    return any(
        parsers.parse(words).is_matching(text) if "{" in words else words == text
        for words in PHRASES
    )


def test_findings_are_made_listed_and_exported_as_a_scenario_each(
    prototype: tuple[Any, Database, str], tmp_path: Path
) -> None:
    app, _, database_url = prototype
    researcher, code = _session(app)
    _make_findings(researcher, code)

    listed = researcher.get(f"{FAULT}/research/findings")
    assert "Nothing said what to choose" in listed.text()
    assert "Wanted a map to show the light" in listed.text()
    assert listed.h1 == "Findings of round 1"

    folder, output = _export(database_url, tmp_path)
    feature = folder / "features" / "research-round-1.feature"
    assert f"Wrote {feature}: 2 findings" in output
    document = Parser().parse(feature.read_text())
    assert document["feature"]["name"] == "Research round 1"
    scenarios = [child["scenario"] for child in document["feature"]["children"]]
    assert [s["name"] for s in scenarios] == [
        "P01: Nothing said what to choose",
        "P01: Wanted a map to show the light",
    ]
    for scenario in scenarios:
        tags = [tag["name"].removeprefix("@") for tag in scenario["tags"]]
        assert tags == ["round_1", "participant_P01"]
        assert all(is_known(tag, set(), set()) for tag in tags)
        unknown = [s["text"] for s in scenario["steps"] if not _known_step(s["text"])]
        assert unknown == []
    for scenario, need in zip(scenarios, (ERROR_NEED, NOTE_NEED), strict=True):
        assert " ".join(scenario["description"].split()) == need.replace(", I need", " I need")
    text = feature.read_text()
    assert text.count("# TODO (the team)") == 2
    error_steps = [f"{s['keyword'].strip()} {s['text']}" for s in scenarios[0]["steps"]]
    assert error_steps == [
        "Given I am on a mobile-sized screen",
        "When I start the service",
        'Then I see the heading "What do you want to report?"',
        "When I continue",
        'Then I see the error "Select what you want to report"',
    ]
    note_steps = [f"{s['keyword'].strip()} {s['text']}" for s in scenarios[1]["steps"]]
    assert note_steps[1:4] == [
        "When I start the service",
        'And I choose "A street light problem"',
        "And I continue",
    ]
    assert note_steps[-1] == 'Then I see the heading "Where is the street light?"'
    assert "description" not in text  # the participant went there after the note

    again = CliRunner().invoke(
        main,
        ["research", "findings", "export", str(folder), "--round", "2"],
        env={"MVPKIT_RESEARCH_DATABASE_URL": database_url},
    )
    assert again.exit_code == 0
    assert "No findings in round 2 of report-a-fault: nothing written." in again.output


def test_a_finding_can_be_deleted_and_goes_with_its_participant(
    prototype: tuple[Any, Database, str],
) -> None:
    app, db, _ = prototype
    researcher, code = _session(app)
    _make_findings(researcher, code)

    listed = researcher.get(f"{FAULT}/research/findings")
    first = next(
        f.attrs["action"] for f in listed.find("form") if "/findings/" in f.attrs["action"]
    )
    assert researcher.submit(first).status_code == 302
    after = researcher.get(f"{FAULT}/research/findings").text()
    assert "Nothing said what to choose" not in after
    assert "Wanted a map" in after
    assert researcher.submit(first).status_code == 404  # gone already
    with db.reads() as session:
        assert session.scalar(select(func.count()).select_from(ResearchFinding)) == 1

    researcher.get(f"{FAULT}/research/participants/{code}/delete")
    researcher.submit(f"{FAULT}/research/participants/{code}/delete")
    with db.reads() as session:
        assert session.scalar(select(func.count()).select_from(ResearchFinding)) == 0
    assert "No findings in this round yet." in researcher.get(f"{FAULT}/research/findings").html


def test_participants_never_see_the_findings_pages(
    prototype: tuple[Any, Database, str],
) -> None:
    app, _, _ = prototype
    researcher, code = _session(app)
    timeline = researcher.get(f"{FAULT}/research/participants/{code}")
    from_note = timeline.link("Make a finding from this note")
    participant = signed_in(app, "participant-password-1")
    for path in (f"{FAULT}/research/findings", from_note):
        assert participant.client.get(path).status_code == 404, path
    participant.get(f"{FAULT}/problem-type")
    token = participant.page.csrf_token() if participant.page else ""
    refused = participant.client.post(
        f"{FAULT}/research/findings/1/delete", data={"csrf_token": token}
    )
    assert refused.status_code == 404
    for made_up in ("draft/1", "error/999999", "note/999999"):
        path = f"{FAULT}/research/participants/{code}/findings/{made_up}"
        assert researcher.client.get(path).status_code == 404, made_up


def test_detours_are_cut_out_of_a_route() -> None:
    route = ["start", "problem-type", "light-problem", "problem-type", "/cookies", "drain-problem"]
    known = {"start", "problem-type", "light-problem", "drain-problem"}

    assert without_detours(route, known) == ["start", "problem-type", "drain-problem"]


def test_a_need_is_written_as_description_lines_that_cannot_be_steps() -> None:
    assert need_lines(ERROR_NEED) == [
        "As a resident reporting from the street",
        "I need to be told what to choose",
        "so that I can carry on",
    ]
    assert need_lines("Given a choice, I need words\nThen more @home") == [
        "User need: Given a choice",
        "I need words Then more @home",
    ]
    long = f"As a {'x' * 80} When it rains"
    assert need_lines(long) == [long]  # a line that would start with "When" stays joined


def _finding(route: tuple[str, ...], **changes: Any) -> Exported:
    made = {
        "id": 1,
        "round": 2,
        "code": "P07",
        "device": "desktop",
        "scenario": "",
        "source": "note",
        "page": route[-1] if route else "",
        "route": route,
        "detail": "",
        "title": "Sent it",
        "need": "As a resident, I need to know it was sent so that I stop worrying",
    }
    return Exported(**{**made, **changes})


def _sent_route() -> tuple[str, ...]:
    service = load_service(EXEMPLAR)
    walk = next(walk for walk in walks(service) if walk.end == CHECK_ANSWERS)
    return ("start", *(step.page.id for step in walk.steps), "check-answers", "confirmation")


def test_a_route_that_sent_ends_with_the_reference() -> None:
    text = round_feature(load_service(EXEMPLAR), 2, [_finding(_sent_route())])

    assert '    Then I see the heading "Check your answers before sending"' in text
    assert '    When I press "Accept and send"' in text
    assert text.rstrip().splitlines()[-3:-1] == [
        '    Then I see the heading "Report sent"',
        "    And I get a reference",
    ]


def test_a_route_the_journey_no_longer_takes_stops_where_it_parts_and_says_so() -> None:
    route = ("start", "problem-type", "light-problem", "name")
    finding = _finding(route, source="error", detail="Enter your name", scenario="returning")

    text = round_feature(load_service(EXEMPLAR), 2, [finding])

    assert "# Then P07 went on to name: the journey in service.yaml no longer goes that way" in text
    assert '# P07 was shown the error "Enter your name" here' in text
    assert "# P07 started from the scenario returning" in text
    assert 'Then I see the heading "What is wrong with the street light?"' in text


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not find_chromium(), reason="no system Chromium (.ci/run installs it)")
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_exported_features_run_green_under_mvpkit_check(
    prototype: tuple[Any, Database, str], tmp_path: Path
) -> None:
    from mvpkit.gate.check import GateOptions, run_gate

    app, _, database_url = prototype
    researcher, code = _session(app)
    _make_findings(researcher, code)
    folder, _ = _export(database_url, tmp_path)
    write_round(load_service(folder), folder / "features", 2, [_finding(_sent_route())])

    options = GateOptions(stages=["features"], report_dir=tmp_path / "report")
    stage = run_gate(folder, options).stages[0]

    assert stage.passed, "\n".join([stage.summary, *stage.details])
    assert len(stage.data["cases"]) == 3
