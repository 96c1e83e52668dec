"""The assets served: compressed as the browser accepts, versioned, cached, below any mount."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from werkzeug.test import Client, TestResponse

from mvpkit.frontend.asset_serving import IMMUTABLE, PLAIN
from mvpkit.frontend.assets import Assets
from mvpkit.frontend.headers import FILE_POLICY, FIXED_HEADERS
from mvpkit.serve import build_wsgi
from tests.assets_support import fake_build
from tests.conftest import ROOT, AppFactory

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fake npm is a shell script")

EXEMPLARS = ROOT / "exemplars"
SERVICE = "report-a-fault"
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
MODULE = re.compile(r'import \{ initAll \} from "([^"]+)"')
CSS_URL = re.compile(r"""url\(["']?([^"')]+)""")


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Assets:
    """Assets built with a fake npm and sass, where apps made from now on look for them."""
    assets = fake_build(tmp_path)
    monkeypatch.setenv("MVPKIT_ASSETS_DIR", str(assets.root))
    return assets


def serve(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **config: Any) -> Iterator[Client]:
    monkeypatch.setenv("MVPKIT_DATABASE_URL", f"sqlite:///{tmp_path / 'all.sqlite3'}")
    monkeypatch.setenv("MVPKIT_SECRET_KEY", "k" * 64)
    wsgi = build_wsgi([EXEMPLARS / SERVICE], config=config)
    yield Client(wsgi)
    for app in wsgi.mounts.values():
        app.extensions["mvpkit"].db.dispose()


@pytest.fixture
def served(built: Assets, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Client]:
    """An exemplar, as `mvpkit serve` mounts it, serving the fake assets."""
    yield from serve(monkeypatch, tmp_path)


def fetch(client: Client, url: str, **headers: str) -> tuple[TestResponse, bytes]:
    """The response and its body as sent (not decoded), the file closed."""
    response = client.get(url, headers=headers)
    body = response.get_data()
    response.close()
    return response, body


def page(client: Client, path: str, base_url: str = "http://localhost/") -> str:
    response = client.get(path, base_url=base_url)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


# --- the addresses pages link ------------------------------------------------------------


def test_pages_link_versioned_assets_below_the_mount(built: Assets, served: Client) -> None:
    outer = "http://localhost/council/"
    html = page(served, f"/{SERVICE}/", base_url=outer)
    assert STYLESHEET.findall(html) == [
        f"/council/{SERVICE}/assets/{built.versioned('council.css')}"
    ]
    assert MODULE.findall(html) == [
        f"/council/{SERVICE}/assets/{built.versioned('govuk-frontend.min.js')}"
    ]
    assert STYLESHEET.findall(page(served, "/", base_url=outer)) == [
        f"/council/assets/{built.versioned('council.css')}"
    ]


def test_every_linked_file_and_what_the_stylesheet_asks_for_is_kept_for_a_year(
    built: Assets, served: Client
) -> None:
    html = page(served, f"/{SERVICE}/")
    stylesheet = STYLESHEET.findall(html)[0]
    css = (built.root / built.versioned("council.css")).read_bytes()
    asked_for = [urljoin(stylesheet, url) for url in CSS_URL.findall(css.decode())]
    assert asked_for == [
        f"/{SERVICE}/assets/{built.versioned('images/govuk-crest.svg')}",
        f"/{SERVICE}/assets/{built.versioned('fonts/bold.woff2')}",
    ]
    for url in [stylesheet, *MODULE.findall(html), *asked_for]:
        response, _ = fetch(served, url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == IMMUTABLE, url


def test_a_file_by_its_plain_name_is_kept_for_a_day(served: Client) -> None:
    for url in (f"/{SERVICE}/assets/council.css", "/assets/images/govuk-crest.svg"):
        response, _ = fetch(served, url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == PLAIN, url


# --- compression ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accepted", "sent"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("br", "br"),
        ("gzip, deflate", "gzip"),
        ("identity", None),
        ("", None),
    ],
)
def test_the_smallest_copy_the_browser_accepts_is_sent(
    built: Assets, served: Client, accepted: str, sent: str | None
) -> None:
    name = built.versioned("council.css")
    response, body = fetch(served, f"/{SERVICE}/assets/{name}", **{"Accept-Encoding": accepted})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == sent
    expected = built.root / (f"{name}.{'gz' if sent == 'gzip' else sent}" if sent else name)
    assert body == expected.read_bytes()
    assert response.headers["Content-Length"] == str(len(body))
    assert response.headers["Content-Type"].startswith("text/css")
    assert response.headers["Vary"] == "Accept-Encoding"


def test_the_module_is_sent_as_javascript(built: Assets, served: Client) -> None:
    response, body = fetch(served, f"/{SERVICE}/assets/{built.versioned('govuk-frontend.min.js')}")
    assert response.headers["Content-Type"].startswith("text/javascript")
    assert body == built.js.read_bytes()


# --- headers, revalidation, what is not there -------------------------------------------


def test_an_unchanged_file_is_not_sent_again(built: Assets, served: Client) -> None:
    url = f"/{SERVICE}/assets/{built.versioned('council.css')}"
    first, _ = fetch(served, url, **{"Accept-Encoding": "br"})
    again, body = fetch(
        served, url, **{"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    assert body == b""
    assert again.headers["Cache-Control"] == IMMUTABLE
    assert again.headers["Vary"] == "Accept-Encoding"
    other, _ = fetch(served, url, **{"If-None-Match": '"not-this-one"'})
    assert other.status_code == 200


@pytest.mark.parametrize("environment", ["test", "production"])
def test_files_carry_the_security_headers_and_a_policy_of_their_own(
    built: Assets, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, environment: str
) -> None:
    public = "https://services.council.example"
    for client in serve(monkeypatch, tmp_path, environment=environment, public_url=public):
        for url in (f"/{SERVICE}/assets/council.css", f"/assets/{built.versioned('council.css')}"):
            response, _ = fetch(client, url)
            assert response.status_code == 200, url
            for name, value in FIXED_HEADERS.items():
                assert response.headers[name] == value, (url, name)
            assert response.headers["Content-Security-Policy"] == FILE_POLICY
            assert ("Strict-Transport-Security" in response.headers) is (
                environment == "production"
            )
            assert "Access-Control-Allow-Origin" not in response.headers


def test_a_file_that_is_not_there_is_the_apps_404(served: Client) -> None:
    for url in (f"/{SERVICE}/assets/no-such-file.css", "/assets/no-such-file.css"):
        response, body = fetch(served, url)
        assert response.status_code == 404, url
        assert response.headers["Cache-Control"] == "no-store"
        assert b"Page not found" in body


def test_without_built_assets_pages_link_plain_names_and_each_is_a_404(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MVPKIT_ASSETS_DIR", str(tmp_path / "none-built"))
    for client in serve(monkeypatch, tmp_path):
        html = page(client, f"/{SERVICE}/")
        assert STYLESHEET.findall(html) == [f"/{SERVICE}/assets/council.css"]
        assert MODULE.findall(html) == [f"/{SERVICE}/assets/govuk-frontend.min.js"]
        assert fetch(client, f"/{SERVICE}/assets/council.css")[0].status_code == 404


@pytest.mark.parametrize("reload_templates", [True, False])
def test_in_development_with_reloading_a_file_written_later_is_served(
    built: Assets, make_app: AppFactory, reload_templates: bool
) -> None:
    app = make_app(
        EXEMPLARS / SERVICE, environment="development", reload_templates=reload_templates
    )
    client = app.test_client()
    assert fetch(client, f"/assets/{built.versioned('council.css')}")[0].status_code == 200
    (built.root / "later.css").write_text("a{}")
    later = fetch(client, "/assets/later.css")[0]
    assert later.status_code == (200 if reload_templates else 404)
