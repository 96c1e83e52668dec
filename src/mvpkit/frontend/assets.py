"""GOV.UK Frontend's CSS, JavaScript, fonts and images: where they are built, and finding them.

Nothing here is committed or shipped: `asset_build` fetches the pinned versions with npm and
builds the folder once, into a cache folder; a server only looks for a finished one here, so
serving imports nothing of the build. Each file also has a copy with a hash of its content in
its name, and compressed copies of both, so serving them costs nothing more than reading a file.

The built folder is served at `/assets` (the compiled CSS asks for `/assets/fonts/...` and
`/assets/images/...`; its versioned copies ask for them relative to themselves) and looks like
this::

    govuk-frontend-6.3.0/
        council.css                  the "council" brand: no GDS Transport, no crest
        govuk-frontend.min.css       the "govuk" brand: GOV.UK Frontend's own CSS
        govuk-frontend.min.js        an ES module: load it with <script type="module">
        *.map                        source maps for the two files above
        fonts/  images/  manifest.json
        council.<hash>.css ...       a versioned copy of every file but the maps
        *.br  *.gz                   compressed copies of the files that compress well
        .mvpkit-assets.json          what it was built from; a mismatch means rebuild
        .mvpkit-versions.json        each file's versioned name
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Final

from mvpkit.cache import cache_home

__all__ = [
    "BRANDS",
    "CSS_FILES",
    "DEFAULT_BRAND",
    "GOVUK_FRONTEND_VERSION",
    "JS_FILE",
    "SASS_VERSION",
    "STAMP",
    "VERSIONS",
    "Assets",
    "AssetsError",
    "assets_dir",
    "build_stamp",
    "find_assets",
    "package_data",
    "read_versions",
    "resolve_root",
]

BRANDS: Final = ("council", "govuk")
DEFAULT_BRAND: Final = "council"

_PACKAGE: Final = "mvpkit.frontend"
STAMP: Final = ".mvpkit-assets.json"
VERSIONS: Final = ".mvpkit-versions.json"
"""The map of each file's plain name to its versioned name, both relative to the folder."""
CSS_FILES: Final = {"govuk": "govuk-frontend.min.css", "council": "council.css"}
JS_FILE: Final = "govuk-frontend.min.js"


class AssetsError(Exception):
    """Fetching or building the assets failed; `str()` is one line: what went wrong, what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


@dataclass(frozen=True)
class Assets:
    """A built assets folder."""

    root: Path
    """The folder to serve at `/assets`."""
    css: dict[str, Path]
    """The stylesheet of each brand in `BRANDS`, inside `root`."""
    js: Path
    """GOV.UK Frontend's JavaScript, an ES module, inside `root`."""
    versions: Mapping[str, str] = field(default_factory=dict)
    """Each file's versioned name (its content's hash in it), by plain name, relative to `root`."""

    def versioned(self, name: str) -> str:
        """The versioned name of the file called `name`, or `name` if it has none."""
        return self.versions.get(name, name)


def package_data(*parts: str) -> bytes:
    node = resources.files(_PACKAGE)
    for part in parts:
        node = node.joinpath(part)
    return node.read_bytes()


def _pinned_versions() -> dict[str, str]:
    dependencies = json.loads(package_data("package.json"))["dependencies"]
    return {str(name): str(version) for name, version in dependencies.items()}


_PINNED: Final = _pinned_versions()
GOVUK_FRONTEND_VERSION: Final = _PINNED["govuk-frontend"]
"""The exact govuk-frontend version, read from this package's `package.json`."""
SASS_VERSION: Final = _PINNED["sass"]
"""The exact sass version that compiles `council.scss`."""


@cache
def build_stamp() -> dict[str, str]:
    """What a built folder records it was built from; any change means it must be rebuilt."""
    inputs = hashlib.sha256()
    for parts in (("package.json",), ("package-lock.json",), ("scss", "council.scss")):
        inputs.update(package_data(*parts))
        inputs.update(b"\0")
    return {
        "govuk-frontend": GOVUK_FRONTEND_VERSION,
        "sass": SASS_VERSION,
        "inputs": inputs.hexdigest(),
    }


def assets_dir() -> Path:
    """Where the assets are built: `MVPKIT_ASSETS_DIR`, else a versioned folder in the cache.

    The cache is `$XDG_CACHE_HOME/mvpkit`, else `~/.cache/mvpkit`.
    """
    override = os.environ.get("MVPKIT_ASSETS_DIR")
    if override:
        return Path(override).expanduser().absolute()
    return cache_home() / f"govuk-frontend-{GOVUK_FRONTEND_VERSION}"


def resolve_root(directory: Path | None) -> Path:
    # Absolute, because Flask resolves a relative folder against the app, not the cwd.
    return assets_dir() if directory is None else Path(directory).expanduser().absolute()


def _layout(root: Path, versions: Mapping[str, str]) -> Assets:
    css = {brand: root / name for brand, name in CSS_FILES.items()}
    return Assets(root=root, css=css, js=root / JS_FILE, versions=versions)


def _read_stamp(root: Path) -> object:
    try:
        return json.loads((root / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_versions(root: Path) -> dict[str, str] | None:
    """The map `version_and_compress` saved in `root`, or None if there is none to read."""
    try:
        found = json.loads((root / VERSIONS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict):
        return None
    return {str(name): str(versioned) for name, versioned in found.items()}


def find_assets(directory: Path | None = None) -> Assets | None:
    """The assets in `directory` (default `assets_dir()`) if they are fully built, else None.

    Cheap: it only looks at files, so it suits a check at app start-up.
    """
    root = resolve_root(directory)
    if _read_stamp(root) != build_stamp():
        return None
    versions = read_versions(root) or {}  # none: built before files were versioned
    linked = [*CSS_FILES.values(), JS_FILE, "manifest.json"]
    if not all(name in versions for name in linked):
        return None
    files = [root / name for name in linked] + [root / versions[name] for name in linked]
    if not all(path.is_file() for path in files):
        return None
    if not all((root / name).is_dir() for name in ("fonts", "images")):
        return None
    return _layout(root, versions)
