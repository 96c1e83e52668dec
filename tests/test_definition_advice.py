"""Labels users can tell apart, samples the gate can use, warnings, and hints for common slips."""

from __future__ import annotations

import textwrap
from pathlib import Path

from click.testing import CliRunner

from mvpkit.cli import main
from mvpkit.definition.loader import Review, review_definition
from mvpkit.gate.check import GateOptions, run_gate
from mvpkit.scaffold import new_service
from tests.conftest import ROOT


def review(folder: Path, text: str) -> Review:
    path = folder / "service.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return review_definition(path)


def problems(folder: Path, text: str) -> list[tuple[int, str]]:
    return [(problem.line, problem.message) for problem in review(folder, text).problems]


def test_blank_titles_and_labels_are_problems(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        """\
        name: A
        pages:
          - id: blank
            title: "  "
            summary: Blank
          - id: contact
            title: Contact details
            fields:
              - {id: name, label: ""}
              - id: size
                label: Size
                type: radios
                options: [{value: s, label: " "}, m]
        """,
    )
    assert found == [
        (4, "Page 'blank' has an empty 'title': every page needs a heading."),
        (9, "Question 'name' on page 'contact' has an empty 'label': say what to enter."),
        (
            13,
            "Option 1 of question 'size' on page 'contact' has an empty 'label': "
            "say what the option means.",
        ),
    ]


def test_labels_used_twice_are_problems(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        """\
        name: A
        pages:
          - id: contact
            title: Contact details
            fields:
              - {id: phone, label: Phone number, type: phone}
              - {id: mobile, label: phone number, type: phone}
          - id: size
            title: Which size?
            summary: Size
            type: radios
            options:
              - {value: s, label: Small}
              - {value: m, label: Small}
        """,
    )
    assert found == [
        (
            7,
            "Questions 'phone' and 'mobile' on page 'contact' have the same label, "
            "'phone number': give each its own words, so users and screen readers can tell "
            "them apart.",
        ),
        (
            14,
            "Page 'size' has the option label 'Small' twice (options 1 and 2): users could "
            "not tell them apart.",
        ),
    ]


def test_a_sample_the_rules_refuse_is_a_problem_on_its_line(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        """\
        name: A
        pages:
          - id: reference
            title: Your reference
            pattern: "^[0-9]{8}$"
            pattern_message: Enter the 8 digits of your reference
            sample: "1234"
          - id: when
            title: When?
            summary: When
            type: date
            sample: 31/01/2024
        """,
    )
    assert found == [
        (
            7,
            "Page 'reference' has a 'sample' that its own rules refuse: "
            "Enter the 8 digits of your reference.",
        ),
        (12, "Page 'when' has a 'sample' that '31/01/2024' is not a date written like 2024-01-31."),
    ]


def test_a_question_no_sample_can_be_made_for_asks_for_one(tmp_path: Path) -> None:
    text = """\
        name: A
        pages:
          - id: code
            title: Your code
            pattern: "(\\\\d)\\\\1"
            pattern_message: Enter your code
        """
    assert problems(tmp_path, text) == [
        (
            5,
            "Page 'code' has rules no sample answer can be made for, so the release check "
            "could not answer it: give it a `sample:` that matches.",
        ),
    ]
    assert problems(tmp_path, text + '    sample: "11"\n') == []


def test_warnings_do_not_stop_a_definition(tmp_path: Path) -> None:
    options = "".join(f"      - Choice {number}\n" for number in range(13))
    found = review(
        tmp_path,
        "name: A\npages:\n  - id: which\n    title: Which one?\n    type: radios\n"
        f"    hint: {'A long hint. ' * 25}\n    options:\n{options}",
    )
    assert found.problems == []
    assert [(warning.line, warning.message[:39]) for warning in found.warnings] == [
        (3, "Page 'which' has no 'summary': check an"),
        (5, "Page 'which' has 13 radios: with more t"),
        (6, "Page 'which' has a hint of 324 characte"),
    ]
    assert all(warning.warning for warning in found.warnings)
    assert str(found.warnings[0]).startswith(f"{tmp_path / 'service.yaml'}:3: warning: ")


def test_validate_prints_warnings_and_passes(tmp_path: Path) -> None:
    (tmp_path / "service.yaml").write_text("name: A\npages:\n  - id: q\n    title: Why?\n")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert ":3: warning: Page 'q' has no 'summary'" in result.output
    assert "service.yaml: no problems found (1 warning)" in result.output


def test_the_gate_lists_warnings_without_failing(tmp_path: Path) -> None:
    (tmp_path / "service.yaml").write_text("name: A\npages:\n  - id: q\n    title: Why?\n")
    result = run_gate(tmp_path, GateOptions(stages=["validate"], report_dir=tmp_path / "r"))
    (stage,) = result.stages
    assert stage.passed
    assert stage.summary == "The definition has no problems and 1 warning(s)."
    assert "warning: Page 'q' has no 'summary'" in stage.details[0]


def test_common_slips_get_a_hint(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        """\
        name: A
        council:
          colour: #5a2a82
        pages:
          - id: first
            title: First
            optional: true
            next:
              - {goto: check-answers}
          - id: second
            title: Second
        """,
    )
    assert found[0] == (
        3,
        "'colour' is empty: YAML reads everything from ' #' to the end of the line as a "
        'comment. Put quotes around the value, like colour: "#5a2a82".',
    )
    assert found[1] == (
        7,
        "Page 'first' has a key 'optional' that mvpkit does not know. To let users skip a "
        "question, write 'required: false' instead.",
    )


def test_a_rule_going_to_check_answers_explains_what_comes_last(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        """\
        name: A
        pages:
          - id: first
            title: First
            next:
              - {goto: check-answers}
          - id: second
            title: Second
        """,
    )
    assert found[0][0] == 6
    assert found[0][1].startswith(
        "Page 'first' goes to 'check-answers', which no rule can name: check answers comes "
        "by itself after the last question page in the list."
    )


def test_the_exemplars_and_a_new_service_need_no_advice(tmp_path: Path) -> None:
    folders = [*sorted((ROOT / "exemplars").glob("*")), new_service("Apply", tmp_path)]
    assert [
        str(warning) for folder in folders for warning in review_definition(folder).warnings
    ] == []
