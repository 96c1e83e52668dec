"""Patterns' HTML at named places of the kit's pages (the start page, the confirmation...)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from markupsafe import Markup

from mvpkit.kit import current_kit
from mvpkit.registry import installed_patterns


def pattern_fragments(place: str, **context: Any) -> Markup:
    """Every installed pattern's fragment for `place`, in the patterns' order."""
    kit = current_kit()
    found = (pattern.fragment(kit, place, context) for pattern in installed_patterns())
    return Markup("\n").join(fragment for fragment in found if fragment is not None)


def install_fragments(app: Flask) -> None:
    """Let templates ask for them: `{{ pattern_fragments("start") }}`."""
    app.add_template_global(pattern_fragments)
