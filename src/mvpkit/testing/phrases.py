"""The step library's phrases: each one registered for Given, When and Then alike.

`phrase()` records the words a step answers to and what each of its quoted values names
(a label, a heading, a button, a page path), so failures can be checked against the
service definition and an unknown step can be matched to the nearest phrase.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, TypeVar

from pytest_bdd import parsers, step

Step = TypeVar("Step", bound=Callable[..., Any])


class Kind(Enum):
    """What a quoted value in a step names on a page."""

    LABEL = "label"
    OPTION = "option"
    QUESTION = "question"
    HEADING = "heading"
    BUTTON = "button"
    PATH = "path"


PHRASES: list[str] = []
CHECKS: dict[Callable[..., Any], dict[str, Kind]] = {}


def phrase(
    words: str, *, target_fixture: str | None = None, names: Mapping[str, Kind] | None = None
) -> Callable[[Step], Step]:
    """Register a step for every keyword; `names` says what each `{value}` refers to."""
    PHRASES.append(words)
    parser = parsers.parse(words) if "{" in words else words
    register = step(parser, target_fixture=target_fixture, stacklevel=2)  # into the caller

    def decorate(func: Step) -> Step:
        if names:
            CHECKS[func] = dict(names)
        register(func)  # pytest-bdd returns the function it was given
        return func

    return decorate
