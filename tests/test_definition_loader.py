"""Reading service.yaml: the model it makes, and file:line problems for what is wrong."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from mvpkit.definition import (
    DefinitionError,
    NextRule,
    Problem,
    Service,
    check_definition,
    find_definition,
    load_service,
)
from mvpkit.definition import source as source_module
from mvpkit.definition.source import Source, read_source

DESIGN_EXAMPLE = """\
name: Report a street light fault
phase: beta                          # alpha | beta | live: phase banner
reference_prefix: SL                 # references look like SL-7K4M-92QF
start:                               # GOV.UK start page
  body: |
    Use this service to report a street light that is not working.
pages:
  - id: problem
    title: What is the problem?      # the page heading and the question's label
    type: radios
    options: [Light not working, Light on during the day, {value: other, label: Something else}]
    next:
      - {if: {problem: other}, goto: describe}
  - id: location
    title: Where is the street light?
    type: text
    hint: For example, outside 12 Acacia Avenue
    max_length: 200
  - id: contact
    title: Your contact details
    fields:                          # several questions on one page
      - {id: name, label: Full name, type: text}
      - {id: email, label: Email address, type: email, required: false}
  - id: describe
    title: Describe the problem
    type: textarea
    max_length: 1000
  - id: outside-area
    type: exit                       # a content page that ends the journey
    title: We cannot help with this
    body: Contact your local council instead.
confirmation:
  title: Report sent
  body: We will update the status of {reference} as we fix it.
"""

ROOT = Path(__file__).resolve().parents[1]


def write(folder: Path, text: str, name: str = "service.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_in(folder: Path, text: str) -> list[Problem]:
    _, problems = check_definition(write(folder, text))
    assert problems, "expected at least one problem"
    return problems


def only_problem(folder: Path, text: str) -> Problem:
    problems = problems_in(folder, text)
    assert len(problems) == 1, [str(problem) for problem in problems]
    return problems[0]


# --- The design's example ---------------------------------------------------------------


def test_the_design_example_loads(tmp_path: Path) -> None:
    write(tmp_path, DESIGN_EXAMPLE)

    service = load_service(tmp_path)

    assert isinstance(service, Service)
    assert service.name == "Report a street light fault"
    assert service.phase == "beta"
    assert service.reference_prefix == "SL"
    assert service.start.body.startswith("Use this service to report")
    assert [page.id for page in service.pages] == [
        "problem",
        "location",
        "contact",
        "describe",
        "outside-area",
    ]
    assert [page.id for page in service.question_pages] == [
        "problem",
        "location",
        "contact",
        "describe",
    ]
    assert service.confirmation.title == "Report sent"


def test_the_design_example_pages_and_questions(tmp_path: Path) -> None:
    service = load_service(write(tmp_path, DESIGN_EXAMPLE))

    problem = service.page("problem")
    assert problem is not None
    assert problem.single_question
    (question,) = problem.questions
    assert question.id == "problem"
    assert question.type == "radios"
    assert question.label == "What is the problem?"
    assert question.short_label == "What is the problem"
    assert [(o.value, o.label) for o in question.options or []] == [
        ("Light not working", "Light not working"),
        ("Light on during the day", "Light on during the day"),
        ("other", "Something else"),
    ]
    assert problem.next == [NextRule(when={"problem": "other"}, goto="describe")]
    assert problem.next[0].when == {"problem": "other"}

    location = service.page("location")
    assert location is not None
    assert location.questions[0].hint == "For example, outside 12 Acacia Avenue"
    assert location.questions[0].max_length == 200

    contact = service.page("contact")
    assert contact is not None
    assert not contact.single_question
    assert [(q.id, q.type, q.required) for q in contact.questions] == [
        ("name", "text", True),
        ("email", "email", False),
    ]

    exit_page = service.page("outside-area")
    assert exit_page is not None
    assert exit_page.is_exit
    assert exit_page.questions == ()
    assert exit_page.body == "Contact your local council instead."
    assert service.page("nowhere") is None


def test_check_definition_reports_nothing_for_the_design_example(tmp_path: Path) -> None:
    service, problems = check_definition(write(tmp_path, DESIGN_EXAMPLE))

    assert problems == []
    assert service is not None


# --- Finding the file -------------------------------------------------------------------


def test_find_definition_takes_a_folder_or_a_file(tmp_path: Path) -> None:
    path = write(tmp_path, DESIGN_EXAMPLE)

    assert find_definition(tmp_path) == path
    assert find_definition(path) == path


def test_a_folder_without_service_yaml(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError) as caught:
        find_definition(tmp_path)

    (problem,) = caught.value.problems
    assert problem.file == tmp_path / "service.yaml"
    assert problem.line == 1
    assert "There is no service.yaml in the folder" in problem.message


def test_a_path_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here"

    service, problems = check_definition(missing)

    assert service is None
    assert [problem.line for problem in problems] == [1]
    assert "There is no file or folder called" in problems[0].message
    with pytest.raises(DefinitionError, match="nothing-here"):
        load_service(missing)


def test_problem_and_error_text(tmp_path: Path) -> None:
    first = Problem(Path("service.yaml"), 12, "Page 'a' goes to 'b', but no page has that id.")
    second = Problem(Path("service.yaml"), 20, "Page 'c' has no 'title'.")

    assert str(first) == "service.yaml:12: Page 'a' goes to 'b', but no page has that id."
    error = DefinitionError([first, second])
    assert error.problems == [first, second]
    assert str(error) == f"{first}\n{second}"


def test_load_service_raises_with_every_problem(tmp_path: Path) -> None:
    write(
        tmp_path,
        """\
        name: Two problems
        pages:
          - id: one
            title: One
            next: [{goto: nowhere}]
          - id: two
            title: Two
            type: radio
        """,
    )

    with pytest.raises(DefinitionError) as caught:
        load_service(tmp_path)

    lines = str(caught.value).splitlines()
    assert len(lines) == 1  # the model does not load, so the later checks cannot run
    assert lines[0].startswith(f"{tmp_path / 'service.yaml'}:8: Page 'two' has type 'radio'")


# --- The file itself --------------------------------------------------------------------


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: Broken
        pages:
          - id: one
            title: [unclosed
          - id: two
        """,
    )

    assert problem.line == 5
    assert problem.message.startswith("This is not valid YAML:")
    assert "started on line 4" in problem.message


