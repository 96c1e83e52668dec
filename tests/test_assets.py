"""Fetching GOV.UK Frontend from npm and building the two brands' stylesheets."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import sys
import time
from importlib import resources
from pathlib import Path

import brotli
import pytest

from mvpkit.frontend.asset_build import build_assets
from mvpkit.frontend.asset_versions import versioned_name
from mvpkit.frontend.assets import (
    GOVUK_FRONTEND_VERSION,
    SASS_VERSION,
    VERSIONS,
    Assets,
    AssetsError,
    assets_dir,
    find_assets,
)
from mvpkit.frontend.tools import first_meaningful_line
from tests.assets_support import COUNCIL_CSS, FAKE_INSTALL, FAKE_NODE_OK, fake_build, script

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="fake npm is a shell script")

AGAIN = "then run `mvpkit assets` again."


@pytest.fixture
def fake_bin(tmp_path: Path) -> Path:
    """A folder for a fake npm and, beside it, a fake node (which build_assets prefers)."""
    return tmp_path / "bin"


def versioned(stem: str, extension: str, path: Path) -> str:
    """The name a file's versioned copy must have: its content's hash before its extension."""
    return f"{stem}.{hashlib.sha256(path.read_bytes()).hexdigest()[:12]}.{extension}"


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".building-" in p.name)


# --- the pinned versions ---------------------------------------------------------------


def test_govuk_frontend_version_comes_from_package_json() -> None:
    package = json.loads(resources.files("mvpkit.frontend").joinpath("package.json").read_text())
    assert GOVUK_FRONTEND_VERSION == "6.3.0"
    assert package["dependencies"]["govuk-frontend"] == GOVUK_FRONTEND_VERSION
    assert package["dependencies"]["sass"] == SASS_VERSION
    assert package["private"] is True


def test_package_json_pins_exact_versions() -> None:
    package = json.loads(resources.files("mvpkit.frontend").joinpath("package.json").read_text())
    for version in package["dependencies"].values():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), version


def test_council_scss_drops_gds_transport_and_ships_as_package_data() -> None:
    scss = resources.files("mvpkit.frontend").joinpath("scss").joinpath("council.scss")
    text = scss.read_text()
    assert '@use "pkg:govuk-frontend"' in text
    assert "$govuk-font-family: (arial, sans-serif)" in text


# --- where the assets live -------------------------------------------------------------


def test_assets_dir_prefers_mvpkit_assets_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MVPKIT_ASSETS_DIR", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert assets_dir() == tmp_path / "mine"


def test_assets_dir_is_absolute_even_when_the_setting_is_not(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MVPKIT_ASSETS_DIR", "relative/assets")
    assert assets_dir() == tmp_path / "relative" / "assets"


def test_assets_dir_uses_xdg_cache_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("MVPKIT_ASSETS_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert assets_dir() == tmp_path / "xdg" / "mvpkit" / "govuk-frontend-6.3.0"


def test_assets_dir_falls_back_to_home_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("MVPKIT_ASSETS_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert assets_dir() == tmp_path / ".cache" / "mvpkit" / "govuk-frontend-6.3.0"


# --- finding a built folder ------------------------------------------------------------


def test_find_assets_in_an_empty_folder_is_none(tmp_path: Path) -> None:
    assert find_assets(tmp_path) is None


def test_find_assets_in_a_missing_folder_is_none(tmp_path: Path) -> None:
    assert find_assets(tmp_path / "nope") is None


def test_find_assets_uses_assets_dir_by_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MVPKIT_ASSETS_DIR", str(tmp_path))
    assert find_assets() is None


# --- failures: one line, saying what to do ---------------------------------------------


def test_npm_given_but_missing(tmp_path: Path) -> None:
    with pytest.raises(AssetsError) as raised:
        build_assets(tmp_path / "assets", npm="/nonexistent/npm")
    assert str(raised.value) == (
        "npm was not found: install Node.js 20.19 or later (which includes npm), " + AGAIN
    )
    assert not (tmp_path / "assets").exists()


def test_npm_not_on_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(AssetsError, match=r"^npm was not found: install Node\.js"):
        build_assets(tmp_path / "assets")


@posix_only
def test_npm_install_failing(fake_bin: Path, tmp_path: Path) -> None:
    npm = script(
        fake_bin / "npm",
        """\
