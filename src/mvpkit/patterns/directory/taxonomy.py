"""The directory's categories, in the shape of Open Referral UK's taxonomy terms.

Ids are slugs and never change: listings store them, and published open data refers to
them. Rename a term by changing its name only.
"""

from __future__ import annotations

from dataclasses import dataclass

VOCABULARY = "community-directory"


@dataclass(frozen=True)
class Term:
    """One category: id (a slug), name, vocabulary, and the id of its parent term."""

    id: str
    name: str
    parent: str | None = None
    vocabulary: str = VOCABULARY


TERMS: tuple[Term, ...] = (
    Term("parents-and-toddlers", "Parents and toddlers"),
    Term("baby-groups", "Baby groups", parent="parents-and-toddlers"),
    Term("sport-and-fitness", "Sport and fitness"),
    Term("walking-groups", "Walking groups", parent="sport-and-fitness"),
    Term("arts-and-crafts", "Arts and crafts"),
    Term("music-and-singing", "Music and singing", parent="arts-and-crafts"),
    Term("older-people", "Older people"),
    Term("young-people", "Young people"),
    Term("health-and-wellbeing", "Health and wellbeing"),
    Term("learning", "Learning"),
    Term("volunteering", "Volunteering"),
    Term("faith-and-culture", "Faith and culture"),
    Term("support-groups", "Support groups"),
)
BY_ID = {term.id: term for term in TERMS}


def term(term_id: str) -> Term | None:
    """The term with this id, or None."""
    return BY_ID.get(term_id)


def name_of(term_id: str) -> str:
    """The term's name; the id itself for a term no longer in the list."""
    found = BY_ID.get(term_id)
    return found.name if found else term_id


def with_children(term_id: str) -> list[str]:
    """This term's id and the ids of every term beneath it, for searching a category."""
    ids = [term_id]
    for candidate in TERMS:
        if candidate.parent in ids:
            ids.append(candidate.id)
    return ids


def choices() -> list[tuple[str, str]]:
    """(id, name) of every term, parents before their children, for a radios question."""
    return [(candidate.id, candidate.name) for candidate in TERMS]