def test_a_tab_in_the_indentation(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "name: Tabs\npages:\n\t- id: one\n")

    assert problem.line == 3
    assert "spaces, not tabs" in problem.message


def test_an_empty_file(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "")

    assert problem.line == 1
    assert "The file is empty" in problem.message


def test_a_file_of_only_comments_is_empty(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "# nothing yet\n# still nothing\n")

    assert "The file is empty" in problem.message


def test_a_list_at_the_top(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "- name: A list\n- pages: []\n")

    assert problem.line == 1
    assert "should be a mapping" in problem.message
    assert "but it is a list" in problem.message


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "service.yaml"
    path.write_bytes(b"name: Caf\xc3\xa9\npages:\n  - id: caf\xe9\n")

    service, problems = check_definition(path)

    assert service is None
    assert [(p.line, "not UTF-8" in p.message) for p in problems] == [(3, True)]
    assert "0xe9" in problems[0].message


def test_a_control_character(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "name: A\npages:\n  - id: a\x00\n")

    assert problem.line == 3
    assert "character YAML does not allow" in problem.message


def test_a_key_given_twice(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: Twice
        pages:
          - id: one
            title: One
            title: Uno
        """,
    )

    assert problem.line == 5
    assert "The key 'title' is given twice here (first on line 4)" in problem.message


def test_a_utf8_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "service.yaml"
    path.write_bytes("\ufeff".encode() + DESIGN_EXAMPLE.encode())

    assert check_definition(path)[1] == []


# --- YAML read as a person means it -----------------------------------------------------


def test_yes_and_no_stay_words(tmp_path: Path) -> None:
    service = load_service(
        write(
            tmp_path,
            """\
            name: Words
            pages:
              - id: sure
                title: Are you sure?
                type: radios
                options: [Yes, No, Not sure]
                required: no
                next:
                  - {if: {sure: No}, goto: other}
              - id: other
                title: Why not?
            """,
        )
    )

    page = service.pages[0]
    assert [option.value for option in page.options or []] == ["Yes", "No", "Not sure"]
    assert page.required is False
    assert page.next[0].when == {"sure": "No"}


def test_dates_stay_text(tmp_path: Path) -> None:
    service = load_service(
        write(
            tmp_path,
            """\
            name: Dates
            pages:
              - id: when
                title: When did it start?
                type: date
                min: 2020-01-31
                max: today
            """,
        )
    )

    assert (service.pages[0].min, service.pages[0].max) == ("2020-01-31", "today")


def test_yesno_conditions_from_true_and_false(tmp_path: Path) -> None:
    service = load_service(
        write(
            tmp_path,
            """\
            name: Booleans
            pages:
              - id: urgent
                title: Is it urgent?
                type: yesno
                next:
                  - {if: {urgent: true}, goto: why}
                  - {if: {urgent: yes}, goto: why}
              - id: why
                title: Why?
            """,
        )
    )

    assert [rule.when for rule in service.pages[0].next] == [{"urgent": "yes"}] * 2


# --- The model's own errors, in plain words at their lines ------------------------------


def test_an_unknown_question_type(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: Types
        pages:
          - id: problem
            title: What is the problem?
            type: radio
        """,
    )

    assert problem.line == 5
    assert problem.message.startswith(
        "Page 'problem' has type 'radio', which is not a question type. "
        "Use one of: text, textarea, number,"
    )
    assert "exit" in problem.message


