"""The user's cache folder, where mvpkit keeps files it can rebuild: assets, compiled templates."""

from __future__ import annotations

import os
from pathlib import Path


def cache_home() -> Path:
    """`$XDG_CACHE_HOME/mvpkit`, else `~/.cache/mvpkit`."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    root = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return root / "mvpkit"
