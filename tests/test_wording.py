"""A label inside a sentence keeps the capitals of acronyms and names."""

from __future__ import annotations

import pytest

from mvpkit.questions.wording import lower_first


@pytest.mark.parametrize(
    ("label", "in_a_sentence"),
    [
        ("Full name", "full name"),
        ("Email address", "email address"),
        ("A", "a"),
        ("", ""),
        ("UK phone number", "UK phone number"),
        ("UK postcode", "UK postcode"),
        ("NHS number", "NHS number"),
        ("iPhone model", "iPhone model"),
        ("Welsh speaker", "Welsh speaker"),
        ("Monday opening time", "Monday opening time"),
        ("Date of UK arrival", "date of UK arrival"),
    ],
)
def test_only_an_ordinary_first_word_loses_its_capital(label: str, in_a_sentence: str) -> None:
    assert lower_first(label) == in_a_sentence
