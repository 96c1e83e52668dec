"""Two rounds' journeys compared: pages, questions and their wording, added or changed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from mvpkit.definition.model import Page, Question, Service

WORDING = ("label", "hint", "summary", "type", "required", "pattern_message")


@dataclass(frozen=True)
class Change:
    """One difference: where it is, and what it was and is."""

    where: str
    what: str
    before: str = ""
    after: str = ""

    def __str__(self) -> str:
        if self.before or self.after:
            return f"{self.where}: {self.what}: {self.before!r} → {self.after!r}"
        return f"{self.where}: {self.what}"


def compare(before: Service, after: Service) -> list[Change]:
    """What changed from `before` to `after`, in the later round's page order."""
    changes: list[Change] = []
    if before.start.body != after.start.body:
        changes.append(Change("Start page", "wording changed", before.start.body, after.start.body))
    old_pages = {page.id: page for page in before.pages}
    new_ids = [page.id for page in after.pages]
    for page in after.pages:
        old = old_pages.get(page.id)
        if old is None:
            changes.append(Change(f"Page '{page.id}'", "added", after=page.title))
        else:
            changes.extend(_page_changes(old, page))
    for page in before.pages:
        if page.id not in new_ids:
            changes.append(Change(f"Page '{page.id}'", "removed", before=page.title))
    old_order = [pid for pid in (p.id for p in before.pages) if pid in new_ids]
    if old_order != [pid for pid in new_ids if pid in old_pages]:
        changes.append(Change("Journey", "pages asked in a different order"))
    if before.confirmation != after.confirmation:
        changes.append(Change("Confirmation page", "wording changed"))
    return changes


def _page_changes(before: Page, after: Page) -> Iterator[Change]:
    where = f"Page '{after.id}'"
    if before.title != after.title:
        yield Change(where, "title changed", before.title, after.title)
    if before.body != after.body:
        yield Change(where, "content changed", before.body or "", after.body or "")
    if [r.model_dump() for r in before.next] != [r.model_dump() for r in after.next]:
        yield Change(where, "where it leads changed")
    old_questions = {q.id: q for q in before.questions}
    new_ids = {q.id for q in after.questions}
    for question in after.questions:
        old = old_questions.get(question.id)
        if old is None:
            yield Change(f"{where}, question '{question.id}'", "added", after=question.label)
        elif not after.single_question or not before.single_question:
            yield from _question_changes(f"{where}, question '{question.id}'", old, question)
        else:  # the page's title is its question's label: reported once, above
            yield from _question_changes(where, old, question, skip=("label",))
    for question in before.questions:
        if question.id not in new_ids:
            yield Change(f"{where}, question '{question.id}'", "removed", before=question.label)


def _question_changes(
    where: str, before: Question, after: Question, skip: tuple[str, ...] = ()
) -> Iterator[Change]:
    for name in WORDING:
        if name in skip:
            continue
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            yield Change(where, f"{name.replace('_', ' ')} changed", _shown(old), _shown(new))
    old_options = [(o.value, o.label, o.hint) for o in before.options or ()]
    new_options = [(o.value, o.label, o.hint) for o in after.options or ()]
    if old_options != new_options:
        yield Change(
            where,
            "options changed",
            ", ".join(label for _, label, _ in old_options),
            ", ".join(label for _, label, _ in new_options),
        )
    if before.errors != after.errors:
        for key in sorted(set(before.errors) | set(after.errors)):
            if before.errors.get(key) != after.errors.get(key):
                yield Change(
                    where,
                    f"error message '{key}' changed",
                    before.errors.get(key, ""),
                    after.errors.get(key, ""),
                )


def _shown(value: object) -> str:
    return "" if value is None else str(value)
