"""The journey map: derived from the definition, drawn as one SVG, with its table."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import combinations
from pathlib import Path

from click.testing import CliRunner

from mvpkit.cli import main
from mvpkit.definition.loader import load_service
from mvpkit.definition.model import Service
from mvpkit.gate.check import GateResult
from mvpkit.gate.report import write_report
from mvpkit.gate.report_sections import journey_map_section
from mvpkit.journeys.journey_map import (
    SENT,
    START,
    JourneyMap,
    journey_map,
    journey_map_svg,
    journey_map_table,
)
from tests.conftest import EXEMPLAR, ROOT, write_service
from tests.report_reader import Report, table_rows
from tests.support import parse_html

SVG = "{http://www.w3.org/2000/svg}"

STREET_LIGHT = """name: Report a street light fault
pages:
  - id: problem
    title: What is the problem?
    type: radios
    summary: Problem
    options:
      - Light not working
      - {value: other, label: Something else}
      - {value: danger, label: It is dangerous}
    next:
      - {if: {problem: other}, goto: describe}
      - {if: {problem: danger}, goto: call-us}
  - id: location
    title: Where is the street light?
    summary: Location
  - id: describe
    title: Describe the problem
    type: textarea
    summary: Description
  - id: call-us
    type: exit
    title: Call us now
    body: Call 01632 960 999.
confirmation:
  title: Report sent
"""


def loaded(tmp_path: Path, definition: str) -> Service:
    return load_service(write_service(tmp_path / "service", definition))


def edges(journey: JourneyMap) -> list[tuple[str, str, str]]:
    return [(edge.source, edge.target, edge.label) for edge in journey.edges]


def svg_root(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def test_the_exemplar_has_its_branches_its_exit_page_and_check_answers() -> None:
    journey = journey_map(load_service(EXEMPLAR))
    assert [(node.id, node.kind, node.branch) for node in journey.nodes] == [
        (START, "start", False),
        ("problem-type", "question", False),
        ("light-problem", "question", False),
        ("drain-problem", "question", True),
        ("light-location", "question", False),
        ("drain-location", "question", True),
        ("description", "question", False),
        ("updates", "question", False),
        ("email", "question", False),
        ("name", "question", False),
        ("report-elsewhere", "exit", True),
        ("check-answers", "check-answers", False),
        (SENT, "sent", False),
    ]
    assert edges(journey) == [
        (START, "problem-type", ""),
        ("problem-type", "drain-problem", "problem-type is drain"),
        ("problem-type", "report-elsewhere", "problem-type is something-else"),
        ("problem-type", "light-problem", "otherwise"),
        ("light-problem", "light-location", ""),
        ("drain-problem", "drain-location", ""),
        ("light-location", "description", ""),
        ("drain-location", "description", ""),
        ("description", "updates", ""),
        ("updates", "name", "updates is no"),
        ("updates", "email", "otherwise"),
        ("email", "name", ""),
        ("name", "check-answers", ""),
        ("check-answers", SENT, ""),
    ]
    assert journey.node(SENT).title == "Report sent"  # type: ignore[union-attr]


def test_a_condition_an_exit_page_and_a_page_with_no_rules(tmp_path: Path) -> None:
    journey = journey_map(loaded(tmp_path, STREET_LIGHT))
    assert edges(journey) == [
        (START, "problem", ""),
        ("problem", "describe", "problem is other"),
        ("problem", "call-us", "problem is danger"),
        ("problem", "location", "otherwise"),
        ("location", "describe", ""),  # no rules: the next question page
        ("describe", "check-answers", ""),  # the last question page, past the exit page
        ("check-answers", SENT, ""),
    ]
    exit_page = journey.node("call-us")
    assert exit_page is not None
    assert (exit_page.kind, exit_page.branch) == ("exit", True)
    assert journey.edges_from("call-us") == []


def test_rules_after_a_rule_without_if_are_never_drawn() -> None:
    service = Service.model_validate(
        {
            "name": "Test",
            "pages": [
                {"id": "first", "title": "First", "next": [{"goto": "third"}]},
                {"id": "second", "title": "Second"},
                {"id": "third", "title": "Third"},
            ],
        }
    )
    journey = journey_map(service)
    assert ("first", "third", "") in edges(journey)
    assert journey.edges_from("first") == [journey.edges[1]]
    assert journey.node("second").branch  # type: ignore[union-attr]


def test_no_default_arrow_when_the_rules_cover_every_answer(tmp_path: Path) -> None:
    definition = """name: Test
