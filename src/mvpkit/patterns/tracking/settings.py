"""The tracking pattern's section of `service.yaml`: the statuses a report goes through."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from mvpkit.definition.model import Service
from mvpkit.definition.strict import Strict


class Tracking(Strict):
    """Public status tracking by reference; the first status is given on submission."""

    statuses: Annotated[list[str], Field(min_length=1)]
    """The statuses a report goes through; the first is given on submission."""
    title: str = "Track your report"

    @field_validator("statuses")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("tracking statuses must be different from each other")
        return value


def tracking_of(service: Service) -> Tracking | None:
    """The service's `tracking:` section, if it has one."""
    section = getattr(service, "tracking", None)
    return section if isinstance(section, Tracking) else None
