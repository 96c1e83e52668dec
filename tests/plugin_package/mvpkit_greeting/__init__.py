"""A pattern published outside the kit: a greeting page, and a question kind of its own.

Installed (its dist-info beside it on the path) it registers through the `mvpkit.patterns`
entry point group, as any pattern package does; the kit's core is not changed for it.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import Blueprint, Flask

from mvpkit.definition.model import Option, Question, Service
from mvpkit.definition.strict import Strict
from mvpkit.kit import current_kit
from mvpkit.pattern import Pattern
from mvpkit.questions.choice import Radios
from mvpkit.questions.kind import QuestionKind

greeting = Blueprint("greeting", __name__, url_prefix="/greeting")


class GreetingSettings(Strict):
    """`greeting:` in service.yaml."""

    words: str


class Colour(Radios):
    """A colour, from three."""

    name = "colour"
    choice = False

    def options(self, question: Question) -> Sequence[Option]:
        """Red, green or blue."""
        return [Option(value=value, label=value.capitalize()) for value in ("red", "green", "blue")]


@greeting.get("/")
def hello() -> str:
    """The service's greeting, as plain text."""
    section = getattr(current_kit().service, "greeting", None)
    assert isinstance(section, GreetingSettings)
    return section.words


class GreetingPattern(Pattern):
    """A greeting at /greeting, and a colour question."""

    name = "greeting"
    section = "greeting"
    settings = GreetingSettings

    def question_kinds(self) -> Sequence[QuestionKind]:
        """The colour kind."""
        return (Colour(),)

    def reserved_paths(self, service: Service) -> frozenset[str]:
        """Its page."""
        return frozenset({"greeting"})

    def install(self, app: Flask, service: Service) -> None:
        """Its blueprint."""
        app.register_blueprint(greeting)
