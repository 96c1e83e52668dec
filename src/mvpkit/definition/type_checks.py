"""The `type:` of every page and question, checked against the kinds installed.

The kinds come from the kit and from installed patterns, so the model takes any name and
this check, run on the file's data beside the model's own, refuses the unknown ones.
"""

from __future__ import annotations

from typing import Any

from mvpkit.definition.source import Loc, Source
from mvpkit.definition.wording import capital, shown
from mvpkit.questions.registry import service_kinds

EXIT = "exit"


def check_types(source: Source, data: dict[str, Any]) -> bool:
    """Record every unknown type; True when every type is known."""
    known = True
    pages = data.get("pages")
    for index, page in enumerate(pages if isinstance(pages, list) else []):
        if not isinstance(page, dict):
            continue
        page_id = shown(page.get("id", index + 1))
        known &= _check(source, ("pages", index), page.get("type"), f"page '{page_id}'", True)
        fields = page.get("fields")
        for number, field in enumerate(fields if isinstance(fields, list) else []):
            if isinstance(field, dict):
                who = f"question '{shown(field.get('id', number + 1))}' on page '{page_id}'"
                known &= _check(source, ("pages", index, "fields", number), field.get("type"), who)
    return known


def _check(source: Source, loc: Loc, kind: Any, who: str, exit_allowed: bool = False) -> bool:
    if not isinstance(kind, str) or kind in service_kinds() or (exit_allowed and kind == EXIT):
        return True  # no type (text), or not text at all, which the model reports
    exit_too = " (or exit, for a content page that ends the journey)" if exit_allowed else ""
    source.problem(
        (*loc, "type"),
        f"{capital(who)} has type '{shown(kind)}', which is not a question type. "
        f"Use one of: {', '.join(service_kinds())}{exit_too}.",
    )
    return False
