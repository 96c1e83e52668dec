"""The checks a definition gets once its model loads, and garbage that must never raise."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mvpkit.definition import Problem, check_definition


def check(folder: Path, text: str) -> list[Problem]:
    path = folder / "service.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    service, problems = check_definition(path)
    assert service is not None, [str(problem) for problem in problems]
    return problems


def only_problem(folder: Path, text: str) -> Problem:
    problems = check(folder, text)
    assert len(problems) == 1, [str(problem) for problem in problems]
    return problems[0]


def test_a_duplicate_page_id(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: where
            title: Where?
          - id: where
            title: Where again?
        """,
    )

    assert problem.line == 5
    assert problem.message == (
        "Page id 'where' is used more than once (first on line 3): each page needs its own id."
    )


def test_a_question_id_used_by_a_field_and_a_page(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: email
            title: What is your email address?
            type: email
          - id: contact
            title: Contact details
            fields:
              - {id: name, label: Name}
              - {id: email, label: Email, type: email}
        """,
    )

    assert problem.line == 10
    assert "The id 'email' of question 'email' on page 'contact'" in problem.message
    assert "already used by page 'email' (line 3)" in problem.message


def test_a_question_id_used_on_two_pages_of_fields(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: you
            title: You
            fields:
              - {id: name, label: Your name}
          - id: them
            title: Them
            fields:
              - {id: name, label: Their name}
        """,
    )

    assert problem.line == 10
    assert "answers are stored by question id" in problem.message


def test_a_field_may_share_its_pages_id(tmp_path: Path) -> None:
    check_ok = check(
        tmp_path,
        """\
        name: A
        pages:
          - id: address
            title: Your address
            fields:
              - {id: address, label: Address, type: address}
              - {id: address-line-1, label: Something else}
        """,
    )

    assert check_ok == []


def test_goto_a_page_that_does_not_exist(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: problem
            title: What is wrong?
            next:
              - if: {problem: other}
                goto: nowhere
        """,
    )

    assert problem.line == 7
    assert problem.message == "Page 'problem' goes to 'nowhere', but no page has that id."


def test_goto_the_same_page(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: again
            title: Again?
            next: [{if: {again: x}, goto: again}]
        """,
    )

    assert problem.line == 5
    assert "goes to itself" in problem.message


def test_a_condition_on_a_question_that_does_not_exist(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: one
            title: One
            next:
              - if:
                  colour: red
                goto: two
          - id: two
            title: Two
        """,
    )

    assert problem.line == 7
    assert problem.message == (
        "Page 'one' has a rule that checks the answer to 'colour', but no question has that id."
    )


def test_a_condition_on_a_page_of_fields_is_not_on_a_question(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: contact
            title: Contact
            fields: [{id: name, label: Name}]
            next: [{if: {contact: x}, goto: end}]
          - id: end
            title: End
        """,
    )

    assert problem.line == 6
    assert "checks the answer to 'contact', but no question has that id" in problem.message


def test_a_condition_value_that_is_not_an_option(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: problem
            title: What is the problem?
            type: radios
            options: [Broken, {value: other, label: Something else}]
            next:
              - {if: {problem: Something else}, goto: describe}
          - id: describe
            title: Describe it
        """,
    )

    assert problem.line == 8
    assert problem.message == (
        "Page 'problem' has a rule that checks whether 'problem' is 'Something else', "
        "but that is not one of its values (Broken, other)."
    )


def test_a_condition_value_among_several(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: kinds
            title: Which kinds?
            type: checkboxes
            options: [a, b]
            next:
              - {if: {kinds: [a, c]}, goto: more}
          - id: more
            title: More
        """,
    )

    assert problem.line == 8
    assert "is 'c', but that is not one of its values (a, b)" in problem.message


