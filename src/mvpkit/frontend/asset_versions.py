"""Versioned names and compressed copies of the built assets, made once, when they are built.

Every file but the source maps gets a copy named with a hash of its content
(`council.3f9a0c1d2b4e.css`); pages link those, so browsers may keep them for a year and a
changed file gets a new address. The stylesheets' copies ask for their fonts and images by
versioned name, relative to the stylesheet: so they work below any mount point, and a changed
font or image changes the stylesheet's name too. WhiteNoise's compressor then writes a `.br`
and a `.gz` beside each file that compresses well, for WhiteNoise to serve.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from whitenoise.compress import Compressor

from mvpkit.frontend.assets import VERSIONS

__all__ = ["version_and_compress", "versioned_name"]

HASH_CHARS: Final = 12
_UNVERSIONED: Final = (".map",)  # the CSS and JS ask for their maps by plain name
_COMPRESSED: Final = (".br", ".gz")
_CSS_URL: Final = re.compile(r"""url\((["']?)/assets/([^"')?#]+)\1\)""")


def versioned_name(name: str, content: bytes) -> str:
    """`name` with a hash of `content` before its extension: `b.min.css` -> `b.min.<hash>.css`."""
    digest = hashlib.sha256(content).hexdigest()[:HASH_CHARS]
    stem, dot, extension = name.rpartition(".")
    if not dot or "/" in extension:
        return f"{name}.{digest}"
    return f"{stem}.{digest}.{extension}"


def _files(root: Path) -> Iterator[str]:
    """The plain files below `root`, by relative name: no dotfiles, no compressed copies."""
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        hidden = any(part.startswith(".") for part in name.split("/"))
        if path.is_file() and not hidden and not name.endswith(_COMPRESSED):
            yield name


def _relative_urls(css: bytes, css_name: str, versions: dict[str, str]) -> bytes:
    """`css` asking for each `/assets/...` file it names by versioned name, relative to it."""
    folder = posixpath.dirname(css_name) or "."

    def relative(match: re.Match[str]) -> str:
        target = versions.get(match.group(2))
        if target is None:
            return match.group(0)
        return f"url({match.group(1)}{posixpath.relpath(target, folder)}{match.group(1)})"

    return _CSS_URL.sub(relative, css.decode("utf-8")).encode("utf-8")


def _version(root: Path) -> dict[str, str]:
    """Write a versioned copy of each file, the stylesheets last; return plain -> versioned."""
    names = [name for name in _files(root) if not name.endswith(_UNVERSIONED)]
    versions: dict[str, str] = {}
    for name in sorted(names, key=lambda name: name.endswith(".css")):
        content = (root / name).read_bytes()
        if name.endswith(".css"):
            content = _relative_urls(content, name, versions)
        versions[name] = versioned_name(name, content)
        (root / versions[name]).write_bytes(content)
    return versions


def _compress(root: Path) -> None:
    compressor = Compressor(quiet=True)
    for name in _files(root):
        if compressor.should_compress(name):
            compressor.compress(str(root / name))


def version_and_compress(root: Path) -> dict[str, str]:
    """Version and compress the files in `root` (once, as the assets are built); save the map."""
    versions = _version(root)
    _compress(root)
    (root / VERSIONS).write_text(json.dumps(versions, indent=2, sort_keys=True) + "\n")
    return versions
