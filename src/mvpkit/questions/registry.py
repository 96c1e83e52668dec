"""Every question kind, by its `type:` name: the kit's own, then those patterns add."""

from __future__ import annotations

from functools import cache

from mvpkit.definition.model import Question
from mvpkit.questions.address import Address
from mvpkit.questions.choice import Checkboxes, Radios, Select, YesNo
from mvpkit.questions.date import DateKind
from mvpkit.questions.kind import QuestionKind
from mvpkit.questions.password import NewPassword, Password
from mvpkit.questions.text import Email, Number, Phone, Postcode, Text, Textarea
from mvpkit.registry import installed_patterns

BUILT_IN: tuple[QuestionKind, ...] = (
    Text(),
    Textarea(),
    Number(),
    Email(),
    Phone(),
    Postcode(),
    DateKind(),
    Radios(),
    Checkboxes(),
    Select(),
    YesNo(),
    Address(),
    Password(),
    NewPassword(),
)


@cache
def kinds() -> dict[str, QuestionKind]:
    """Every kind by name, the kit's own first; a pattern cannot replace one of them."""
    found = {kind.name: kind for kind in BUILT_IN}
    for pattern in installed_patterns():
        for kind in pattern.question_kinds():
            found.setdefault(kind.name, kind)
    return found


def service_kinds() -> dict[str, QuestionKind]:
    """The kinds a `service.yaml` may ask for, by name."""
    return {name: kind for name, kind in kinds().items() if kind.in_services}


def kind_of(question: Question) -> QuestionKind:
    """The kind of this question (a type `mvpkit validate` refused is a KeyError here)."""
    return kinds()[question.type]
