"""Build GOV.UK Frontend's assets: npm installs the pinned packages, Sass compiles the brand.

`build_assets` installs the exact versions pinned in this package's `package.json` with npm,
compiles the council brand's stylesheet with Sass, versions and compresses every file
(`asset_versions`) and moves the result into place in one rename, so a half-built folder is
never used. Serving never imports this module: it only reads a built folder (`assets`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Final

from mvpkit.frontend.asset_versions import version_and_compress
from mvpkit.frontend.assets import (
    CSS_FILES,
    GOVUK_FRONTEND_VERSION,
    JS_FILE,
    SASS_VERSION,
    STAMP,
    Assets,
    AssetsError,
    build_stamp,
    find_assets,
    package_data,
    resolve_root,
)
from mvpkit.frontend.tools import first_meaningful_line, registry_unreachable, run_tool

__all__ = ["BUILD_SECONDS", "NPM_TIMEOUT", "SASS_TIMEOUT", "build_assets"]

BUILD_SECONDS: Final = 15
"""About how long a first build takes on a 2-core machine with a fast network."""
NPM_TIMEOUT: Final = 300.0
"""Seconds `npm install` may take before the build gives up."""
SASS_TIMEOUT: Final = 120.0
"""Seconds compiling `council.scss` may take before the build gives up."""
_AGAIN: Final = "then run `mvpkit assets` again."
_NODE_NEEDED: Final = "Node.js 20.19 or later"  # what the pinned sass asks for in its engines
_MAPS: Final = ("govuk-frontend.min.css.map", "govuk-frontend.min.js.map")
_FROM_ASSETS: Final = ("fonts", "images", "manifest.json")  # dist/govuk/assets/*
_NPM_INSTALL: Final = (
    "ci",  # exactly the versions in package-lock.json, checked against its hashes
    "--no-audit",
    "--no-fund",
    "--ignore-scripts",
    "--omit=optional",  # sass's optional file watcher is a native module it does not need here
    "--loglevel=error",
)
_SASS_OPTIONS: Final = (
    "--pkg-importer=node",  # resolves `@use "pkg:govuk-frontend"` from node_modules
    "--style=compressed",
    "--no-source-map",
    "--no-error-css",  # on failure, write nothing rather than a stylesheet showing the error
)


def build_assets(
    directory: Path | None = None,
    *,
    npm: str | None = None,
    timeout: float = NPM_TIMEOUT,
    say: Callable[[str], None] | None = None,
) -> Assets:
    """Fetch GOV.UK Frontend with npm and build the assets in `directory` (or `assets_dir()`).

    Returns at once if they are already built. `npm` is the npm command (default `npm` on PATH);
    `timeout` is how many seconds `npm install` may take; `say` is told, in a sentence, what
    is happening before a build starts and when it has finished. Raises `AssetsError`.
    """
    root = resolve_root(directory)
    found = find_assets(root)
    if found is not None:
        return found
    started = time.monotonic()
    if say is not None:
        say(
            f"Fetching GOV.UK Frontend {GOVUK_FRONTEND_VERSION} with npm and building its "
            f"stylesheets into {root}: this happens once and takes about {BUILD_SECONDS} "
            "seconds."
        )
    built = _build(root, npm, timeout)
    if say is not None:
        say(f"Built GOV.UK Frontend's assets in {time.monotonic() - started:.0f} seconds.")
    return built


def _build(root: Path, npm: str | None, timeout: float) -> Assets:
    npm_path = shutil.which(npm or "npm")
    if npm_path is None:
        raise AssetsError(
            f"npm was not found: install {_NODE_NEEDED} (which includes npm), {_AGAIN}"
        )
    _check_target(root)
    try:
        root.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{root.name}.building-", dir=root.parent))
    except OSError as error:
        raise _unwritable(root, error) from error
    try:
        out = work / "out"
        for name in ("package.json", "package-lock.json"):
            _write(work / name, package_data(name).decode("utf-8"), root)
        _write(work / "council.scss", package_data("scss", "council.scss").decode("utf-8"), root)
        _npm_install(work, npm_path, timeout)
        _copy_dist(work / "node_modules" / "govuk-frontend" / "dist" / "govuk", out, root)
        _compile_council(work, out, _node(npm_path))
        _version_and_compress(out, root)
        _write(out / STAMP, json.dumps(build_stamp(), indent=2) + "\n", root)
        _move_into_place(out, root)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    built = find_assets(root)
    if built is None:  # pragma: no cover - only if something else changes the folder meanwhile
        raise AssetsError(f"The assets in {root} were changed while being built: {_AGAIN}")
    return built


def _check_target(root: Path) -> None:
    """Refuse to build over a folder that mvpkit did not build (a wrong `MVPKIT_ASSETS_DIR`)."""
    if not (root.exists() or root.is_symlink()):
        return
    plain_dir = root.is_dir() and not root.is_symlink()
    if plain_dir and ((root / STAMP).is_file() or not any(root.iterdir())):
        return
    raise AssetsError(
        f"{root} already exists and was not built by mvpkit: remove it, or set "
        f"MVPKIT_ASSETS_DIR to a folder of its own, {_AGAIN}"
    )


def _unwritable(root: Path, error: OSError) -> AssetsError:
    return AssetsError(
        f"Could not write the assets to {root} ({error}): make sure the folder is writable and "
        f"the disk has space, or set MVPKIT_ASSETS_DIR to another folder, {_AGAIN}"
    )


def _write(path: Path, text: str, root: Path) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise _unwritable(root, error) from error


def _npm_install(work: Path, npm_path: str, timeout: float) -> None:
    fetching = f"Fetching govuk-frontend {GOVUK_FRONTEND_VERSION} from npm"
    advice = f"check your network or npm registry settings, {_AGAIN}"
    env = {
        **os.environ,
        "npm_config_update_notifier": "false",
        "npm_config_fund": "false",
        "npm_config_audit": "false",
    }
    try:
        status, stderr = run_tool([npm_path, *_NPM_INSTALL], work, timeout, env)
    except subprocess.TimeoutExpired as error:
        raise AssetsError(f"{fetching} took longer than {timeout:g} seconds: {advice}") from error
    except OSError as error:
        raise AssetsError(
            f"npm at {npm_path} could not be run ({error}): reinstall {_NODE_NEEDED} "
            f"(which includes npm), {_AGAIN}"
        ) from error
    if status != 0 and registry_unreachable(stderr):
        raise AssetsError(
            f"npm could not reach its registry ({_registry(npm_path, env)}) to fetch "
            "govuk-frontend: connect to the internet, or point npm at a registry you can reach "
            f"with `npm config set registry URL`, {_AGAIN}"
        )
    if status != 0:
        detail = first_meaningful_line(stderr) or f"npm exited with status {status}"
        raise AssetsError(f"{fetching} failed ({detail}): {advice}")


def _registry(npm_path: str, env: dict[str, str]) -> str:
    """The registry npm is set to use, for the message; npm's default if it cannot be read."""
    try:
        found = subprocess.run(
            [npm_path, "config", "get", "registry"],
            env=env,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        found = ""
    return found if found.startswith(("http://", "https://")) else "https://registry.npmjs.org/"


def _copy_dist(dist: Path, out: Path, root: Path) -> None:
    """Copy what is served from govuk-frontend's `dist/govuk` into `out`."""
    wanted = [dist / "assets" / name for name in _FROM_ASSETS]
    wanted += [dist / CSS_FILES["govuk"], dist / JS_FILE]
    missing = [path.name for path in wanted if not path.exists()]
    if missing:
        raise AssetsError(
            f"npm finished, but govuk-frontend {GOVUK_FRONTEND_VERSION} is missing "
            f"{', '.join(missing)}: check your npm registry settings, {_AGAIN}"
        )
    try:
        out.mkdir()
        for path in wanted:
            if path.is_dir():
                shutil.copytree(path, out / path.name)
            else:
                shutil.copy2(path, out / path.name)
        for name in _MAPS:
            if (dist / name).is_file():
                shutil.copy2(dist / name, out / name)
    except OSError as error:
        raise _unwritable(root, error) from error


def _node(npm_path: str) -> str | None:
    """The node that runs npm: next to it, else on PATH."""
    beside = shutil.which("node", path=str(Path(npm_path).parent))
    return beside or shutil.which("node")


def _compile_council(work: Path, out: Path, node: str | None) -> None:
    compiling = f"Compiling council.css with sass {SASS_VERSION}"
    sass_js = work / "node_modules" / "sass" / "sass.js"
    if not sass_js.is_file():
        raise AssetsError(
            f"npm finished, but sass {SASS_VERSION} was not installed: "
            f"check your npm registry settings, {_AGAIN}"
        )
    if node is not None:
        sass = [node, str(sass_js)]
    else:
        sass = [str(work / "node_modules" / ".bin" / ("sass.cmd" if os.name == "nt" else "sass"))]
    output = out / CSS_FILES["council"]
    command = [*sass, *_SASS_OPTIONS, "council.scss", str(output)]
    advice = f"make sure {_NODE_NEEDED} is installed, {_AGAIN}"
    try:
        status, stderr = run_tool(command, work, SASS_TIMEOUT, None)
    except subprocess.TimeoutExpired as error:
        raise AssetsError(
            f"{compiling} took longer than {SASS_TIMEOUT:g} seconds: {advice}"
        ) from error
    except OSError as error:
        raise AssetsError(f"{compiling} failed ({error}): {advice}") from error
    if status != 0 or not output.is_file():
        detail = first_meaningful_line(stderr) or f"sass exited with status {status}"
        raise AssetsError(f"{compiling} failed ({detail}): {advice}")
    if "GDS Transport" in output.read_text(encoding="utf-8"):
        raise AssetsError(
            f"{compiling} produced CSS that uses the GDS Transport font, which only GOV.UK may "
            "use: this is a bug in mvpkit, please report it."
        )


def _version_and_compress(out: Path, root: Path) -> None:
    try:
        version_and_compress(out)
    except OSError as error:
        raise _unwritable(root, error) from error


def _move_into_place(out: Path, root: Path) -> None:
    """Rename the finished folder to `root`, replacing a stale build or an empty folder."""
    old: Path | None = None
    try:
        if root.is_dir():
            if (root / STAMP).is_file():
                old = out.parent / "old"
                root.rename(old)
            else:
                root.rmdir()  # empty, as _check_target made sure
        out.rename(root)
    except OSError as error:
        if find_assets(root) is not None:
            return  # another build finished first, and its result is as good as ours
        if old is not None and not root.exists():
            old.rename(root)
        raise _unwritable(root, error) from error