def test_an_unknown_type_on_a_field(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: Types
        pages:
          - id: contact
            title: Contact
            fields:
              - id: name
                label: Name
                type: string
        """,
    )

    assert problem.line == 8
    assert "Question 'name' on page 'contact' has type 'string'" in problem.message


def test_an_unknown_key(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: Keys
        pages:
          - id: contact
            title: Contact
            fields:
              - id: name
                lable: Name
                label: Name
        """,
    )

    assert problem.line == 7
    assert problem.message == (
        "Question 'name' on page 'contact' has a key 'lable' that mvpkit does not know. "
        "Did you mean 'label'?"
    )


def test_an_unknown_key_at_the_top(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "name: A\nphaze: alpha\npages: [{id: a, title: A}]\n")

    assert problem.line == 2
    assert "The service has a key 'phaze'" in problem.message
    assert "Did you mean 'phase'?" in problem.message


def test_a_missing_title_names_the_page(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: Missing
        pages:
          - id: one
            title: One
          - id: two
            title: Two
          - id: three
            hint: No title
        """,
    )

    assert problem.line == 7
    assert problem.message == "Page 'three' has no 'title'."


def test_missing_keys_are_each_reported(tmp_path: Path) -> None:
    problems = problems_in(
        tmp_path,
        """\
        pages:
          - id: one
            title: One
          - type: text
        """,
    )

    assert [(p.line, p.message) for p in problems] == [
        (1, "The service has no 'name'."),
        (4, "Page 2 has no 'id'."),
        (4, "Page 2 has no 'title'."),
    ]


def test_a_missing_goto(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: Rules
        pages:
          - id: one
            title: One
            next:
              - if: {one: a}
        """,
    )

    assert problem.line == 6
    assert problem.message == "Rule 1 in 'next' on page 'one' has no 'goto'."


def test_a_bad_id(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "name: A\npages:\n  - id: Contact Details\n    title: A\n")

    assert problem.line == 3
    assert "has the id 'Contact Details', which mvpkit cannot use" in problem.message
    assert "lower-case letters" in problem.message


def test_a_value_of_the_wrong_kind(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: Kinds
        pages:
          - id: describe
            title: Describe it
            type: textarea
            max_length: lots
        """,
    )

    assert problem.line == 6
    assert problem.message == (
        "Page 'describe' has 'max_length' as the text 'lots', but it should be a whole number."
    )


def test_a_union_is_one_problem(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        "name: A\npages:\n  - id: age\n    title: Age\n    type: number\n    min: [1]\n",
    )

    assert problem.line == 6
    assert "'min' as a list, but it should be a number or text" in problem.message


def test_a_page_that_is_not_a_mapping(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "name: A\npages:\n  - id: a\n    title: A\n  - just words\n")

    assert problem.line == 5
    assert problem.message == (
        "Page 2 should be a mapping with keys such as 'id' and 'title', "
        "but it is the text 'just words'."
    )


def test_an_option_that_is_a_list(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: pick
            title: Pick one
            type: radios
            options:
              - One
              - [Two, Three]
        """,
    )

    assert problem.line == 8
    assert "Option 2 on page 'pick' should be text, or a mapping" in problem.message


def test_a_phase_that_does_not_exist(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "name: A\nphase: gamma\npages: [{id: a, title: A}]\n")

    assert problem.line == 2
    assert problem.message == (
        "The service has 'phase' 'gamma', which is not allowed. Use one of: alpha, beta, live."
    )


def test_no_pages(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "name: A\npages: []\n")

    assert problem.line == 2
    assert problem.message == "The service has no pages: list at least one under 'pages'."


