"""Advice for mistakes authors often make, added to the problems they cause."""

from __future__ import annotations

import re

from mvpkit.definition.source import Loc, Source

# Keys other tools use, with what to write in a service definition instead.
KEY_HINTS = {
    "optional": "To let users skip a question, write 'required: false' instead.",
}


def unquoted_comment(source: Source, loc: Loc) -> str | None:
    """A sentence for a value YAML read as empty because it starts with `#`, else None.

    `colour: #5a2a82` is the key `colour` with no value and a comment: only the source text
    shows what the author meant.
    """
    if not loc or not isinstance(loc[-1], str):
        return None
    key = loc[-1]
    written = re.match(rf"\s*(?:-\s+)?{re.escape(key)}:\s+(#\S*)", source.line_text(loc))
    if written is None:
        return None
    return (
        f"'{key}' is empty: YAML reads everything from ' #' to the end of the line as a "
        f'comment. Put quotes around the value, like {key}: "{written.group(1)}".'
    )