def test_a_yesno_condition_value(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: agree
            title: Do you agree?
            type: yesno
            next:
              - {if: {agree: maybe}, goto: why}
          - id: why
            title: Why?
        """,
    )

    assert problem.line == 7
    assert "is 'maybe', but that is not one of its values (yes, no)" in problem.message


def test_a_condition_on_text_takes_any_value(tmp_path: Path) -> None:
    assert (
        check(
            tmp_path,
            """\
            name: A
            pages:
              - id: code
                title: Your code
                next: [{if: {code: anything}, goto: end}]
              - id: end
                title: End
            """,
        )
        == []
    )


@pytest.mark.parametrize("options", ["", "\n    options: []"])
def test_a_choice_without_options(tmp_path: Path, options: str) -> None:
    problem = only_problem(
        tmp_path,
        f"name: A\npages:\n  - id: pick\n    title: Pick\n    type: select{options}\n",
    )

    assert problem.line == (6 if options else 5)
    assert problem.message == (
        "Page 'pick' is a select question but has no 'options': list the answers to choose from."
    )


def test_options_on_a_type_that_does_not_take_them(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: contact
            title: Contact
            fields:
              - id: name
                label: Name
                options: [a, b]
        """,
    )

    assert problem.line == 8
    assert problem.message == (
        "Question 'name' on page 'contact' has 'options', but a text question does not take them."
    )


def test_options_on_a_yesno(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        "name: A\npages:\n  - id: ok\n    title: OK?\n    type: yesno\n    options: [Y, N]\n",
    )

    assert problem.line == 6
    assert "a yesno question always offers Yes and No" in problem.message


def test_duplicate_option_values(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: pick
            title: Pick
            type: radios
            options:
              - {value: a, label: First}
              - {value: b, label: Second}
              - {value: a, label: Third}
        """,
    )

    assert problem.line == 9
    assert "has the option value 'a' twice (options 1 and 3)" in problem.message


def test_a_page_no_route_reaches(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: one
            title: One
            next:
              - goto: three
          - id: two
            title: Two
          - id: three
            title: Three
        """,
    )

    assert problem.line == 7
    assert problem.message == (
        "Page 'two' is never reached: no route from the first page leads to it."
    )


def test_fall_through_skips_exit_pages(tmp_path: Path) -> None:
    assert (
        check(
            tmp_path,
            """\
            name: A
            pages:
              - id: one
                title: One
                type: yesno
                next: [{if: {one: no}, goto: stop}]
              - id: stop
                type: exit
                title: Stop
              - id: two
                title: Two
            """,
        )
        == []
    )


def test_a_page_reached_only_through_an_unreached_page(tmp_path: Path) -> None:
    problems = check(
        tmp_path,
        """\
        name: A
        pages:
          - id: one
            title: One
            next: [{goto: four}]
          - id: two
            title: Two
            next: [{goto: four}]
          - id: three
            title: Three
          - id: four
            title: Four
        """,
    )

    assert [(p.line, p.message.split(" is never")[0]) for p in problems] == [
        (6, "Page 'two'"),
        (9, "Page 'three'"),
    ]


def test_a_rule_after_one_without_if(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: one
            title: One
            next:
              - goto: two
              - {if: {one: x}, goto: two}
          - id: two
            title: Two
        """,
    )

    assert problem.line == 7
    assert problem.message == (
        "Rule 2 in 'next' on page 'one' is never used: rule 1 before it has no 'if', "
        "so it always matches first."
    )


def test_an_exit_page_that_asks_questions(tmp_path: Path) -> None:
    problems = check(
        tmp_path,
        """\
        name: A
        pages:
          - id: one
            title: One
            type: yesno
            next: [{if: {one: no}, goto: stop}]
          - id: stop
            type: exit
            title: Stop
            fields: [{id: why, label: Why}]
            options: [a]
            next: [{goto: one}]
        """,
    )

    assert [(p.line, p.message) for p in problems] == [
        (10, "Exit page 'stop' has 'fields', but an exit page asks no questions."),
        (11, "Exit page 'stop' has 'options', but an exit page asks no questions."),
        (
            12,
            "Exit page 'stop' has 'next', but an exit page ends the journey, so it goes nowhere.",
        ),
    ]


def test_an_exit_page_first(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: stop
            type: exit
            title: Stop
          - id: one
            title: One
        """,
    )

    assert problem.line == 3
    assert "The first page, 'stop', is an exit page" in problem.message


