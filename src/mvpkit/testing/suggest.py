"""An unknown step, named in a sentence with the library phrase nearest to it."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

QUOTED = re.compile(r'"[^"]*"')
PLACEHOLDER = re.compile(r"\{[^}]*\}")
CUTOFF = 0.6


def _shape(text: str) -> str:
    """The words without what is quoted or a placeholder, so values do not count."""
    return PLACEHOLDER.sub("…", QUOTED.sub('"…"', text)).lower()


def nearest_phrase(text: str, phrases: Sequence[str]) -> str | None:
    """The phrase most like `text`, or None when none is close."""
    shapes = {_shape(phrase): phrase for phrase in phrases}
    found = difflib.get_close_matches(_shape(text), list(shapes), n=1, cutoff=CUTOFF)
    return shapes[found[0]] if found else None


def unknown_step_message(text: str, phrases: Sequence[str], where: str) -> str:
    """`No step matches "...": did you mean "..."?`, with where the step is."""
    nearest = nearest_phrase(text, phrases)
    advice = (
        f'did you mean "{nearest}"?'
        if nearest
        else "no phrase of the step library is close (see docs/steps.md)."
    )
    return f'No step matches "{text}" ({where}): {advice}'
