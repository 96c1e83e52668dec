"""Warnings: a definition that works, but could serve its users better.

A warning is printed by `mvpkit validate` and the release gate, but does not fail them.
"""

from __future__ import annotations

from mvpkit.definition.asked import Asked
from mvpkit.definition.source import Source
from mvpkit.definition.wording import capital

LONG_HINT = 250  # characters: a hint is one short sentence
MOST_RADIOS = 12  # beyond this, a list is easier to use than a column of radios


def advise(source: Source, asked: list[Asked]) -> None:
    """Record on `source` a warning for each question that could be clearer."""
    for item in asked:
        question, who = item.question, capital(item.name)
        if question.summary is None and question.label.rstrip().endswith("?"):
            source.warn(
                item.loc,
                f"{who} has no 'summary': check answers, the back office and error messages "
                f"will call it '{question.short_label}'. Give it a short name, like "
                "'summary: Date of birth'.",
            )
        if question.hint and len(question.hint) > LONG_HINT:
            source.warn(
                (*item.loc, "hint"),
                f"{who} has a hint of {len(question.hint)} characters: keep a hint to one "
                f"short sentence (under {LONG_HINT}) and put more on the page before.",
            )
        options = question.options or []
        if question.type == "radios" and len(options) > MOST_RADIOS:
            source.warn(
                (*item.loc, "type"),
                f"{who} has {len(options)} radios: with more than {MOST_RADIOS} options, "
                "'type: select' is easier to use.",
            )
