"""Checks of the files a definition names in its service folder."""

from __future__ import annotations

from mvpkit.definition.model import Service
from mvpkit.definition.source import Source

ICON_SUFFIXES = (".png", ".svg")


def check_files(source: Source, service: Service) -> None:
    """Record a problem for a council icon that is not a PNG or SVG file in the service folder."""
    icon = service.council.icon
    if icon is None:
        return
    folder = source.file.parent.resolve()
    path = (folder / icon).resolve()
    loc = ("council", "icon")
    if path.suffix.lower() not in ICON_SUFFIXES:
        source.problem(loc, f"The council icon '{icon}' must be a .png or .svg file.")
    elif not path.is_relative_to(folder):
        source.problem(loc, f"The council icon '{icon}' must be in the service folder.")
    elif not path.is_file():
        source.problem(
            loc, f"There is no file '{icon}' in the service folder for the council icon."
        )
