"""A fake npm and node, so that `build_assets` runs without either, in a second or less."""

from __future__ import annotations

import shlex
import stat
from pathlib import Path

from mvpkit.frontend.asset_build import build_assets
from mvpkit.frontend.assets import Assets


def fake_install(crest: str = "<svg/>") -> str:
    """What a successful `npm install` leaves behind, as far as build_assets looks."""
    return f"""\
dist=node_modules/govuk-frontend/dist/govuk
mkdir -p "$dist/assets/fonts" "$dist/assets/images" node_modules/sass
printf 'woff2' > "$dist/assets/fonts/bold.woff2"
printf '%s' {shlex.quote(crest)} > "$dist/assets/images/govuk-crest.svg"
printf '{{"icons": []}}' > "$dist/assets/manifest.json"
printf '.govuk-header{{font-family:"GDS Transport"}}' > "$dist/govuk-frontend.min.css"
printf 'export const version="6.3.0";' > "$dist/govuk-frontend.min.js"
printf '// sass' > node_modules/sass/sass.js
"""


FAKE_INSTALL = fake_install()

# A `node` that "compiles" by writing its last argument, the output file.
FAKE_NODE_OK = """\
for arg; do out="$arg"; done
printf '.govuk-header{font-family:arial,sans-serif}' > "$out"
"""

# A council stylesheet as sass writes it: long enough to compress, asking for `/assets/...`.
COUNCIL_CSS = (
    "".join(f".govuk-rule-{n}{{margin:{n}px;font-family:arial,sans-serif}}" for n in range(300))
    + '.govuk-header__crest{background:url("/assets/images/govuk-crest.svg")}'
    + "@font-face{src:url(/assets/fonts/bold.woff2)}"
)


def script(path: Path, body: str) -> Path:
    """An executable shell script at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def fake_build(
    folder: Path, *, council_css: str = COUNCIL_CSS, crest: str = "<svg/>", name: str = "assets"
) -> Assets:
    """Build the assets in `folder / name` with a fake npm, and sass writing `council_css`."""
    source = folder / f"{name}-council-source.css"
    source.write_text(council_css)
    tools = folder / f"{name}-bin"
    npm = script(tools / "npm", fake_install(crest))
    script(tools / "node", f'for arg; do out="$arg"; done\ncp {shlex.quote(str(source))} "$out"\n')
    return build_assets(folder / name, npm=str(npm))
