"""What makes a feature's failure plain: suggestions, tags, stale names, drafts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from mvpkit.cli import main
from mvpkit.definition import load_service
from mvpkit.testing import steps
from mvpkit.testing.draft import NEED_LINE, draft_features, feature_texts
from mvpkit.testing.phrases import PHRASES, Kind
from mvpkit.testing.staleness import service_terms
from mvpkit.testing.suggest import PLACEHOLDER, nearest_phrase, unknown_step_message
from mvpkit.testing.tags import declared_needs, is_known, marker_names, unknown_tag_message
from tests.conftest import EXEMPLAR, ROOT

STEPS_DOC = ROOT / "docs" / "steps.md"


def test_every_phrase_is_registered_for_given_when_and_then() -> None:
    registered = {
        name.removeprefix("pytestbdd_stepdef_")
        for name in vars(steps)
        if name.startswith("pytestbdd_stepdef_")
    }

    assert registered == {f"*_{words}" for words in PHRASES}
    assert len(PHRASES) == len(set(PHRASES))


def test_an_unknown_step_is_named_with_the_nearest_phrase() -> None:
    message = unknown_step_message('I choose "Yes" option', PHRASES, "bins.feature, line 9")

    assert message == (
        'No step matches "I choose "Yes" option" (bins.feature, line 9): '
        'did you mean "I choose "{option}""?'
    )


@pytest.mark.parametrize(
    ("text", "nearest"),
    [
        ('I see the heading is "Report sent"', 'I see the heading "{heading}"'),
        ('I enter "SW1A 1AA" into "Postcode"', 'I enter "{text}" in "{label}"'),
        ("I press continue", "I continue"),
        ("the page has no accessibility problem", "the page has no accessibility problems"),
    ],
)
def test_the_nearest_phrase_ignores_quoted_values(text: str, nearest: str) -> None:
    assert nearest_phrase(text, PHRASES) == nearest


def test_a_step_like_no_phrase_says_so() -> None:
    message = unknown_step_message("the council empties my bin", PHRASES, "bins.feature, line 3")

    assert "did you mean" not in message
    assert message.startswith('No step matches "the council empties my bin"')


def test_marker_lines_give_their_names() -> None:
    lines = ["slow: starts processes", "skipif(condition): skip", "round_1: first round", ""]

    assert marker_names(lines) == {"slow", "skipif", "round_1"}


def test_needs_are_declared_by_feature_tags() -> None:
    needs = declared_needs([{"need_report", "slow"}, {"need_track"}])

    assert needs == {"need_report", "need_track"}


@pytest.mark.parametrize(
    ("tag", "known"),
    [
        ("round_1", True),
        ("round_12", True),
        ("round_l", False),
        ("need_report", True),
        ("need_reprot", False),
        ("slow", True),
        ("sloow", False),
    ],
)
def test_a_tag_is_a_marker_a_round_or_a_declared_need(tag: str, known: bool) -> None:
    assert is_known(tag, {"slow"}, {"need_report"}) is known


def test_an_unknown_tag_is_one_sentence_naming_it_and_its_file() -> None:
    message = unknown_tag_message("round_l", "applying.feature")

    assert message.startswith("Unknown tag @round_l in applying.feature: ")
    assert message.count(". ") == 0


def test_the_definition_names_its_labels_options_headings_and_pages() -> None:
    terms = service_terms(load_service(EXEMPLAR))

    assert terms.has(Kind.LABEL, "Where is the street light?")
    assert terms.has(Kind.LABEL, "Where is the street")
    assert terms.has(Kind.OPTION, "A street light problem")
    assert terms.has(Kind.HEADING, "What is wrong with the drain?")
    assert terms.has(Kind.QUESTION, "Location")
    assert terms.has(Kind.PATH, "/light-location")
    assert not terms.has(Kind.LABEL, "Where is the bin?")
    assert not terms.has(Kind.OPTION, "A bin problem")
    assert not terms.has(Kind.PATH, "/bin-location")


def test_a_removed_question_is_stale_with_a_sentence(tmp_path: Path) -> None:
    definition = (EXEMPLAR / "service.yaml").read_text()
    (tmp_path / "service.yaml").write_text(
        definition.replace("Where is the street light?", "Where is the lamp post?")
    )
    terms = service_terms(load_service(tmp_path))

    assert not terms.has(Kind.LABEL, "Where is the street light?")
    assert terms.stale(Kind.LABEL, "Where is the street light?") == (
        '"Where is the street light?" is not a label of any question in service.yaml'
    )


def test_a_draft_walks_each_route_in_library_phrases() -> None:
    service = load_service(EXEMPLAR)

    drafted = dict(feature_texts(service))

    assert set(drafted) >= {"route-to-check-answers.feature", "route-to-report-elsewhere.feature"}
    elsewhere = drafted["route-to-report-elsewhere.feature"].splitlines()
    assert elsewhere[0] == NEED_LINE
    assert elsewhere[4:] == [
        "    When I start the service",
        '    And I choose "Something else"',
        "    And I continue",
        '    Then I see the heading "Report this problem another way"',
    ]


def test_drafting_never_overwrites_a_feature(tmp_path: Path) -> None:
    service = load_service(EXEMPLAR)
    kept = tmp_path / "route-to-check-answers.feature"
    kept.write_text("Feature: mine\n")

    drafted = draft_features(service, tmp_path)

    assert drafted.skipped == [kept]
    assert kept.read_text() == "Feature: mine\n"
    assert len(drafted.written) == len(feature_texts(service)) - 1


def test_the_docs_table_lists_every_phrase_with_an_example() -> None:
    rows = re.findall(r"^\| `([^`]+)` \| `([^`]+)`", STEPS_DOC.read_text(), re.MULTILINE)

    assert [phrase for phrase, _ in rows] == PHRASES
    for phrase, example in rows:
        words = re.escape(PLACEHOLDER.sub("\0", phrase)).replace("\0", ".+")
        assert re.fullmatch(rf"(Given|When|Then|And) {words}", example), example


def test_the_draft_command_writes_then_names_what_it_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "report-a-fault"
    folder.mkdir()
    (folder / "service.yaml").write_text((EXEMPLAR / "service.yaml").read_text())

    first = CliRunner().invoke(main, ["features", "draft", str(folder)])
    again = CliRunner().invoke(main, ["features", "draft", str(folder)])

    drafted = sorted((folder / "features").glob("*.feature"))
    assert first.exit_code == again.exit_code == 0
    assert first.output.count("Wrote ") == len(drafted) > 0
    assert again.output.count("Skipped ") == len(drafted)
    assert "Wrote " not in again.output
