"""What each stage of the release gate needs installed, and the pip command that installs it."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence

# The import names each stage runs, all of them in mvpkit's `testing` extra.
NEEDS: dict[str, tuple[str, ...]] = {
    "validate": (),
    "features": ("pytest", "pytest_bdd", "playwright"),
    "accessibility": ("pytest", "playwright", "axe_playwright_python"),
    "load": ("locust",),
}


def missing_for(stages: Sequence[str]) -> list[str]:
    """The modules these stages need that this Python cannot import, in order, once each."""
    wanted = dict.fromkeys(module for stage in stages for module in NEEDS.get(stage, ()))
    return [module for module in wanted if importlib.util.find_spec(module) is None]


def install_hint(missing: Sequence[str]) -> str:
    """One sentence: what is missing, and the exact command that installs it here."""
    command = f"{sys.executable} -m pip install 'mvpkit[testing]'"
    verb = "is" if len(missing) == 1 else "are"
    return f"The release gate needs {', '.join(missing)}, which {verb} not installed: run {command}"
