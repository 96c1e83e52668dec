"""The service definition: `service.yaml` read into a typed model, with file:line errors.

The names below are loaded when first asked for, so that importing one module of this
package (the model, say) does not load the checks, which use the question kinds.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mvpkit.definition.loader import check_definition, load_service
    from mvpkit.definition.model import NextRule, Option, Page, Question, Service
    from mvpkit.definition.source import DefinitionError, Problem, find_definition

_HOMES = {
    "DefinitionError": "mvpkit.definition.source",
    "Problem": "mvpkit.definition.source",
    "find_definition": "mvpkit.definition.source",
    "check_definition": "mvpkit.definition.loader",
    "load_service": "mvpkit.definition.loader",
    "NextRule": "mvpkit.definition.model",
    "Option": "mvpkit.definition.model",
    "Page": "mvpkit.definition.model",
    "Question": "mvpkit.definition.model",
    "Service": "mvpkit.definition.model",
}
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


def __getattr__(name: str) -> Any:
    """One of the package's names, from the module it lives in."""
    if name not in _HOMES:
        raise AttributeError(f"module 'mvpkit.definition' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
