"""The directory's section of `service.yaml`: its title, page size and area."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from mvpkit.definition.model import Service
from mvpkit.definition.strict import Strict


class DirectorySettings(Strict):
    """A directory of community groups and events that residents search."""

    title: Annotated[str, Field(min_length=1, max_length=100)] = "Find a group or event"
    """The search page's heading."""
    per_page: Annotated[int, Field(ge=5, le=50)] = 20
    """How many results each page of a search shows: 5 to 50."""
    area_name: Annotated[str, Field(max_length=100)] | None = None
    """The place the directory covers, such as "Leeds", named in its pages."""


def directory_of(service: Service) -> DirectorySettings | None:
    """The service's `directory:` section, if it has one."""
    section = getattr(service, "directory", None)
    return section if isinstance(section, DirectorySettings) else None
