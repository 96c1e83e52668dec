"""The installed patterns: each registers through the `mvpkit.patterns` entry point group.

The kit's own patterns register in its `pyproject.toml`; a pattern published as a package
of its own does the same in its own, and is found once installed.
"""

from __future__ import annotations

import importlib
from functools import cache
from importlib.metadata import entry_points

from mvpkit.pattern import Pattern

ENTRY_POINT_GROUP = "mvpkit.patterns"


class PatternError(TypeError):
    """An entry point in the group that is not a pattern."""


@cache
def installed_patterns() -> tuple[Pattern, ...]:
    """Every installed pattern, by name; loaded once a process."""
    found: dict[str, Pattern] = {}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        if entry.name in found:
            continue  # the same distribution seen twice on the path
        loaded = entry.load()
        pattern = loaded() if isinstance(loaded, type) else loaded
        if not isinstance(pattern, Pattern):
            raise PatternError(
                f"The entry point '{entry.name} = {entry.value}' in '{ENTRY_POINT_GROUP}' "
                "is not an mvpkit Pattern: point it at a Pattern subclass."
            )
        found[entry.name] = pattern
    return tuple(found[name] for name in sorted(found))


def load_tables() -> None:
    """Import every installed pattern's tables, so `Base.metadata` holds the whole schema.

    Patterns load their tables only when used; comparing the models with the migrations
    needs them all.
    """
    for pattern in installed_patterns():
        for module in pattern.tables:
            importlib.import_module(module)
