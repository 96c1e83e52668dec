"""The journey engine's answer checks: every question type, in the GOV.UK Design System's words."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from werkzeug.datastructures import MultiDict

from mvpkit import clock
from mvpkit.definition.model import Page
from mvpkit.questions.answers import FieldError, PageResult, clean_text
from mvpkit.questions.date import parse_date_parts
from mvpkit.questions.registry import kinds
from mvpkit.questions.text import EMAIL_MAX_LENGTH, Text, normalise_postcode
from mvpkit.questions.validation import expected_fields, options_for, validate_page

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
PHONE_FORMAT = "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
POSTCODE_FORMAT = "Enter a full UK postcode, like AA3 1AB"
OPTIONS = ["Light not working", "Light on during the day", {"value": "other", "label": "Other"}]


def make_page(**data: Any) -> Page:
    """A one-question page with id `q`, titled 'Full name' unless told otherwise."""
    return Page.model_validate({"id": "q", "title": "Full name", **data})


def submit(page: Page, form: dict[str, Any] | list[tuple[str, str]]) -> PageResult:
    items = list(form.items()) if isinstance(form, dict) else form
    return validate_page(page, MultiDict(items))


def check(form: dict[str, Any] | list[tuple[str, str]], **data: Any) -> PageResult:
    return submit(make_page(**data), form)


def only_error(result: PageResult) -> FieldError:
    assert len(result.errors) == 1, result.errors
    assert not result.valid
    assert result.values == {}
    return result.errors[0]


def message(form: dict[str, Any] | list[tuple[str, str]], **data: Any) -> str:
    return only_error(check(form, **data)).message


def value(form: dict[str, Any] | list[tuple[str, str]], **data: Any) -> Any:
    result = check(form, **data)
    assert result.valid, result.errors
    return result.values["q"]


def date_form(day: str = "", month: str = "", year: str = "") -> dict[str, str]:
    return {"q-day": day, "q-month": month, "q-year": year}


def address_form(
    line_1: str = "", line_2: str = "", town: str = "", postcode: str = ""
) -> dict[str, str]:
    return {"q-line-1": line_1, "q-line-2": line_2, "q-town": town, "q-postcode": postcode}


# Required and optional --------------------------------------------------------------------

EMPTY_FORMS: dict[str, tuple[dict[str, Any], Any]] = {
    "text": ({"q": ""}, ""),
    "textarea": ({"q": "   "}, ""),
    "number": ({"q": ""}, ""),
    "email": ({"q": ""}, ""),
    "phone": ({"q": ""}, ""),
    "postcode": ({"q": ""}, ""),
    "date": (date_form(), ""),
    "radios": ({"q": ""}, ""),
    "checkboxes": ({}, []),
    "select": ({"q": ""}, ""),
    "yesno": ({}, ""),
    "address": (address_form(), ""),
}


def typed(kind: str, **data: Any) -> dict[str, Any]:
    if kind in ("radios", "checkboxes", "select"):
        data.setdefault("options", OPTIONS)
    return {"type": kind, **data}


@pytest.mark.parametrize("kind", list(EMPTY_FORMS))
def test_an_empty_optional_answer_is_kept_as_nothing_without_an_error(kind: str) -> None:
    form, empty = EMPTY_FORMS[kind]

    result = check(form, **typed(kind, required=False))

    assert result.valid
    assert result.errors == []
    assert result.values == {"q": empty}


@pytest.mark.parametrize("kind", list(EMPTY_FORMS))
def test_an_empty_required_answer_is_an_error(kind: str) -> None:
    form, _ = EMPTY_FORMS[kind]

    result = check(form, **typed(kind))

    assert result.errors
    assert result.values == {}
    assert all(error.question_id == "q" for error in result.errors)


@pytest.mark.parametrize("kind", list(EMPTY_FORMS))
def test_a_missing_field_counts_as_empty(kind: str) -> None:
    assert check({}, **typed(kind, required=False)).values == {"q": EMPTY_FORMS[kind][1]}
    assert not check({}, **typed(kind)).valid


@pytest.mark.parametrize(
    ("kind", "title", "expected"),
    [
        ("text", "Full name", "Enter full name"),
        ("text", "UK postcode of the site", "Enter UK postcode of the site"),
        ("text", "What is the problem?", "Enter an answer"),
        ("textarea", "Description of the problem", "Enter description of the problem"),
        ("number", "Number of lights", "Enter number of lights"),
        ("email", "Your email", "Enter an email address"),
        ("phone", "Your phone", "Enter a phone number"),
        ("postcode", "Your postcode", "Enter a postcode"),
        ("date", "Date of birth", "Enter date of birth"),
        ("date", "When did it happen?", "Enter a date"),
        ("radios", "The problem", "Select the problem"),
        ("radios", "What is the problem?", "Select an answer"),
        ("select", "Colour", "Select colour"),
        ("checkboxes", "Problems", "Select problems"),
        ("checkboxes", "What is wrong?", "Select at least one option"),
        ("yesno", "Is it dark?", "Select yes or no"),
    ],
)
def test_default_required_messages(kind: str, title: str, expected: str) -> None:
    form, _ = EMPTY_FORMS[kind]

    assert message(form, **typed(kind, title=title)) == expected


def test_a_summary_names_the_answer_in_the_required_message() -> None:
    assert message({"q": ""}, title="What is your name?", summary="Your name") == "Enter your name"
    assert (
        message(date_form(), type="date", title="When did it start?", summary="Start date")
        == "Enter start date"
    )
    assert (
        message({}, **typed("radios", title="What is wrong?", summary="The problem"))
        == "Select the problem"
    )


def test_a_required_address_left_empty_asks_for_each_required_part() -> None:
    result = check(address_form(), type="address", title="Your address")

    assert [(e.anchor, e.message, e.parts) for e in result.errors] == [
        ("q-line-1", "Enter address line 1, typically the building and street", ("line-1",)),
        ("q-town", "Enter town or city", ("town",)),
        ("q-postcode", "Enter postcode", ("postcode",)),
    ]


# errors: overrides -------------------------------------------------------------------------

OVERRIDES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("required", {"type": "text"}, {"q": ""}),
    ("max_length", {"type": "text", "max_length": 3}, {"q": "abcd"}),
    ("min_length", {"type": "text", "min_length": 3}, {"q": "ab"}),
    ("pattern", {"type": "text", "pattern": "[0-9]+"}, {"q": "abc"}),
    ("format", {"type": "email"}, {"q": "nope"}),
    ("format", {"type": "phone"}, {"q": "call me"}),
    ("format", {"type": "postcode"}, {"q": "XX"}),
    ("format", {"type": "number"}, {"q": "ten"}),
    ("min", {"type": "number", "min": 5}, {"q": "4"}),
    ("max", {"type": "number", "max": 5}, {"q": "6"}),
    ("required", {"type": "date"}, date_form()),
    ("incomplete", {"type": "date"}, date_form("1", "", "2020")),
    ("real", {"type": "date"}, date_form("31", "2", "2023")),
    ("min", {"type": "date", "min": "2020-01-01"}, date_form("31", "12", "2019")),
    ("max", {"type": "date", "max": "today"}, {"q-day": "1", "q-month": "1", "q-year": "9999"}),
    ("required", typed("radios"), {}),
    ("choice", typed("radios"), {"q": "Broken"}),
    ("required", typed("select"), {"q": ""}),
    ("choice", typed("select"), {"q": "Broken"}),
    ("required", typed("yesno"), {}),
    ("choice", typed("yesno"), {"q": "maybe"}),
    ("required", typed("checkboxes"), {}),
    ("choice", typed("checkboxes"), {"q": "Broken"}),
    ("line-1-required", {"type": "address"}, address_form("", "", "Leeds", "LS1 1AA")),
    ("town-required", {"type": "address"}, address_form("1 High St", "", "", "LS1 1AA")),
    ("postcode-required", {"type": "address"}, address_form("1 High St", "", "Leeds", "")),
    ("postcode-format", {"type": "address"}, address_form("1 High St", "", "Leeds", "LS")),
    ("line-1-max_length", {"type": "address"}, address_form("x" * 101, "", "Leeds", "LS1 1AA")),
    ("line-2-max_length", {"type": "address"}, address_form("1", "x" * 101, "Leeds", "LS1 1AA")),
    ("town-max_length", {"type": "address"}, address_form("1 High St", "", "x" * 61, "LS1 1AA")),
]


@pytest.mark.parametrize(
    ("key", "data", "form"), OVERRIDES, ids=[f"{d['type']}-{k}" for k, d, _ in OVERRIDES]
)
def test_errors_override_each_default_message(
    key: str, data: dict[str, Any], form: dict[str, Any]
) -> None:
    default = message(form, **data)
    custom = f"Custom words for {key}"

    overridden = message(form, **data, errors={key: custom})

    assert default != custom
    assert overridden == custom


@pytest.mark.parametrize("key", ["min", "max"])
def test_a_number_bound_override_is_not_hidden_by_a_format_override(key: str) -> None:
    data = {"type": "number", "min": 1, "max": 9}
    errors = {"format": "Enter the number of lights in figures", key: f"Too {key}"}
    outside = "0" if key == "min" else "99"

    assert message({"q": outside}, **data, errors=errors) == f"Too {key}"
    assert message({"q": "lots"}, **data, errors=errors) == errors["format"]


def test_an_override_for_another_key_leaves_the_default() -> None:
    assert message({"q": ""}, errors={"max_length": "Too long"}) == "Enter full name"


def test_pattern_message_is_used_and_an_errors_override_beats_it() -> None:
    data = {
        "pattern": "[A-Z]{2}[0-9]{6}",
        "pattern_message": "Enter a permit number, like AB123456",
    }

    assert message({"q": "ab12"}, **data) == "Enter a permit number, like AB123456"
    assert message({"q": "ab12"}, **data, errors={"pattern": "No"}) == "No"
    assert message({"q": "ab12"}, pattern="[A-Z]+") == "Full name is not in the right format"
    assert value({"q": "AB123456"}, **data) == "AB123456"


def test_a_pattern_must_match_the_whole_answer() -> None:
    assert not check({"q": "12abc"}, pattern="[0-9]+").valid
    assert value({"q": "123"}, pattern="[0-9]+") == "123"


def test_a_pattern_is_checked_against_the_normalised_postcode() -> None:
    assert value({"q": "ls1 1aa"}, type="postcode", pattern="LS[0-9]+ [0-9A-Z]+") == "LS1 1AA"


# Lengths ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "limit"), [("text", 500), ("textarea", 5000)])
def test_default_max_lengths(kind: str, limit: int) -> None:
    text_kind = kinds()[kind]
    assert isinstance(text_kind, Text)
    assert text_kind.max_length == limit
    assert value({"q": "x" * limit}, type=kind) == "x" * limit

    words = f"Full name must be {limit:,} characters or fewer"
    assert message({"q": "x" * (limit + 1)}, type=kind) == words


def test_max_length_boundary() -> None:
    assert value({"q": "x" * 10}, max_length=10) == "x" * 10
    error = only_error(check({"q": "x" * 11}, max_length=10))
    assert error.message == "Full name must be 10 characters or fewer"
    assert error.anchor == "q"


def test_a_max_length_over_the_default_raises_the_limit() -> None:
    assert value({"q": "x" * 800}, max_length=1000) == "x" * 800


def test_min_length_boundary() -> None:
    assert value({"q": "abc"}, min_length=3) == "abc"
    assert message({"q": "ab"}, min_length=3) == "Full name must be 3 characters or more"


def test_lengths_are_counted_after_trimming() -> None:
    assert value({"q": "  abc  "}, max_length=3) == "abc"
    assert message({"q": "  ab  "}, min_length=3) == "Full name must be 3 characters or more"


def test_large_lengths_are_written_with_a_comma() -> None:
    assert message({"q": "x" * 1001}, type="textarea", max_length=1000) == (
        "Full name must be 1,000 characters or fewer"
    )


# Cleaning -----------------------------------------------------------------------------------


def test_control_characters_are_stripped_and_whitespace_trimmed() -> None:
    assert value({"q": "  Jo\x00hn\x07 Smith\x1f\x7f \n"}) == "John Smith"
    assert clean_text("\x00\x08\x0b\x0c\x0e\x1f\x7f") == ""
    assert clean_text(None) == ""


def test_a_textarea_keeps_its_line_breaks_and_tabs() -> None:
    assert value({"q": "one\r\ntwo\n\tthree\x00"}, type="textarea") == "one\r\ntwo\n\tthree"


def test_only_control_characters_counts_as_empty() -> None:
    assert message({"q": "\x00\x01 \x02"}) == "Enter full name"


def test_what_was_typed_is_kept_for_showing_again() -> None:
    result = check({"q": "  not an email "}, type="email", title="Email address")

    assert result.entered == {"q": "not an email"}
    assert not result.valid


# Email --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "email",
    ["name@example.com", "first.last+tag@sub.example.co.uk", "o'neil@example.org"],
)
def test_good_email_addresses_are_accepted(email: str) -> None:
    assert value({"q": f" {email} "}, type="email", title="Email address") == email


@pytest.mark.parametrize(
    "email",
    [
        "name",
        "name@",
        "@example.com",
        "name@example",
        "name@@example.com",
        "name@exa mple.com",
        "na me@example.com",
        "name@example.",
        "name@.com",
        "name example.com",
        "victim@example.org,x1.example",  # two addresses to an SMTP server
        "victim@example.org;x1@example.org",
        "Victim <victim@example.org>",
        "name@example.com,",
        "name@" + "b" * 64 + ".com",  # a domain label longer than 63
    ],
)
def test_badly_formed_email_addresses_are_rejected(email: str) -> None:
    assert message({"q": email}, type="email", title="Email address") == EMAIL_FORMAT


def test_email_is_limited_to_254_characters() -> None:
    assert EMAIL_MAX_LENGTH == 254
    longest = "a" * 64 + "@" + ".".join(["b" * 61] * 3) + ".com"  # labels of 63 at most
    assert len(longest) == 254

    assert value({"q": longest}, type="email", title="Email address") == longest
    assert message({"q": "a" + longest}, type="email", title="Email address") == (
        "Email address must be 254 characters or fewer"
    )


def test_an_email_max_length_can_lower_the_limit_but_not_raise_it() -> None:
    address = "a" * 250 + "@b.co"  # 255 characters
    assert not check({"q": address}, type="email", max_length=1000).valid
    assert not check({"q": "abcdef@b.co"}, type="email", max_length=10).valid


# Phone --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    [
        "01632 960 001",
        "01632960999",
        "07700 900 982",
        "07700900000",
        "07700 900999",
        "+44 808 157 0192",
        "+44 (0)7700 900 982",
        "(01632) 960-001",
        "01632.960.001",
    ],
)
def test_drama_phone_numbers_in_any_format_are_accepted(phone: str) -> None:
    assert value({"q": phone}, type="phone", title="Phone number") == phone


def test_phone_spaces_are_collapsed() -> None:
    assert value({"q": "  07700   900\t982 "}, type="phone") == "07700 900 982"


@pytest.mark.parametrize(
    "phone",
    ["07700 9OO 982", "call 07700 900982", "07700 900982 ext 4", "0770090098x", "one two"],
)
def test_phone_numbers_with_letters_are_rejected(phone: str) -> None:
    assert message({"q": phone}, type="phone") == PHONE_FORMAT


@pytest.mark.parametrize("phone", ["0770090098"[:9], "999", "+44", "1" * 16])
def test_phone_numbers_too_short_or_too_long_are_rejected(phone: str) -> None:
    assert message({"q": phone}, type="phone") == PHONE_FORMAT


def test_phone_number_of_ten_digits_is_enough() -> None:
    assert value({"q": "0770090098"}, type="phone") == "0770090098"


# Postcode -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed_postcode", "normalised"),
    [
        ("SW1A 1AA", "SW1A 1AA"),
        ("sw1a1aa", "SW1A 1AA"),
        ("  sw1a   1aa ", "SW1A 1AA"),
        ("S W 1 A 1 A A", "SW1A 1AA"),
        ("Sw1A\t1aA", "SW1A 1AA"),
        ("m11ae", "M1 1AE"),
        ("b33 8th", "B33 8TH"),
        ("cr2 6xh", "CR2 6XH"),
        ("dn551pt", "DN55 1PT"),
        ("w1a 0ax", "W1A 0AX"),
    ],
)
def test_postcodes_in_any_case_and_spacing_are_normalised(
    typed_postcode: str, normalised: str
) -> None:
    assert value({"q": typed_postcode}, type="postcode", title="Postcode") == normalised
    assert normalise_postcode(typed_postcode) == normalised


@pytest.mark.parametrize(
    "postcode",
    ["SW1A", "1AA", "SW1A 1A", "SW1A 1AAA", "SWAA 1AA", "12345", "SW1A-1AA", "SW1A 1ÅA", "ZZZ"],
)
def test_bad_postcodes_are_rejected(postcode: str) -> None:
    assert message({"q": postcode}, type="postcode") == POSTCODE_FORMAT
    assert normalise_postcode(postcode) is None


# Number -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed_number", "kept"),
    [
        ("42", "42"),
        (" 42 ", "42"),
        ("1,000", "1000"),
        ("1,000,000.50", "1000000.50"),
        ("-3", "-3"),
        ("+3", "+3"),
        ("0.5", "0.5"),
        (".5", ".5"),
        ("0", "0"),
    ],
)
def test_numbers_are_accepted_with_commas_removed(typed_number: str, kept: str) -> None:
    assert value({"q": typed_number}, type="number", title="Number of lights") == kept


@pytest.mark.parametrize(
    "typed_number",
    [
        "ten",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "Infinity",
        "1e5",
        "1_000",
        "0x10",
        "£5",
        "5 lights",
        "1.2.3",
        "-",
        ".",
        "1e400",
        "١٢",
    ],
)
def test_things_that_are_not_numbers_are_rejected(typed_number: str) -> None:
    assert message({"q": typed_number}, type="number", title="Number of lights") == (
        "Number of lights must be a number"
    )


def test_number_min_and_max_are_inclusive() -> None:
    data = {"type": "number", "title": "Number of lights", "min": 1, "max": 10}

    assert value({"q": "1"}, **data) == "1"
    assert value({"q": "10"}, **data) == "10"
    assert message({"q": "0.99"}, **data) == "Number of lights must be 1 or more"
    assert message({"q": "10.5"}, **data) == "Number of lights must be 10 or less"


def test_number_bounds_are_written_plainly() -> None:
    data = {"type": "number", "title": "Amount", "min": 0.5, "max": 1000000}

    assert message({"q": "0.1"}, **data) == "Amount must be 0.5 or more"
    assert message({"q": "2,000,000"}, **data) == "Amount must be 1,000,000 or less"


def test_number_bounds_apply_after_commas_are_removed() -> None:
    assert message({"q": "1,001"}, type="number", title="Amount", max=1000) == (
        "Amount must be 1,000 or less"
    )


# Date ---------------------------------------------------------------------------------------


def test_a_date_is_stored_as_iso() -> None:
    assert value(date_form("27", "3", "2007"), type="date") == "2007-03-27"
    assert value(date_form(" 07 ", "03", "2007"), type="date") == "2007-03-07"


@pytest.mark.parametrize(
    "month", ["March", "march", "MARCH", "Mar", "mar", "Mar.", "3", "03", "Marc"]
)
def test_month_names_and_numbers_are_accepted(month: str) -> None:
    assert value(date_form("27", month, "2007"), type="date") == "2007-03-27"


@pytest.mark.parametrize(("month", "number"), [("Sept", 9), ("sep", 9), ("december", 12)])
def test_other_month_names(month: str, number: int) -> None:
    assert value(date_form("1", month, "2007"), type="date") == f"2007-{number:02}-01"


@pytest.mark.parametrize("month", ["Ma", "Mayonnaise", "Marchy", "Juneteenth", "13", "0", "x"])
def test_words_that_are_not_months_are_not_real_dates(month: str) -> None:
    assert message(date_form("1", month, "2007"), type="date", title="Date of birth") == (
        "Date of birth must be a real date"
    )


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("31", "2", "2023"),
        ("29", "2", "2023"),
        ("31", "4", "2024"),
        ("0", "1", "2024"),
        ("32", "1", "2024"),
        ("1", "1", "999"),
        ("1", "1", "23"),
        ("1", "1", "10000"),
        ("x", "1", "2024"),
        ("1.5", "1", "2024"),
        ("-1", "1", "2024"),
    ],
)
def test_dates_that_do_not_exist_are_rejected(day: str, month: str, year: str) -> None:
    error = only_error(check(date_form(day, month, year), type="date", title="Date of birth"))

    assert error.message == "Date of birth must be a real date"
    assert error.anchor == "q-day"
    assert error.parts == ("day", "month", "year")


def test_a_leap_day_is_real() -> None:
    assert value(date_form("29", "2", "2024"), type="date") == "2024-02-29"


def test_year_1000_is_the_earliest() -> None:
    assert value(date_form("1", "1", "1000"), type="date") == "1000-01-01"
    assert parse_date_parts({"day": "1", "month": "1", "year": "0999"}) is None


@pytest.mark.parametrize(
    ("form", "words", "anchor", "parts"),
    [
        (date_form("27", "", "2007"), "must include a month", "q-month", ("month",)),
        (date_form("", "3", "2007"), "must include a day", "q-day", ("day",)),
        (date_form("27", "3", ""), "must include a year", "q-year", ("year",)),
        (date_form("", "3", ""), "must include a day and a year", "q-day", ("day", "year")),
        (date_form("", "", "2007"), "must include a day and a month", "q-day", ("day", "month")),
        (date_form("27", "", ""), "must include a month and a year", "q-month", ("month", "year")),
    ],
)
def test_a_date_missing_parts_says_which(
    form: dict[str, str], words: str, anchor: str, parts: tuple[str, ...]
) -> None:
    error = only_error(check(form, type="date", title="Date of birth"))

    assert error.message == f"Date of birth {words}"
    assert error.anchor == anchor
    assert error.parts == parts


def test_an_empty_date_links_to_the_day() -> None:
    error = only_error(check(date_form(), type="date", title="Date of birth"))

    assert error.anchor == "q-day"
    assert error.message == "Enter date of birth"


def test_date_max_today() -> None:
    today = clock.today()
    tomorrow = today + timedelta(days=1)
    data = {"type": "date", "title": "Date of birth", "max": "today"}

    assert value(date_form(str(today.day), str(today.month), str(today.year)), **data) == (
        today.isoformat()
    )
    error = only_error(
        check(date_form(str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)), **data)
    )
    assert error.message == "Date of birth must be today or in the past"
    assert error.anchor == "q-day"


def test_date_min_today() -> None:
    today = clock.today()
    yesterday = today - timedelta(days=1)
    data = {"type": "date", "title": "Start date", "min": "today"}

    assert value(date_form(str(today.day), str(today.month), str(today.year)), **data) == (
        today.isoformat()
    )
    assert message(
        date_form(str(yesterday.day), str(yesterday.month), str(yesterday.year)), **data
    ) == ("Start date must be today or in the future")


def test_date_min_and_max_iso_dates_are_inclusive() -> None:
    data = {"type": "date", "title": "Start date", "min": "2024-01-31", "max": "2024-12-01"}

    assert value(date_form("31", "1", "2024"), **data) == "2024-01-31"
    assert value(date_form("1", "12", "2024"), **data) == "2024-12-01"
    assert message(date_form("30", "1", "2024"), **data) == (
        "Start date must be the same as or after 31 January 2024"
    )
    assert message(date_form("2", "12", "2024"), **data) == (
        "Start date must be the same as or before 1 December 2024"
    )


def test_a_date_bound_from_yaml_as_a_date_works() -> None:
    data = {"type": "date", "title": "Start date", "min": date(2024, 1, 31)}

    assert message(date_form("30", "1", "2024"), **data) == (
        "Start date must be the same as or after 31 January 2024"
    )


def test_date_checks_come_in_order_missing_then_real_then_bounds() -> None:
    data = {"type": "date", "title": "Start date", "min": "2024-01-01"}

    assert message(date_form("31", "2", ""), **data) == "Start date must include a year"
    assert message(date_form("31", "2", "2023"), **data) == "Start date must be a real date"


# Choices ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["radios", "select"])
def test_a_choice_must_be_one_of_the_options(kind: str) -> None:
    assert value({"q": "Light not working"}, **typed(kind)) == "Light not working"
    assert value({"q": "other"}, **typed(kind)) == "other"
    error = only_error(check({"q": "Other"}, **typed(kind)))  # the label, not the value
    assert error.message == "Select one of the options shown"
    assert error.anchor == "q"


def test_a_radios_error_links_to_the_question_id() -> None:
    error = only_error(check({}, **typed("radios", title="The problem")))

    assert (error.question_id, error.anchor) == ("q", "q")


def test_yesno_takes_yes_or_no() -> None:
    assert value({"q": "yes"}, type="yesno") == "yes"
    assert value({"q": "no"}, type="yesno") == "no"
    assert message({"q": "Yes"}, type="yesno") == "Select one of the options shown"
    assert [o.value for o in options_for(make_page(type="yesno").questions[0])] == ["yes", "no"]


def test_checkboxes_keep_the_options_order_once_each() -> None:
    form = [("q", "other"), ("q", "Light not working"), ("q", "other"), ("q", " ")]

    assert value(form, **typed("checkboxes")) == ["Light not working", "other"]


def test_checkboxes_with_a_value_not_offered_are_rejected() -> None:
    form = [("q", "Light not working"), ("q", "Lamp post fell over")]

    error = only_error(check(form, **typed("checkboxes")))

    assert error.message == "Select only the options shown"
    assert error.anchor == "q"


def test_a_choice_is_trimmed_and_cleaned() -> None:
    assert value({"q": " other\x00 "}, **typed("radios")) == "other"
    assert value([("q", " other\x00 ")], **typed("checkboxes")) == ["other"]


# Address ------------------------------------------------------------------------------------


def test_an_address_is_kept_by_part_with_its_postcode_normalised() -> None:
    kept = value(address_form(" 1 High St ", "", "Leeds", "ls1  1aa"), type="address")

    assert kept == {"line-1": "1 High St", "line-2": "", "town": "Leeds", "postcode": "LS1 1AA"}


def test_an_address_postcode_may_have_any_spaces() -> None:
    kept = value(address_form("1 High St", "", "Leeds", " l s 1   1 a a "), type="address")

    assert kept["postcode"] == "LS1 1AA"


@pytest.mark.parametrize(
    ("form", "anchor", "words"),
    [
        (address_form("", "", "Leeds", "LS1 1AA"), "q-line-1", "Enter address line 1"),
        (address_form("1 High St", "", "", "LS1 1AA"), "q-town", "Enter town or city"),
        (address_form("1 High St", "", "Leeds", ""), "q-postcode", "Enter postcode"),
        (address_form("1 High St", "", "Leeds", "LS1"), "q-postcode", POSTCODE_FORMAT),
        (
            address_form("x" * 101, "", "Leeds", "LS1 1AA"),
            "q-line-1",
            "Address line 1 must be 100 characters or fewer",
        ),
        (
            address_form("1", "x" * 101, "Leeds", "LS1 1AA"),
            "q-line-2",
            "Address line 2 must be 100 characters or fewer",
        ),
        (
            address_form("1", "", "x" * 61, "LS1 1AA"),
            "q-town",
            "Town or city must be 60 characters or fewer",
        ),
        (
            address_form("1", "", "Leeds", "LS1 1AA LS1 1AA"),
            "q-postcode",
            "Postcode must be 10 characters or fewer",
        ),
    ],
)
def test_an_address_error_links_to_its_part(form: dict[str, str], anchor: str, words: str) -> None:
    error = only_error(check(form, type="address", title="Your address"))

    assert error.anchor == anchor
    assert error.message.startswith(words)
    assert error.parts == (anchor.removeprefix("q-"),)


def test_address_part_limits_are_inclusive() -> None:
    kept = value(address_form("x" * 100, "y" * 100, "z" * 60, "LS1 1AA"), type="address")

    assert kept["line-1"] == "x" * 100


def test_an_optional_address_partly_filled_is_checked() -> None:
    result = check(address_form("1 High St"), type="address", required=False)

    assert [error.anchor for error in result.errors] == ["q-town", "q-postcode"]


# expected_fields and pages of several questions ---------------------------------------------


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("text", {"q"}),
        ("textarea", {"q"}),
        ("number", {"q"}),
        ("email", {"q"}),
        ("phone", {"q"}),
        ("postcode", {"q"}),
        ("radios", {"q"}),
        ("checkboxes", {"q"}),
        ("select", {"q"}),
        ("yesno", {"q"}),
        ("date", {"q-day", "q-month", "q-year"}),
        ("address", {"q-line-1", "q-line-2", "q-town", "q-postcode"}),
    ],
)
def test_expected_fields_for_each_type(kind: str, fields: set[str]) -> None:
    assert expected_fields(make_page(**typed(kind))) == fields


def test_expected_fields_of_a_page_of_several_questions_and_an_exit_page() -> None:
    page = Page.model_validate(
        {
            "id": "contact",
            "title": "Your details",
            "fields": [
                {"id": "name", "label": "Full name"},
                {"id": "born", "label": "Date of birth", "type": "date"},
                {"id": "home", "label": "Address", "type": "address"},
            ],
        }
    )
    exit_page = Page.model_validate({"id": "out", "title": "Sorry", "type": "exit"})

    assert expected_fields(page) == {
        "name",
        "born-day",
        "born-month",
        "born-year",
        "home-line-1",
        "home-line-2",
        "home-town",
        "home-postcode",
    }
    assert expected_fields(exit_page) == set()
    assert validate_page(exit_page, MultiDict()).valid


def test_a_page_of_several_questions_collects_every_error_in_order() -> None:
    page = Page.model_validate(
        {
            "id": "contact",
            "title": "Your contact details",
            "fields": [
                {"id": "name", "label": "Full name"},
                {"id": "email", "label": "Email address", "type": "email"},
                {"id": "nickname", "label": "Nickname", "required": False},
                {"id": "born", "label": "Date of birth", "type": "date"},
                {"id": "contact", "label": "Contact by", "type": "radios", "options": ["Post"]},
            ],
        }
    )
    form = {"name": "", "email": "x@", "nickname": "", "born-month": "3", "contact": ""}

    result = submit(page, form)

    assert [(e.question_id, e.anchor, e.message) for e in result.errors] == [
        ("name", "name", "Enter full name"),
        ("email", "email", EMAIL_FORMAT),
        ("born", "born-day", "Date of birth must include a day and a year"),
        ("contact", "contact", "Select contact by"),
    ]
    assert result.values == {"nickname": ""}


def test_a_page_of_several_questions_all_answered() -> None:
    page = Page.model_validate(
        {
            "id": "contact",
            "title": "Your contact details",
            "fields": [
                {"id": "name", "label": "Full name"},
                {"id": "email", "label": "Email address", "type": "email", "required": False},
            ],
        }
    )

    result = submit(page, {"name": " Ada Lovelace ", "email": ""})

    assert result.valid
    assert result.values == {"name": "Ada Lovelace", "email": ""}


# Wording ------------------------------------------------------------------------------------

FORBIDDEN = re.compile(r"\b(please|sorry|valid|invalid|oops)\b|this field is required", re.I)

WORDING_CASES: list[tuple[dict[str, Any], Any]] = [
    *[(typed(kind), form) for kind, (form, _) in EMPTY_FORMS.items()],
    *[(typed(kind, title="What is it?"), form) for kind, (form, _) in EMPTY_FORMS.items()],
    *[(data, form) for _, data, form in OVERRIDES],
    ({"type": "email"}, {"q": "x" * 255}),
    ({"type": "email"}, {"q": "a b@c.d"}),
    ({"type": "phone"}, {"q": "1"}),
    ({"type": "postcode"}, {"q": "SW1"}),
    ({"type": "number"}, {"q": "nan"}),
    ({"type": "number", "min": 3}, {"q": "1"}),
    ({"type": "number", "max": 3.5}, {"q": "4"}),
    ({"type": "date", "max": "today"}, date_form("1", "1", "9999")),
    ({"type": "date", "min": "today"}, date_form("1", "1", "1000")),
    ({"type": "date", "max": "2000-01-01"}, date_form("2", "1", "2000")),
    ({"type": "date"}, date_form("", "", "2000")),
    ({"type": "date"}, date_form("1", "Mayonnaise", "2000")),
    ({"type": "text", "pattern": "[0-9]+"}, {"q": "abc"}),
    ({"type": "textarea"}, {"q": "x" * 5001}),
    ({"type": "address"}, address_form("x" * 101, "x" * 101, "x" * 61, "x" * 11)),
    ({"type": "address"}, address_form(postcode="nowhere")),
]


def test_no_default_message_says_please_sorry_valid_or_this_field_is_required() -> None:
    messages = []
    for data, form in WORDING_CASES:
        result = check(form, **data)
        assert result.errors, (data, form)
        messages.extend(error.message for error in result.errors)

    assert len(messages) > len(WORDING_CASES)
    offending = [text for text in messages if FORBIDDEN.search(text)]
    assert offending == []
    assert all(text[:1].isupper() and not text.endswith(".") for text in messages)


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("99999999999999999999", "1", "2020"),
        ("1", "99999999999999999999", "2020"),
        ("1", "1", "99999999999999999999"),
        ("-1", "1", "2020"),
        ("1" * 5000, "1", "2020"),
    ],
)
def test_absurd_date_numbers_are_not_a_real_date(day: str, month: str, year: str) -> None:
    from mvpkit.questions.date import parse_date_parts

    assert parse_date_parts({"day": day, "month": month, "year": year}) is None
