"""The running service's Kit, and how a request finds it: a leaf that every blueprint imports.

`create_app` builds the Kit and attaches it to the app; views ask `current_kit()` for it, so
no blueprint imports the application factory back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from flask import current_app

if TYPE_CHECKING:  # names for the annotations only: this module imports none of the kit
    from mvpkit.definition.model import Service
    from mvpkit.frontend.assets import Assets
    from mvpkit.settings import Settings
    from mvpkit.store.database import Database


@dataclass
class Kit:
    """What a running service knows: its definition, settings, database and assets."""

    service: Service
    slug: str
    settings: Settings
    db: Database
    assets: Assets | None


def current_kit() -> Kit:
    """The Kit of the app handling the current request."""
    return cast(Kit, current_app.extensions["mvpkit"])
