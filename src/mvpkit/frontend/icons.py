"""The favicon and app icon: the council's own, or a neutral one; never GOV.UK's crown.

A council brand must not show the crown, so pages branded `council` link to the icon the
definition names (`council.icon`, a PNG or SVG file in the service folder) or to the kit's
neutral icon. Pages branded `govuk` keep GOV.UK Frontend's icons.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from flask import Flask, Response, abort, send_file

MIMETYPES = {".png": "image/png", ".svg": "image/svg+xml"}
MAX_AGE = 24 * 3600  # a council may change its icon: a day, not the week assets get


def _neutral(name: str) -> Path:
    return Path(str(resources.files("mvpkit.frontend") / "icons" / name))


@dataclass(frozen=True)
class Icons:
    """The files behind a page's icon links: `touch` is None when there is no PNG."""

    icon: Path
    touch: Path | None

    @property
    def icon_type(self) -> str:
        """The icon's media type, for the link's `type`."""
        return MIMETYPES[self.icon.suffix.lower()]


NEUTRAL = Icons(icon=_neutral("neutral.svg"), touch=_neutral("neutral-180.png"))


def icons_for(folder: Path, icon: str | None) -> Icons:
    """The council's icon from its service folder, or the neutral icons when it names none."""
    if icon is None:
        return NEUTRAL
    path = (folder / icon).resolve()
    return Icons(icon=path, touch=path if path.suffix.lower() == ".png" else None)


def install_icons(app: Flask, icons: Icons) -> None:
    """Serve the icon at `/icon` and the app icon at `/apple-touch-icon.png`."""

    def icon() -> Response:
        return send_file(icons.icon, mimetype=icons.icon_type, max_age=MAX_AGE)

    def touch_icon() -> Response:
        if icons.touch is None:
            abort(404)
        return send_file(icons.touch, mimetype="image/png", max_age=MAX_AGE)

    app.add_url_rule("/icon", "icon", icon)
    app.add_url_rule("/apple-touch-icon.png", "touch_icon", touch_icon)
    app.extensions["mvpkit.icons"] = icons
