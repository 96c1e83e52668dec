"""The service definition: `service.yaml` read into a typed model, with file:line errors."""

from mvpkit.definition.loader import (
    DefinitionError,
    Problem,
    check_definition,
    find_definition,
    load_service,
)
from mvpkit.definition.model import NextRule, Option, Page, Question, Service

__all__ = [
    "DefinitionError",
    "NextRule",
    "Option",
    "Page",
    "Problem",
    "Question",
    "Service",
    "check_definition",
    "find_definition",
    "load_service",
]