def test_question_keys_on_a_page_of_fields(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: contact
            title: Contact
            max_length: 10
            fields: [{id: name, label: Name}]
        """,
    )

    assert problem.line == 5
    assert "'max_length' belongs on one of its fields" in problem.message


def test_max_length_below_min_length(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        "name: A\npages:\n  - id: a\n    title: A\n    min_length: 10\n    max_length: 5\n",
    )

    assert problem.line == 6
    assert problem.message == "Page 'a' has 'max_length' 5, which is less than its 'min_length' 10."


def test_min_above_max(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: age
            title: How old are you?
            type: number
            min: 18
            max: 16.5
        """,
    )

    assert problem.line == 7
    assert problem.message == "Page 'age' has 'max' 16.5, which is less than its 'min' 18."


def test_a_date_min_after_its_max(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: when
            title: When?
            type: date
            min: 2024-02-01
            max: 2024-01-01
        """,
    )

    assert problem.line == 7
    assert "which is before its 'min' 2024-02-01" in problem.message


@pytest.mark.parametrize(
    ("kind", "bound", "phrase"),
    [
        ("number", "ten", "a number question needs a number"),
        ("date", "yesterday", "a date question needs 'today' or a date"),
        ("text", "5", "only number and date questions use it"),
    ],
)
def test_a_bound_the_question_cannot_use(
    tmp_path: Path, kind: str, bound: str, phrase: str
) -> None:
    problem = only_problem(
        tmp_path,
        f"name: A\npages:\n  - id: q\n    title: Q\n    type: {kind}\n    min: {bound}\n",
    )

    assert problem.line == 6
    assert phrase in problem.message


def test_a_pattern_without_a_message(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: ref
            title: Your reference
            pattern: "[A-Z]{2}[0-9]+"
        """,
    )

    assert problem.line == 5
    assert "has a 'pattern' but no 'pattern_message'" in problem.message


def test_a_pattern_message_may_be_given_under_errors(tmp_path: Path) -> None:
    assert (
        check(
            tmp_path,
            """\
            name: A
            pages:
              - id: ref
                title: Your reference
                pattern: "[A-Z]{2}[0-9]+"
                errors: {pattern: Enter a reference like AB123}
            """,
        )
        == []
    )


def test_several_problems_come_sorted_by_line(tmp_path: Path) -> None:
    problems = check(
        tmp_path,
        """\
        name: A
        pages:
          - id: one
            title: One
            next: [{goto: nowhere}]
          - id: one
            title: Again
            pattern: x
        """,
    )

    assert [problem.line for problem in problems] == [5, 6, 8]


# --- Garbage never raises ---------------------------------------------------------------

