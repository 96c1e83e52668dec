"""Fields' docstrings, read from the source for the JSON Schema."""

from __future__ import annotations

from mvpkit.definition.attribute_docs import attribute_docstrings
from mvpkit.definition.model import Page, Question, QuestionFields
from mvpkit.definition.strict import Strict


class Base(Strict):
    kept: str = ""
    """Said once, here."""
    replaced: str = ""
    """Said by the base."""
    undocumented: str = ""


class Derived(Base):
    replaced: str = ""
    """
    Said again, by the subclass,
    over two lines.
    """

    class Inner(Strict):
        deep: int = 0
        """Found inside another class."""


def test_a_field_has_the_string_written_below_it() -> None:
    assert attribute_docstrings(Base) == {
        "kept": "Said once, here.",
        "replaced": "Said by the base.",
    }


def test_a_subclass_inherits_docstrings_and_its_own_win() -> None:
    assert attribute_docstrings(Derived) == {
        "kept": "Said once, here.",
        "replaced": "Said again, by the subclass,\nover two lines.",
    }


def test_a_nested_class_is_found_by_its_qualified_name() -> None:
    assert attribute_docstrings(Derived.Inner) == {"deep": "Found inside another class."}


def test_the_definitions_shared_question_fields_are_documented_for_pages_and_questions() -> None:
    shared = attribute_docstrings(QuestionFields)
    assert shared
    assert shared.keys() <= attribute_docstrings(Question).keys()
    assert shared.keys() <= attribute_docstrings(Page).keys()


def test_models_are_made_without_reading_their_source() -> None:
    """Reading it is the schema's business: a server start does not pay for it."""
    assert Strict.model_config.get("use_attribute_docstrings") is not True
    assert Base.model_fields["kept"].description is None