echo "npm error code E404" >&2
echo "npm error 404 Not Found - GET https://registry.npmjs.org/govuk-frontend - Not found" >&2
echo "npm error 404" >&2
echo "npm error A complete log of this run can be found in: /tmp/x.log" >&2
exit 1
""",
    )
    with pytest.raises(AssetsError) as raised:
        build_assets(tmp_path / "assets", npm=str(npm))
    message = str(raised.value)
    assert message == (
        "Fetching govuk-frontend 6.3.0 from npm failed (404 Not Found - GET "
        "https://registry.npmjs.org/govuk-frontend - Not found): check your network or npm "
        "registry settings, " + AGAIN
    )
    assert "\n" not in message
    assert not (tmp_path / "assets").exists()
    assert leftovers(tmp_path) == []


@posix_only
def test_npm_install_failing_silently(fake_bin: Path, tmp_path: Path) -> None:
    npm = script(fake_bin / "npm", "exit 7\n")
    with pytest.raises(AssetsError, match=r"failed \(npm exited with status 7\): check your"):
        build_assets(tmp_path / "assets", npm=str(npm))


@posix_only
def test_npm_is_run_with_the_pinned_package_json_and_its_lockfile(
    fake_bin: Path, tmp_path: Path
) -> None:
    record = tmp_path / "record"
    npm = script(
        fake_bin / "npm",
        f'echo "$@" > {record}\ncp package.json {record}.json\n'
        f"cp package-lock.json {record}.lock.json\nexit 1\n",
    )
    with pytest.raises(AssetsError):
        build_assets(tmp_path / "assets", npm=str(npm))
    args = record.read_text().split()
    assert args[0] == "ci"  # installs exactly what the lockfile says, or fails
    assert {"--no-audit", "--no-fund", "--ignore-scripts"} <= set(args)
    installed = json.loads(Path(f"{record}.json").read_text())
    assert installed["dependencies"] == {"govuk-frontend": "6.3.0", "sass": SASS_VERSION}
    lock = json.loads(Path(f"{record}.lock.json").read_text())
    assert lock["packages"][""]["dependencies"] == installed["dependencies"]


def test_the_lockfile_pins_every_package_with_its_hash() -> None:
    files = resources.files("mvpkit.frontend")
    package = json.loads(files.joinpath("package.json").read_text())
    lock = json.loads(files.joinpath("package-lock.json").read_text())
    assert lock["name"] == package["name"]
    assert lock["packages"][""]["dependencies"] == package["dependencies"]
    for name, version in package["dependencies"].items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    for path, entry in lock["packages"].items():
        if path:
            assert entry["integrity"].startswith("sha512-"), path


@posix_only
def test_npm_unable_to_reach_its_registry_is_said_in_one_sentence(
    fake_bin: Path, tmp_path: Path
) -> None:
    npm = script(
        fake_bin / "npm",
        """if [ "$1" = config ]; then echo "https://registry.example.test/"; exit 0; fi
