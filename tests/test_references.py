"""Submission references: short, unique and easy to read aloud."""

from __future__ import annotations

import re

import pytest

from mvpkit.store.references import (
    ALPHABET,
    REFERENCE_PATTERN,
    is_reference,
    new_reference,
    normalise_reference,
)

SHAPE = re.compile(r"^SL-[A-Z0-9]{4}-[A-Z0-9]{4}$")


def test_a_reference_has_the_prefix_and_two_groups_of_four() -> None:
    for _ in range(200):
        reference = new_reference("SL")
        assert SHAPE.fullmatch(reference), reference
        assert is_reference(reference)


@pytest.mark.parametrize("prefix", ["A", "SL", "REF", "ABCDEF"])
def test_any_allowed_prefix(prefix: str) -> None:
    reference = new_reference(prefix)

    assert reference.startswith(f"{prefix}-")
    assert re.fullmatch(rf"{prefix}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}", reference)
    assert is_reference(reference)


def test_the_alphabet_leaves_out_characters_people_mix_up() -> None:
    assert len(set(ALPHABET)) == len(ALPHABET)
    assert set(ALPHABET) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    for confusable in "0O1IL":
        assert confusable not in ALPHABET


def test_references_use_only_the_alphabet() -> None:
    used: set[str] = set()
    for _ in range(2000):
        used.update(new_reference("SL").removeprefix("SL-").replace("-", ""))

    assert used <= set(ALPHABET)
    assert not used & set("0O1IL")
    assert used == set(ALPHABET)  # every character turns up in 16,000 draws


def test_ten_thousand_references_are_all_different() -> None:
    references = [new_reference("SL") for _ in range(10_000)]

    # 25**8 possible references: one repeat in 10,000 happens about once in 3,000 runs
    # (send() retries then), two almost never; a broken generator repeats far more.
    assert len(set(references)) >= len(references) - 1


@pytest.mark.parametrize(
    "typed",
    [
        "SL-7K4M-9XQF",
        "sl-7k4m-9xqf",
        "SL7K4M9XQF",
        "sl7k4m9xqf",
        " sl 7k4m 9xqf ",
        "SL-7K4M9XQF",
        "SL 7K4M-9XQF",
        "s l-7 k 4 m-9xqf",
        "SL--7K4M--9XQF",
        "sl\t7k4m\n9xqf",
    ],
)
def test_normalise_reference_as_typed(typed: str) -> None:
    assert normalise_reference(typed) == "SL-7K4M-9XQF"
    assert is_reference(normalise_reference(typed))


def test_normalise_reference_finds_where_the_prefix_ends() -> None:
    assert normalise_reference("refacde3467") == "REF-ACDE-3467"
    assert normalise_reference("aacde3467") == "A-ACDE-3467"
    assert normalise_reference("abcdefacde3467") == "ABCDEF-ACDE-3467"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("SL-7K4M-90QF", "SL-7K4M-90QF"),  # 0 is never in a reference
        (" sl-1234 ", "SL-1234"),
        ("no reference here", "NO REFERENCE HERE"),
        ("SL-7K4M", "SL-7K4M"),
        ("", ""),
    ],
)
def test_normalise_reference_leaves_other_text_trimmed_in_capitals(
    typed: str, expected: str
) -> None:
    assert normalise_reference(typed) == expected
    assert not is_reference(normalise_reference(typed))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "SL",
        "sl-7k4m-9xqf",  # is_reference wants the canonical form: normalise first
        "SL7K4M9XQF",
        "SL-7K4M-9XQ",
        "SL-7K4M-9XQFF",
        "SL-7K4M-9XQ0",
        "SL-7K4M-9XQO",
        "SL-7K4M-9XQ1",
        "SL-7K4M-9XQI",
        "SL-7K4M-9XQL",
        "ABCDEFG-7K4M-9XQF",
        "S1-7K4M-9XQF",
        "-7K4M-9XQF",
        " SL-7K4M-9XQF",
        "SL-7K4M-9XQF ",
        "SL-7K4M-9XQF\n",
        "SL-7K4M-9XQF-7K4M",
    ],
)
def test_is_reference_refuses_anything_else(text: str) -> None:
    assert not is_reference(text)


def test_is_reference_accepts_the_canonical_form() -> None:
    assert is_reference("SL-7K4M-9XQF")
    assert is_reference("ABCDEF-ACDE-3467")
    assert REFERENCE_PATTERN.pattern.startswith("^")
