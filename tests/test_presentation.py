"""How questions and answers are shown: check answers, choice items, date inputs, error summary."""

from __future__ import annotations

from typing import Any

import pytest

from mvpkit.definition.model import Question
from mvpkit.journeys.presentation import (
    answer_text,
    choice_items,
    date_parts,
    errors_for_summary,
    messages_by_part,
)
from mvpkit.questions.answers import FieldError
from mvpkit.questions.registry import kinds

OPTIONS = [
    "Light not working",
    {"value": "other", "label": "Something else", "hint": "Tell us on the next page"},
]


def question(kind: str, **data: Any) -> Question:
    if kind in ("radios", "checkboxes", "select"):
        data.setdefault("options", OPTIONS)
    return Question.model_validate({"id": "q", "label": "The answer", "type": kind, **data})


ALL_TYPES = list(kinds())


# answer_text -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ALL_TYPES)
@pytest.mark.parametrize("empty", [None, "", []])
def test_an_empty_answer_is_not_provided(kind: str, empty: Any) -> None:
    assert answer_text(question(kind), empty) == "Not provided"


@pytest.mark.parametrize(
    ("kind", "stored", "shown"),
    [
        ("text", "Ada Lovelace", "Ada Lovelace"),
        ("textarea", "Line one\nLine two", "Line one\nLine two"),
        ("number", "1000", "1000"),
        ("email", "ada@example.com", "ada@example.com"),
        ("phone", "07700 900 982", "07700 900 982"),
        ("postcode", "SW1A 1AA", "SW1A 1AA"),
    ],
)
def test_text_answers_are_shown_as_they_are(kind: str, stored: str, shown: str) -> None:
    assert answer_text(question(kind), stored) == shown


@pytest.mark.parametrize("kind", ["radios", "select"])
def test_a_choice_is_shown_by_its_label(kind: str) -> None:
    assert answer_text(question(kind), "other") == "Something else"
    assert answer_text(question(kind), "Light not working") == "Light not working"


def test_an_answer_no_longer_offered_is_shown_as_stored() -> None:
    assert answer_text(question("radios"), "Gone") == "Gone"
    assert answer_text(question("checkboxes"), ["Gone", "other"]) == "Gone\nSomething else"


def test_yesno_is_shown_as_yes_or_no() -> None:
    assert answer_text(question("yesno"), "yes") == "Yes"
    assert answer_text(question("yesno"), "no") == "No"


def test_checkboxes_are_shown_one_label_a_line() -> None:
    assert answer_text(question("checkboxes"), ["Light not working", "other"]) == (
        "Light not working\nSomething else"
    )
    assert answer_text(question("checkboxes"), ["other"]) == "Something else"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("2007-03-27", "27 March 2007"),
        ("2024-01-01", "1 January 2024"),
        ("1999-12-31", "31 December 1999"),
    ],
)
def test_a_date_is_shown_the_gov_uk_way(stored: str, shown: str) -> None:
    assert answer_text(question("date"), stored) == shown


def test_an_address_is_shown_one_part_a_line_skipping_empty_parts() -> None:
    address = {"line-1": "1 High Street", "line-2": "", "town": "Leeds", "postcode": "LS1 1AA"}

    assert answer_text(question("address"), address) == "1 High Street\nLeeds\nLS1 1AA"
    assert answer_text(question("address"), {**address, "line-2": "Headingley"}) == (
        "1 High Street\nHeadingley\nLeeds\nLS1 1AA"
    )


def test_an_address_keeps_the_order_of_its_parts() -> None:
    address = {"postcode": "LS1 1AA", "town": "Leeds", "line-1": "1 High Street"}

    assert answer_text(question("address"), address) == "1 High Street\nLeeds\nLS1 1AA"


def test_zero_is_an_answer() -> None:
    assert answer_text(question("number"), "0") == "0"


# choice_items ------------------------------------------------------------------------------


def test_choice_items_list_every_option_with_labels_and_hints() -> None:
    items = choice_items(question("radios"), [])

    assert items == [
        {"value": "Light not working", "text": "Light not working"},
        {"value": "other", "text": "Something else", "hint": {"text": "Tell us on the next page"}},
    ]


def test_choice_items_mark_the_chosen_option() -> None:
    items = choice_items(question("radios"), ["other"])

    assert [item.get("checked", False) for item in items] == [False, True]


def test_choice_items_mark_every_chosen_checkbox() -> None:
    items = choice_items(question("checkboxes"), ["other", "Light not working"])

    assert all(item["checked"] is True for item in items)


def test_choice_items_for_a_select_mark_selected() -> None:
    items = choice_items(question("select"), ["other"], "selected")

    assert [item.get("selected", False) for item in items] == [False, True]
    assert all("checked" not in item for item in items)


def test_choice_items_ignore_nothing_chosen() -> None:
    items = choice_items(question("radios"), [None, ""])

    assert all("checked" not in item for item in items)


def test_choice_items_for_yesno() -> None:
    items = choice_items(question("yesno"), ["no"])

    assert items == [
        {"value": "yes", "text": "Yes"},
        {"value": "no", "text": "No", "checked": True},
    ]


# date_parts --------------------------------------------------------------------------------


def test_date_parts_of_an_iso_date_drop_leading_zeros() -> None:
    assert date_parts("2007-03-07") == {"day": "7", "month": "3", "year": "2007"}
    assert date_parts("2024-12-31") == {"day": "31", "month": "12", "year": "2024"}


@pytest.mark.parametrize("stored", [None, "", [], "2007", {"day": "1"}])
def test_date_parts_of_nothing_are_empty(stored: Any) -> None:
    assert date_parts(stored) == {"day": "", "month": "", "year": ""}


# errors ------------------------------------------------------------------------------------


def test_errors_for_summary_link_to_each_anchor_in_order() -> None:
    errors = [
        FieldError("name", "name", "Enter full name"),
        FieldError("born", "born-month", "Date of birth must include a month", ("month",)),
        FieldError("home", "home-town", "Enter town or city", ("town",)),
    ]

    assert errors_for_summary(errors) == [
        {"text": "Enter full name", "href": "#name"},
        {"text": "Date of birth must include a month", "href": "#born-month"},
        {"text": "Enter town or city", "href": "#home-town"},
    ]
    assert errors_for_summary([]) == []


def test_messages_by_part_for_an_address() -> None:
    errors = [
        FieldError("home", "home-line-1", "Enter address line 1", ("line-1",)),
        FieldError("home", "home-postcode", "Enter postcode", ("postcode",)),
        FieldError("name", "name", "Enter full name"),
    ]

    assert messages_by_part(errors) == {
        "line-1": "Enter address line 1",
        "postcode": "Enter postcode",
    }


# The kept HTML of questions --------------------------------------------------------------


def test_kept_question_html_is_used_only_for_the_question_it_was_made_for(
    make_app: Any,
) -> None:
    """A question made for one request (a pattern's resolved page) may be freed, and its id
    given to another question: the kept HTML of the first must not be shown for the second."""
    import json

    from mvpkit.journeys.presentation import render_question

    app = make_app()
    first = question("text", label="Website")
    second = question("text", label="End time")
    with app.test_request_context():
        assert "Website" in render_question(first, None, [], False)
        kept = app.extensions["mvpkit.questions"]
        # As if `second` had been given the id `first` had: the entry now names its key.
        (_, html) = kept.pop(next(iter(kept)))
        kept[(id(second), json.dumps(None), False)] = (first, html)
        shown = render_question(second, None, [], False)
    assert "End time" in shown
    assert "Website" not in shown