echo "npm error code ENOTFOUND" >&2
echo "npm error syscall getaddrinfo" >&2
echo "npm error network request to https://registry.example.test/sass failed, reason: \
getaddrinfo ENOTFOUND registry.example.test" >&2
exit 1
""",
    )
    with pytest.raises(AssetsError) as raised:
        build_assets(tmp_path / "assets", npm=str(npm))
    assert str(raised.value) == (
        "npm could not reach its registry (https://registry.example.test/) to fetch "
        "govuk-frontend: connect to the internet, or point npm at a registry you can reach "
        "with `npm config set registry URL`, " + AGAIN
    )
    assert leftovers(tmp_path) == []


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("npm") is None, reason="needs npm")
def test_real_npm_with_no_registry_to_reach_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from mvpkit.gate.server import free_port

    closed = f"http://127.0.0.1:{free_port()}/"  # nothing listens there
    monkeypatch.setenv("npm_config_registry", closed)
    monkeypatch.setenv("npm_config_fetch_retries", "0")
    monkeypatch.setenv("npm_config_cache", str(tmp_path / "npm-cache"))  # nothing cached
    with pytest.raises(AssetsError) as raised:
        build_assets(tmp_path / "assets", timeout=120)
    assert str(raised.value).startswith(f"npm could not reach its registry ({closed})")


@posix_only
def test_a_build_says_what_it_is_doing_and_how_long_it_took(fake_bin: Path, tmp_path: Path) -> None:
    npm = script(fake_bin / "npm", FAKE_INSTALL)
    script(fake_bin / "node", FAKE_NODE_OK)
    said: list[str] = []
    build_assets(tmp_path / "assets", npm=str(npm), say=said.append)
    assert said[0] == (
        f"Fetching GOV.UK Frontend 6.3.0 with npm and building its stylesheets into "
        f"{tmp_path / 'assets'}: this happens once and takes about 15 seconds."
    )
    assert re.fullmatch(r"Built GOV\.UK Frontend's assets in \d+ seconds\.", said[1])
    build_assets(tmp_path / "assets", npm=str(npm), say=said.append)
    assert len(said) == 2  # already built: nothing to say


@posix_only
def test_npm_install_timing_out_kills_it_and_its_children(fake_bin: Path, tmp_path: Path) -> None:
    # The sleep is a child of the shell; it holds the stderr pipe open unless it is killed too.
    npm = script(fake_bin / "npm", "sleep 30\n")
    started = time.monotonic()
    with pytest.raises(AssetsError) as raised:
        build_assets(tmp_path / "assets", npm=str(npm), timeout=0.5)
    assert time.monotonic() - started < 10
    assert str(raised.value) == (
        "Fetching govuk-frontend 6.3.0 from npm took longer than 0.5 seconds: check your "
        "network or npm registry settings, " + AGAIN
    )
    assert leftovers(tmp_path) == []


@posix_only
def test_npm_succeeding_without_installing_anything(fake_bin: Path, tmp_path: Path) -> None:
    npm = script(fake_bin / "npm", "exit 0\n")
    with pytest.raises(AssetsError, match=r"^npm finished, but govuk-frontend 6\.3\.0 is missing"):
        build_assets(tmp_path / "assets", npm=str(npm))


@posix_only
def test_sass_failing(fake_bin: Path, tmp_path: Path) -> None:
    npm = script(fake_bin / "npm", FAKE_INSTALL)
    script(
        fake_bin / "node",
        """\
