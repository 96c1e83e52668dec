"""The whole model of `service.yaml`: the kit's own keys, and each installed pattern's section."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import Field, create_model

from mvpkit.definition.model import Service
from mvpkit.registry import installed_patterns


@cache
def service_model() -> type[Service]:
    """`Service` with a key for each installed pattern's section, made once a process."""
    sections: dict[str, Any] = {}
    for pattern in installed_patterns():
        if pattern.section and pattern.settings:
            described = Field(default=None, description=pattern.description or None)
            sections[pattern.section] = (pattern.settings | None, described)
    return create_model(
        "Service",
        __base__=Service,
        __doc__=Service.__doc__,
        __module__=Service.__module__,
        **sections,
    )


def parse_service(data: Any) -> Service:
    """A service from its definition's data; raises pydantic's ValidationError."""
    return service_model().model_validate(data)
