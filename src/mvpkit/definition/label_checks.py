"""Checks of the words users read: every title and label says something, and tells apart."""

from __future__ import annotations

from mvpkit.definition.asked import Asked
from mvpkit.definition.model import Service
from mvpkit.definition.source import Source
from mvpkit.definition.wording import capital, shown


def check_labels(source: Source, service: Service, asked: list[Asked]) -> None:
    """Record blank titles and labels, and labels used twice where users choose between them."""
    for index, page in enumerate(service.pages):
        if not page.title.strip():
            source.problem(
                ("pages", index, "title"),
                f"Page '{page.id}' has an empty 'title': every page needs a heading.",
            )
        labels: dict[str, str] = {}
        for number, question in enumerate(page.fields or []):
            loc = ("pages", index, "fields", number, "label")
            if not question.label.strip():
                source.problem(
                    loc,
                    f"Question '{question.id}' on page '{page.id}' has an empty 'label': "
                    "say what to enter.",
                )
            elif question.label.strip().lower() in labels:
                first = labels[question.label.strip().lower()]
                source.problem(
                    loc,
                    f"Questions '{first}' and '{question.id}' on page '{page.id}' have the same "
                    f"label, '{shown(question.label)}': give each its own words, so users and "
                    "screen readers can tell them apart.",
                )
            else:
                labels[question.label.strip().lower()] = question.id
    for item in asked:
        _check_options(source, item)


def _check_options(source: Source, item: Asked) -> None:
    seen: dict[str, int] = {}
    for number, option in enumerate(item.question.options or []):
        loc = (*item.loc, "options", number)
        words = option.label.strip().lower()
        if not words:
            source.problem(
                loc,
                f"Option {number + 1} of {item.name} has an empty 'label': "
                "say what the option means.",
            )
        elif words in seen:
            source.problem(
                loc,
                f"{capital(item.name)} has the option label '{shown(option.label)}' twice "
                f"(options {seen[words] + 1} and {number + 1}): users could not tell them apart.",
            )
        else:
            seen[words] = number