echo 'Error: expected "$".' >&2
echo '  ╷' >&2
echo '2 │   $govuk-font-family: arial, sans-serif' >&2
exit 65
""",
    )
    with pytest.raises(AssetsError) as raised:
        build_assets(tmp_path / "assets", npm=str(npm))
    assert str(raised.value) == (
        f'Compiling council.css with sass {SASS_VERSION} failed (Error: expected "$".): '
        "make sure Node.js 20.19 or later is installed, " + AGAIN
    )
    assert not (tmp_path / "assets").exists()
    assert leftovers(tmp_path) == []


@posix_only
def test_council_css_with_gds_transport_is_refused(fake_bin: Path, tmp_path: Path) -> None:
    npm = script(fake_bin / "npm", FAKE_INSTALL)
    script(fake_bin / "node", 'for a; do out="$a"; done\necho "a{font:\'GDS Transport\'}" > $out\n')
    with pytest.raises(AssetsError, match=r"GDS Transport font, which only GOV\.UK may use"):
        build_assets(tmp_path / "assets", npm=str(npm))
    assert not (tmp_path / "assets").exists()


@posix_only
def test_a_folder_not_built_by_mvpkit_is_left_alone(fake_bin: Path, tmp_path: Path) -> None:
    target = tmp_path / "assets"
    target.mkdir()
    (target / "precious.txt").write_text("mine")
    npm = script(fake_bin / "npm", FAKE_INSTALL)
    with pytest.raises(AssetsError, match=r"already exists and was not built by mvpkit: remove"):
        build_assets(target, npm=str(npm))
    assert (target / "precious.txt").read_text() == "mine"


# --- building, with a fake npm and node ------------------------------------------------


@posix_only
def test_build_with_fakes_lays_out_the_folder(fake_bin: Path, tmp_path: Path) -> None:
    npm = script(fake_bin / "npm", FAKE_INSTALL)
    script(fake_bin / "node", FAKE_NODE_OK)
    target = tmp_path / "cache" / "govuk-frontend-6.3.0"

    built = build_assets(target, npm=str(npm))

    assert built == Assets(
        root=target,
        css={"govuk": target / "govuk-frontend.min.css", "council": target / "council.css"},
        js=target / "govuk-frontend.min.js",
        versions=built.versions,
    )
    assert built.versioned("council.css") == versioned("council", "css", target / "council.css")
    assert (target / "fonts" / "bold.woff2").is_file()
    assert (target / "images" / "govuk-crest.svg").is_file()
    assert (target / "manifest.json").is_file()
    assert find_assets(target) == built
    assert leftovers(target.parent) == []


@posix_only
def test_build_is_idempotent(fake_bin: Path, tmp_path: Path) -> None:
    npm = script(fake_bin / "npm", FAKE_INSTALL)
    script(fake_bin / "node", FAKE_NODE_OK)
    target = tmp_path / "assets"
    first = build_assets(target, npm=str(npm))
    # Built already, so npm is not needed, nor even looked for.
    assert build_assets(target, npm="/nonexistent/npm") == first


@posix_only
def test_an_empty_target_folder_is_built_into(fake_bin: Path, tmp_path: Path) -> None:
    npm = script(fake_bin / "npm", FAKE_INSTALL)
    script(fake_bin / "node", FAKE_NODE_OK)
    target = tmp_path / "assets"
    target.mkdir()
    assert build_assets(target, npm=str(npm)).root == target


@posix_only
def test_a_damaged_or_stale_build_is_rebuilt(fake_bin: Path, tmp_path: Path) -> None:
    npm = script(fake_bin / "npm", FAKE_INSTALL)
    script(fake_bin / "node", FAKE_NODE_OK)
    target = tmp_path / "assets"
    build_assets(target, npm=str(npm))

    (target / "council.css").unlink()
    assert find_assets(target) is None
    assert build_assets(target, npm=str(npm)).css["council"].is_file()

    stamp = target / ".mvpkit-assets.json"
    stamp.write_text(json.dumps({**json.loads(stamp.read_text()), "inputs": "old"}))
    assert find_assets(target) is None
    build_assets(target, npm=str(npm))
    assert find_assets(target) is not None
    assert leftovers(tmp_path) == []


# --- versioned and compressed copies, made as the assets are built ---------------------


@posix_only
def test_every_file_but_the_maps_gets_a_copy_named_by_its_content(tmp_path: Path) -> None:
    built = fake_build(tmp_path)
    root = built.root
    assert set(built.versions) == {
        "council.css",
        "govuk-frontend.min.css",
        "govuk-frontend.min.js",
        "manifest.json",
        "fonts/bold.woff2",
        "images/govuk-crest.svg",
    }
    for plain, copy in built.versions.items():
        if plain != "council.css":  # its copy asks for its files by their versioned names
            assert (root / copy).read_bytes() == (root / plain).read_bytes(), plain
        assert copy == versioned_name(plain, (root / copy).read_bytes()), plain
    assert built.versioned("govuk-frontend.min.js") == versioned(
        "govuk-frontend.min", "js", root / "govuk-frontend.min.js"
    )
    assert built.versioned("fonts/bold.woff2") == versioned(
        "fonts/bold", "woff2", root / "fonts/bold.woff2"
    )
    assert built.versioned("no-such-file.css") == "no-such-file.css"
    assert json.loads((root / VERSIONS).read_text()) == built.versions


@posix_only
def test_the_versioned_stylesheet_asks_for_versioned_files_relative_to_itself(
    tmp_path: Path,
) -> None:
    built = fake_build(tmp_path)
    crest = built.versioned("images/govuk-crest.svg")
    font = built.versioned("fonts/bold.woff2")
    css = (built.root / built.versioned("council.css")).read_text()
    assert css == COUNCIL_CSS.replace("/assets/images/govuk-crest.svg", crest).replace(
        "/assets/fonts/bold.woff2", font
    )
    assert crest.startswith("images/govuk-crest.")
    assert font.startswith("fonts/bold.")
    assert (built.root / "council.css").read_text() == COUNCIL_CSS  # the plain one is as built


@posix_only
def test_a_changed_file_gets_a_new_name_and_so_does_the_stylesheet_that_asks_for_it(
    tmp_path: Path,
) -> None:
    before = fake_build(tmp_path, name="before")
    crest = fake_build(tmp_path, name="crest", crest='<svg viewBox="0 0 1 1"/>')
    css = fake_build(tmp_path, name="css", council_css=COUNCIL_CSS + "a{color:red}")
    assert crest.versioned("images/govuk-crest.svg") != before.versioned("images/govuk-crest.svg")
    assert crest.versioned("council.css") != before.versioned("council.css")
    assert css.versioned("council.css") != before.versioned("council.css")
    assert css.versioned("images/govuk-crest.svg") == before.versioned("images/govuk-crest.svg")
    for unchanged in ("govuk-frontend.min.js", "fonts/bold.woff2"):
        assert {build.versioned(unchanged) for build in (before, crest, css)} == {
            before.versioned(unchanged)
        }


@posix_only
def test_compressed_copies_are_made_once_as_the_assets_are_built(tmp_path: Path) -> None:
    built = fake_build(tmp_path)
    root = built.root
    for name in ("council.css", built.versioned("council.css")):
        content = (root / name).read_bytes()
        assert brotli.decompress((root / f"{name}.br").read_bytes()) == content
        assert gzip.decompress((root / f"{name}.gz").read_bytes()) == content
        assert len((root / f"{name}.br").read_bytes()) < len(content) / 5
    assert not list(root.glob("fonts/*.br"))
    assert not list(root.glob("fonts/*.gz"))
    # A copy that saves almost nothing is not kept: a tiny file is sent as it is.
    assert not (root / "govuk-frontend.min.js.br").exists()
    assert not list(root.rglob("*.br.*"))
    assert not list(root.rglob("*.gz.*"))


@posix_only
def test_a_build_made_before_files_were_versioned_is_rebuilt(tmp_path: Path) -> None:
    built = fake_build(tmp_path)
    (built.root / VERSIONS).unlink()
    assert find_assets(built.root) is None
    rebuilt = fake_build(tmp_path)
    assert rebuilt.versions == built.versions
    assert find_assets(built.root) == rebuilt


@posix_only
def test_a_build_missing_a_linked_versioned_file_is_rebuilt(tmp_path: Path) -> None:
    built = fake_build(tmp_path)
    (built.root / built.versioned("govuk-frontend.min.js")).unlink()
    assert find_assets(built.root) is None


# --- npm's stderr, boiled down to one line ---------------------------------------------


@pytest.mark.parametrize(
    ("stderr", "expected"),
    [
        (
            "npm error code ETARGET\n"
            "npm error notarget No matching version found for govuk-frontend@99.0.0.\n"
            "npm error notarget In most cases you or one of your dependencies are requesting\n",
            "No matching version found for govuk-frontend@99.0.0.",
        ),
        (
            "npm error code ECONNREFUSED\nnpm error syscall connect\n"
            "npm error errno ECONNREFUSED\n"
            "npm error FetchError: request to http://127.0.0.1:9/govuk-frontend failed, "
            "reason: connect ECONNREFUSED 127.0.0.1:9\n"
            "npm error     at ClientRequest.<anonymous> (index.js:130:14)\n",
            "FetchError: request to http://127.0.0.1:9/govuk-frontend failed, "
            "reason: connect ECONNREFUSED 127.0.0.1:9",
        ),
        ("npm warn EBADENGINE Unsupported engine\nnpm ERR! network timeout\n", "network timeout"),
        ("\n  \nnpm error A complete log of this run can be found in: x.log\n", None),
        ("x" * 500, "x" * 199 + "…"),
    ],
)
def test_first_meaningful_line(stderr: str, expected: str | None) -> None:
    assert first_meaningful_line(stderr) == expected


def test_assets_error_is_one_line() -> None:
    assert str(AssetsError("went\nwrong:\n  do this")) == "went wrong: do this"


# --- the real thing --------------------------------------------------------------------


@pytest.mark.slow
def test_build_for_real(tmp_path: Path) -> None:
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed")
    target = tmp_path / "assets"
    built = build_assets(target)

    assert built.root == target
    council = built.css["council"].read_text(encoding="utf-8")
    assert "GDS Transport" not in council
    assert "@font-face" not in council
    assert ".govuk-header" in council
    assert "--govuk-brand-colour" in council  # overridden at runtime by the app
    assert ".govuk-footer__copyright-logo::before{content:none}" in council
    assert "GDS Transport" in built.css["govuk"].read_text(encoding="utf-8")
    assert built.js.read_text(encoding="utf-8").startswith('const version="6.3.0"')
    assert list((target / "fonts").glob("*.woff2"))
    assert (target / "images" / "favicon.ico").is_file()
    assert (target / "manifest.json").is_file()
    # Every /assets/... URL the stylesheets ask for is in the folder served at /assets.
    for css in built.css.values():
        for url in re.findall(r"""url\(["']?/assets/([^"')]+)""", css.read_text(encoding="utf-8")):
            assert (target / url).is_file(), url
        # Its versioned copy asks for them by versioned name, relative to itself.
        copy = (target / built.versioned(css.name)).read_text(encoding="utf-8")
        urls = re.findall(r"""url\(["']?([^"')]+)""", copy)
        assert urls
        for url in urls:
            assert url in built.versions.values(), url
            assert (target / url).is_file(), url
    assert (target / f"{built.versioned('govuk-frontend.min.js')}.br").is_file()
    assert find_assets(target) == built
    assert leftovers(tmp_path) == []
