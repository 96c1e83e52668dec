"""Which tags a service's features may use, and the sentence for one that is not known.

A tag is known when it is a marker pytest knows (declared in `pyproject.toml` or by a
plugin), a research round `@round_<number>`, a research participant `@participant_P<nn>`,
or a need `@need_<name>` that one of the service's features declares on its `Feature:` line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ROUND = re.compile(r"^round_[0-9]+$")
NEED = re.compile(r"^need_[a-z0-9_]+$")
PARTICIPANT = re.compile(r"^participant_P[0-9]{2,3}$")


def marker_names(lines: Iterable[str]) -> set[str]:
    """The names in pytest's `markers` lines, such as `slow: starts processes`."""
    return {re.split(r"[:(]", line, maxsplit=1)[0].strip() for line in lines if line.strip()}


def declared_needs(feature_tags: Iterable[Iterable[str]]) -> set[str]:
    """The `need_*` tags that features declare on their `Feature:` line."""
    return {tag for tags in feature_tags for tag in tags if NEED.match(tag)}


def research_shaped(tag: str) -> bool:
    """True for a tag shaped like a research round, participant or need, declared or not."""
    return bool(ROUND.match(tag) or PARTICIPANT.match(tag) or NEED.match(tag))


def is_known(tag: str, markers: set[str], needs: set[str]) -> bool:
    """True when the tag is a marker, a research round or participant, or a declared need."""
    return tag in markers or tag in needs or bool(ROUND.match(tag) or PARTICIPANT.match(tag))


def unknown_tag_message(tag: str, filename: str) -> str:
    """One sentence naming the tag and the file it is in."""
    return (
        f"Unknown tag @{tag} in {filename}: use @round_<number>, @participant_P<number>, a "
        "@need_<name> that a feature declares on its Feature line, or a marker declared in "
        "pyproject.toml."
    )
