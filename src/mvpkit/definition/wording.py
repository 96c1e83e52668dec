"""Values from a service definition, put into plain words for problem messages."""

from __future__ import annotations

from typing import Any


def capital(text: str) -> str:
    """`text` with its first letter made a capital."""
    return text[:1].upper() + text[1:]


def shown(value: Any) -> str:
    """A value as text for a message, cut short after 40 characters."""
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def kind_of(value: Any) -> str:
    """What a YAML value is, in words."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {shown(value)}"
    if isinstance(value, str):
        return f"the text '{shown(value)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"