pages:
  - id: smoker
    title: Do you smoke?
    type: yesno
    summary: Smoker
    next:
      - {if: {smoker: "yes"}, goto: how-many}
      - {if: {smoker: "no"}, goto: done}
  - id: how-many
    title: How many a day?
    type: number
    summary: How many
  - id: done
    title: Anything else?
    summary: Anything else
"""
    journey = journey_map(loaded(tmp_path, definition))
    assert journey.edges_from("smoker") == [
        journey.edges[1],
        journey.edges[2],
    ]
    assert [edge.label for edge in journey.edges_from("smoker")] == [
        "smoker is yes",
        "smoker is no",
    ]


def test_conditions_read_as_short_phrases(tmp_path: Path) -> None:
    definition = """name: Test
pages:
  - id: bins
    title: Which bins?
    type: checkboxes
    summary: Bins
    options: [Black, Green, Blue]
  - id: when
    title: When did it happen?
    type: date
    summary: Date
    next:
      - {if: {bins: [Green, Blue], when: {more_than_days_ago: 14}}, goto: too-late}
      - {if: {bins: Black}, goto: too-late}
  - id: details
    title: Any details?
    summary: Details
  - id: too-late
    type: exit
    title: It is too late to report it
"""
    journey = journey_map(loaded(tmp_path, definition))
    [late, _otherwise] = journey.edges_from("when")
    assert late.label == (
        "bins includes Green or Blue and when more than 14 days ago or bins includes Black"
    )


def test_a_journey_that_always_ends_on_an_exit_page_has_no_check_answers() -> None:
    service = Service.model_validate(
        {
            "name": "Test",
            "pages": [
                {"id": "first", "title": "First", "next": [{"goto": "gone"}]},
                {"id": "gone", "title": "Gone", "type": "exit"},
            ],
        }
    )
    journey = journey_map(service)
    assert [node.id for node in journey.nodes] == [START, "first", "gone"]


def test_a_service_with_no_pages_has_an_empty_map() -> None:
    journey = journey_map(load_service(ROOT / "exemplars" / "my-account"))
    assert journey.nodes == ()
    root = svg_root(journey_map_svg(journey))
    assert root.get("role") == "img"
    assert journey_map_table(journey) == ""


def test_the_svg_is_an_accessible_image_in_govuk_colours() -> None:
    service = load_service(EXEMPLAR)
    root = svg_root(journey_map_svg(journey_map(service)))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None
    assert title.text == f"Journey map: {service.name}"
    assert desc is not None
    assert "1 exit page" in (desc.text or "")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.find(f".//{SVG}script") is None
    assert {path.get("stroke") for path in root.iter(f"{SVG}path")} == {"#1d70b8"}
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "Exit page" in texts
    assert "problem-type is drain" in texts
    dashed = [rect for rect in root.iter(f"{SVG}rect") if rect.get("stroke-dasharray")]
    assert len(dashed) == 1  # the exit page


def test_no_two_boxes_overlap_and_all_fit_inside_the_picture() -> None:
    for name in ("report-a-fault", "register-a-birth-or-death", "groups-and-events"):
        root = svg_root(journey_map_svg(journey_map(load_service(ROOT / "exemplars" / name))))
        width, height = int(root.get("width", 0)), int(root.get("height", 0))
        boxes = [
            tuple(int(rect.get(key, 0)) for key in ("x", "y", "width", "height"))
            for rect in root.iter(f"{SVG}rect")
            if rect.get("stroke")
        ]
        assert boxes
        for x, y, w, h in boxes:
            assert min(x, y) > 0
            assert x + w < width
            assert y + h < height
        for (x1, y1, w1, h1), (x2, y2, w2, h2) in combinations(boxes, 2):
            assert x1 + w1 <= x2 or x2 + w2 <= x1 or y1 + h1 <= y2 or y2 + h2 <= y1


def test_hostile_titles_are_escaped(tmp_path: Path) -> None:
    hostile = STREET_LIGHT.replace(
        "title: Where is the street light?", 'title: "<script>x</script> & co"'
    ).replace("name: Report a street light fault", 'name: "Fix <b>it</b>"')
    journey = journey_map(loaded(tmp_path, hostile))
    svg = journey_map_svg(journey)
    assert "<script>" not in svg
    assert "<b>" not in svg
    root = svg_root(svg)
    assert root.find(f".//{SVG}script") is None
    assert "<script>x</script> & co" in [text.text for text in root.iter(f"{SVG}text")]
    assert root.find(f"{SVG}title").text == "Journey map: Fix <b>it</b>"  # type: ignore[union-attr]
    table = journey_map_table(journey)
    assert "<script>" not in table
    assert "<b>" not in table


def test_the_same_definition_gives_the_same_bytes() -> None:
    first = journey_map_svg(journey_map(load_service(EXEMPLAR)))
    second = journey_map_svg(journey_map(load_service(EXEMPLAR)))
    assert first == second
    counts = {START: 10, ("problem-type", "drain-problem"): 3}
    assert journey_map_svg(journey_map(load_service(EXEMPLAR)), counts) == journey_map_svg(
        journey_map(load_service(EXEMPLAR)), dict(counts)
    )


def test_counts_show_how_many_reached_each_page_and_took_each_arrow() -> None:
    journey = journey_map(load_service(EXEMPLAR))
    assert "reached" not in journey_map_svg(journey)
    counts = {
        START: 1200,
        "problem-type": 1000,
        "drain-problem": 300,
        ("problem-type", "drain-problem"): 300,
        ("problem-type", "report-elsewhere"): 45,
    }
    root = svg_root(journey_map_svg(journey, counts))
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "1,200 reached" in texts
    assert "300 reached" in texts
    assert "0 reached" in texts  # a page no one reached
    assert "45" in texts
    bold = [text.text for text in root.iter(f"{SVG}text") if text.get("font-weight") == "bold"]
    assert "300" in bold


def test_the_table_gives_every_arrow_with_its_count() -> None:
    journey = journey_map(load_service(EXEMPLAR))
    [table] = [el for el in parse_html(journey_map_table(journey))[1] if el.tag == "table"]
    rows = table_rows(table)
    assert len(rows) == len(journey.edges)
    assert rows[1] == [
        "What do you want to report? (problem-type)",
        "What is wrong with the drain? (drain-problem)",
        "If problem-type is drain",
    ]
    assert rows[3][2] == "Otherwise"
    assert rows[2][1] == "Report this problem another way (exit page, report-elsewhere)"
    assert rows[0][2] == "Always"
    counted = journey_map_table(journey, {("problem-type", "drain-problem"): 300, START: 9})
    arrows, reached = [el for el in parse_html(counted)[1] if el.tag == "table"]
    assert table_rows(arrows)[1][3] == "300"
    assert table_rows(arrows)[0][3] == "0"
    assert table_rows(reached)[0] == [
        "Start page: Report a street light or drain problem",
        "9",
    ]


def test_map_writes_the_svg_to_a_file_or_prints_it(tmp_path: Path) -> None:
    output = tmp_path / "journey-map.svg"
    result = CliRunner().invoke(main, ["map", str(EXEMPLAR), "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {output}\n"
    svg = output.read_text(encoding="utf-8")
    assert svg == journey_map_svg(journey_map(load_service(EXEMPLAR)))
    printed = CliRunner().invoke(main, ["map", str(EXEMPLAR / "service.yaml")])
    assert printed.exit_code == 0
    assert printed.output == svg


def test_map_refuses_a_broken_definition_with_its_file_and_line(tmp_path: Path) -> None:
    broken = STREET_LIGHT.replace("goto: describe", "goto: nowhere")
    folder = write_service(tmp_path / "broken", broken)
    output = tmp_path / "map.svg"
    result = CliRunner().invoke(main, ["map", str(folder), "-o", str(output)])
    assert result.exit_code == 1
    assert f"{folder / 'service.yaml'}:12: Page 'problem' goes to 'nowhere'" in result.output
    assert "nowhere" in result.output
    assert "Traceback" not in result.output
    assert not output.exists()


def test_the_gate_report_section_has_the_map_and_its_table() -> None:
    section = journey_map_section(load_service(EXEMPLAR))
    elements = parse_html(section)[1]
    assert [el.text for el in elements if el.tag == "h2"] == ["Journey map"]
    [svg] = [el for el in elements if el.tag == "svg"]
    assert svg.attrs["role"] == "img"
    [table] = [el for el in elements if el.tag == "table"]
    assert len(table_rows(table)) == 14


def test_the_gate_report_section_without_pages_or_without_a_sound_definition() -> None:
    no_pages = journey_map_section(load_service(ROOT / "exemplars" / "my-account"))
    assert "Journey map" in no_pages
    assert "no question pages of its own" in no_pages
    assert "<svg" not in no_pages
    unsound = journey_map_section(None)
    assert "once the definition has no problems" in unsound
    assert "<svg" not in unsound


def test_the_gate_report_shows_the_journey_map(tmp_path: Path) -> None:
    result = GateResult(EXEMPLAR, "Report a fault", [], tmp_path / "report")
    report = Report(write_report(result))
    section = report.section("Journey map")
    tags = [element.tag for element in section]
    assert tags == ["p", "div", "table"]
    assert section[1].children[0].tag == "svg"
    table_rows(section[2])