def test_a_council_colour_too_light(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        council:
          name: Anytown Council
          colour: "#ffdd00"
        pages: [{id: a, title: A}]
        """,
    )

    assert problem.line == 4
    assert problem.message.startswith("The 'council' section has a 'colour' that mvpkit")
    assert "too light" in problem.message


def test_a_pattern_that_is_not_a_regular_expression(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: ref
            title: Reference
            pattern: "([A-Z]"
            pattern_message: Enter a reference like AB12
        """,
    )

    assert problem.line == 5
    assert "not a valid regular expression" in problem.message


def test_a_reference_prefix_in_lower_case(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "name: A\nreference_prefix: sl\npages: [{id: a, title: A}]\n")

    assert problem.line == 2
    assert "1 to 6 capital letters" in problem.message


def test_too_few_tracking_statuses(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path, "name: A\npages: [{id: a, title: A}]\ntracking:\n  statuses: []\n"
    )

    assert problem.line == 4
    assert problem.message == (
        "The 'tracking' section has 'statuses' with 0 items, but it needs at least 1."
    )


def test_a_page_with_a_type_and_fields(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """\
        name: A
        pages:
          - id: contact
            title: Contact
            type: text
            fields: [{id: name, label: Name}]
        """,
    )

    assert problem.line == 3
    assert "either a `type` or `fields`" in problem.message


def test_problems_are_sorted_by_line(tmp_path: Path) -> None:
    problems = problems_in(
        tmp_path,
        """\
        name: A
        phase: gamma
        pages:
          - id: a
            title: A
            type: radio
        colour: red
        """,
    )

    assert [problem.line for problem in problems] == [2, 6, 7]


def test_an_empty_value(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "name: A\nreference_prefix:\npages: [{id: a, title: A}]\n")

    assert problem.line == 2
    assert problem.message == "The service has an empty 'reference_prefix', but it should be text."


def test_a_key_that_is_not_text(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "name: A\npages:\n  - id: a\n    title: A\n    7: seven\n")

    assert problem.line == 5
    assert problem.message == "Page 'a' has a key that is not text (the number 7): keys are words."


def test_a_definition_is_checked_once_until_its_file_or_folder_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from mvpkit.definition import loader

    folder = tmp_path / "report-a-fault"
    shutil.copytree(Path(__file__).resolve().parents[1] / "exemplars" / "report-a-fault", folder)
    checked: list[Path] = []
    check = loader.check_definition
    monkeypatch.setattr(
        loader, "check_definition", lambda path: checked.append(path) or check(path)
    )

    first = loader.load_service(folder)
    assert loader.load_service(folder / "service.yaml") is first  # `mvpkit serve`, then the app
    assert len(checked) == 1

    definition = folder / "service.yaml"
    definition.write_text(definition.read_text().replace("phase: beta", "phase: alpha"))
    assert loader.load_service(folder).phase == "alpha"
    (folder / "notes.md").write_text("A file added beside it: checked again")
    loader.load_service(folder)
    assert len(checked) == 3

    definition.write_text("name: [unclosed\n")
    with pytest.raises(DefinitionError):
        loader.load_service(folder)


LIBYAML = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")


@LIBYAML
def test_a_definition_is_read_by_libyaml_the_same_as_by_pure_python(tmp_path: Path) -> None:
    """The fast reader gives the same values, and the same line for every key and item."""
    text = (ROOT / "exemplars" / "report-a-fault" / "service.yaml").read_text(encoding="utf-8")
    text += "extra:\n  answer: No\n  on: Yes\n  when: 2024-01-31\n  flag: true\n"
    fast, slow = Source(tmp_path / "a.yaml"), Source(tmp_path / "b.yaml")
    source_module._parse(text, fast, source_module._FastLoader)
    source_module._parse(text, slow, source_module._Loader)
    assert issubclass(source_module._FastLoader, yaml.CSafeLoader)
    assert fast.data == slow.data
    assert fast.lines == slow.lines
    assert fast.data["extra"] == {"answer": "No", "on": "Yes", "when": "2024-01-31", "flag": True}


def test_a_file_libyaml_cannot_read_is_explained_as_before(tmp_path: Path) -> None:
    file = tmp_path / "service.yaml"
    file.write_text("name: A\npages:\n  - id: a\n   title: wrong indent\n", encoding="utf-8")
    source = read_source(file)
    assert source.data is None
    assert not source.lines
    [problem] = source.problems
    assert problem.line == 4
    assert problem.message.startswith("This is not valid YAML: ")