GARBAGE: list[str | bytes] = [
    "- a list\n- at the top\n",
    "just a sentence",
    "42",
    "~",
    "{",
    "name: [\n",
    "pages: !!python/object:os.system {}\n",
    "name: !!int abc\npages: []\n",
    "name: !!float abc\n",
    "name: !!binary '%%%'\n",
    "? [complex, key]\n: value\n",
    "a: &a [*a]\nname: x\npages: *a\n",
    "x: &x {y: *x}\nname: x\npages: [*x]\n",
    "name: x\npages: &p [{id: a, title: A, next: [{goto: a}]}, *p]\n",
    "base: &b {title: T}\nname: x\npages:\n  - <<: *b\n    id: a\n  - <<: [*b, 3]\n    id: b\n",
    "name: x\npages:\n  - " + "[" * 300 + "]" * 300 + "\n",
    "[" * 5000 + "]" * 5000,
    "name: x\n---\nname: y\n",
    "name: {a: b}\npages: {id: a}\ncouncil: red\nstart: []\nconfirmation: 3\ntracking: x\n",
    "name: x\npages:\n  - id: 3\n    title: 4\n    type: [radios]\n    fields: text\n",
    "name: x\npages:\n  - id: a\n    title: A\n    next: [{if: {a: {b: c}}, goto: [a]}]\n",
    "name: x\npages:\n  - id: a\n    title: A\n    next: yes\n    options: {a: b}\n",
    "name: x\npages:\n  - id: a\n    title: A\n    errors: [a]\n    min_length: -1\n",
    "name: x\npages:\n  - {id: a, title: A, fields: []}\n  - {id: b, title: B, fields: [3]}\n",
    "name: x\n1: 2\ntrue: false\nnull: ~\npages: [{id: a, title: A, 7: 8}]\n",
    "name: x\ncouncil: {colour: '#xyz'}\npages: [{id: a, title: A}]\n",
    "name: x\npages: [{id: a, title: A, type: exit, next: [{goto: zz, if: {q: r}}]}]\n",
    b"\xff\xfe\x00n\x00a\x00m\x00e",
    b"\x00\x01\x02\x03",
    b"name: \x80\x81\n",
    b"\xef\xbb\xbf",
]


@pytest.mark.parametrize("content", GARBAGE)
def test_garbage_gives_problems_not_tracebacks(tmp_path: Path, content: str | bytes) -> None:
    path = tmp_path / "service.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")

    _, problems = check_definition(path)

    assert problems
    for problem in problems:
        assert problem.file == path
        assert problem.line >= 1
        assert problem.message[:1].isupper()
        assert problem.message.endswith((".", "?"))
        assert "Traceback" not in problem.message
    assert [problem.line for problem in problems] == sorted(problem.line for problem in problems)


def test_a_folder_named_service_yaml(tmp_path: Path) -> None:
    (tmp_path / "service.yaml").mkdir()

    service, problems = check_definition(tmp_path)

    assert service is None
    assert len(problems) == 1
    assert "There is no service.yaml" in problems[0].message


@pytest.mark.parametrize("page_id", ["check-answers", "track", "staff", "cookies"])
def test_a_page_id_that_every_service_uses_is_reported(tmp_path: Path, page_id: str) -> None:
    folder = tmp_path / "svc"
    folder.mkdir()
    (folder / "service.yaml").write_text(
        f"name: X\npages:\n  - id: first\n    title: First\n  - id: {page_id}\n    title: Y\n"
    )
    _service, problems = check_definition(folder)
    assert [(p.line, p.message) for p in problems] == [
        (5, f"Page id '{page_id}' is the address of a page every service has: choose another id.")
    ]


def _problems(tmp_path: Path, text: str) -> list[tuple[int, str]]:
    return [(problem.line, problem.message) for problem in check(tmp_path, text)]


def test_an_unknown_error_key_is_reported(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        """\
        name: X
        pages:
          - id: where
            title: Where?
            errors:
              requried: Enter where
        """,
    )
    assert len(problems) == 1
    line, message = problems[0]
    assert line == 6
    assert "error message for 'requried', which mvpkit never shows" in message
    assert "required" in message


def test_address_part_error_keys_are_known(tmp_path: Path) -> None:
    assert (
        _problems(
            tmp_path,
            """\
        name: X
        pages:
          - id: home
            title: Your address
            type: address
            errors:
              line-1-required: Enter the first line of your address
              postcode-format: Enter a real postcode
        """,
        )
        == []
    )


def test_a_goto_back_to_an_earlier_page_is_reported(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        """\
        name: X
        pages:
          - id: first
            title: First
          - id: second
            title: Second
            next:
              - {goto: first}
        """,
    )
    assert problems == [
        (
            8,
            "Page 'second' goes back to 'first', which comes before it: "
            "journeys only go forward, so list the pages in the order they "
            "are asked.",
        )
    ]
