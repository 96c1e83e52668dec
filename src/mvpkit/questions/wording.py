"""Labels reused inside sentences: "Enter full name", "Change UK phone number"."""

from __future__ import annotations

# First words that are names, so keep their capital inside a sentence.
PROPER_NOUNS = frozenset(
    {
        "I",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "English",
        "Welsh",
        "British",
        "European",
    }
)


def lower_first(text: str) -> str:
    """A label as it reads inside a sentence: only its first word loses its capital.

    'Full name' -> 'full name'; 'UK phone number', 'NHS number', 'iPhone model' and
    'Welsh speaker' stay as they are: a first word with a capital after its first letter
    is an acronym or a name, and so are the `PROPER_NOUNS`.
    """
    first, space, rest = text.partition(" ")
    if first in PROPER_NOUNS or any(letter.isupper() for letter in first[1:]):
        return text
    return first[:1].lower() + first[1:] + space + rest
