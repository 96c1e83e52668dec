"""Every response of every exemplar and of the index app carries the security headers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.routing import AnyConverter, Rule
from werkzeug.test import Client, TestResponse

from mvpkit.frontend.headers import FILE_POLICY
from mvpkit.serve import build_wsgi, find_services
from tests.conftest import ROOT, AppFactory

EXEMPLARS = find_services(ROOT / "exemplars")
PUBLIC = "https://services.council.example"
ASSET = "govuk-frontend.min.css"
ICONS = ("icon", "touch_icon")  # the favicon and app icon are cached like assets
FILES = ("assets", "asset")  # served by WhiteNoise before the app: a file's own policy
SAMPLES = {
    "link": "not-a-real-link",
    "reference": "RF-AAAA-AAAA",
    "day": "2026-12-01",
    "listing_id": "1",
    "report_id": "1",
}
DIRECTIVES = (
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
FIXED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def requests_for(app: Flask, prefix: str = "") -> Iterator[tuple[str, str, str]]:
    """(method, url, endpoint) for every rule in the app's URL map, with sample arguments."""
    service = app.extensions["mvpkit"].service if "mvpkit" in app.extensions else None
    page_id = service.pages[0].id if service and service.pages else "start"
    rule: Rule
    for rule in app.url_map.iter_rules():
        values = {
            name: ASSET if name == "filename" else SAMPLES.get(name, page_id)
            for name in rule.arguments
        }
        for name, converter in rule._converters.items():  # <any(a, b):name>: one of its words
            if isinstance(converter, AnyConverter):
                values[name] = sorted(converter.items)[0]
        with app.test_request_context():
            _, url = rule.build(values) or ("", "")
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield method, prefix + url, str(rule.endpoint)


def assert_headers(
    response: TestResponse, where: str, *, asset: bool, hsts: bool, file: bool = False
) -> None:
    """The headers every response must carry, and no-store unless it is a static asset.

    A `file` found (from the built assets) has a policy of its own and holds no nonce.
    """
    for name, value in FIXED.items():
        assert response.headers.get(name) == value, (where, name)
    permissions = response.headers.get("Permissions-Policy", "")
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions, (where, feature)
    policy = response.headers.get("Content-Security-Policy", "")
    assert ("Strict-Transport-Security" in response.headers) is hsts, where
    if file and response.status_code == 200:
        assert policy == FILE_POLICY, (where, policy)
        assert "max-age" in response.headers.get("Cache-Control", ""), where
        return
    for directive in DIRECTIVES:
        assert directive in policy, (where, directive)
    nonce = re.search(r"script-src 'self' 'nonce-([A-Za-z0-9_-]{20,})'", policy)
    assert nonce, (where, policy)
    assert f"style-src 'self' 'nonce-{nonce.group(1)}'" in policy, where
    cache = response.headers.get("Cache-Control", "")
    if asset and response.status_code == 200:
        assert "max-age" in cache, (where, cache)
        assert "no-store" not in cache, (where, cache)
    else:
        assert cache == "no-store", (where, response.status_code, cache)
    if response.mimetype == "text/html":
        assert_inline_code_has_the_nonce(response.get_data(as_text=True), nonce.group(1), where)


def assert_inline_code_has_the_nonce(html: str, nonce: str, where: str) -> None:
    """Every inline script and style carries this response's nonce; no style attributes."""
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        if " src=" not in tag:
            assert f'nonce="{nonce}"' in tag, (where, tag)
    assert not re.search(r"<[^>]+\sstyle=", html), where
    assert not re.search(r"<[^>]+\son[a-z]+=", html), where


@pytest.mark.parametrize("service_dir", EXEMPLARS, ids=[folder.name for folder in EXEMPLARS])
@pytest.mark.parametrize("environment", ["test", "production"])
def test_every_route_of_every_exemplar_sends_the_headers(
    make_app: AppFactory, service_dir: Path, environment: str
) -> None:
    app = make_app(service_dir, environment=environment, public_url=PUBLIC)
    client = app.test_client()
    for method, url, endpoint in requests_for(app):
        response = client.open(url, method=method, base_url=PUBLIC)
        assert response.status_code < 500, (method, url)
        where = f"{method} {url} ({response.status_code})"
        assert_headers(
            response,
            where,
            asset=endpoint in ("assets", *ICONS),
            hsts=environment == "production",
            file=endpoint in FILES,
        )
        response.close()


@pytest.mark.parametrize("environment", ["test", "production"])
def test_every_route_of_the_index_app_sends_the_headers(tmp_path: Path, environment: str) -> None:
    config = {
        "database_url": f"sqlite:///{tmp_path / 'served.sqlite3'}",
        "secret_key": "served-secret-key-that-is-long-enough",
        "environment": environment,
        "public_url": PUBLIC,
    }
    wsgi = build_wsgi(EXEMPLARS, config=config)
    client = Client(wsgi)
    index: Flask = wsgi.app
    urls = [(method, url, endpoint) for method, url, endpoint in requests_for(index)]
    urls += [("GET", "/no-such-page", ""), ("GET", "/assets/no-such-file.css", "asset")]
    urls += [("GET", f"/{EXEMPLARS[0].name}/assets/{ASSET}", "asset")]
    for method, url, endpoint in urls:
        response = client.open(url, method=method, base_url=PUBLIC)
        where = f"{method} {url} ({response.status_code})"
        cached = endpoint in ("asset", *ICONS)
        hsts = environment == "production"
        assert_headers(response, where, asset=cached, hsts=hsts, file=endpoint in FILES)
        response.close()
    missing = client.get("/no-such-page", base_url=PUBLIC)
    assert missing.status_code == 404
    assert "Page not found" in missing.get_data(as_text=True)
    for app in wsgi.mounts.values():
        app.extensions["mvpkit"].db.dispose()


def test_the_index_app_refuses_unknown_hosts_but_answers_health_checks(tmp_path: Path) -> None:
    config = {
        "database_url": f"sqlite:///{tmp_path / 'served.sqlite3'}",
        "secret_key": "served-secret-key-that-is-long-enough",
    }
    wsgi = build_wsgi(EXEMPLARS, config=config)
    client = Client(wsgi)
    forged = {"Host": "evil.example"}
    for url in ("/", "/no-such-page", f"/{EXEMPLARS[0].name}/"):
        refused = client.get(url, headers=forged)
        assert refused.status_code == 400, url
        assert "Sorry, there is a problem with what was sent" in refused.get_data(as_text=True)
    assert client.get("/health", headers=forged).status_code == 200
    assert client.get("/", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    for app in wsgi.mounts.values():
        app.extensions["mvpkit"].db.dispose()


def test_the_csv_export_is_never_stored(make_app: AppFactory) -> None:
    from mvpkit.backoffice.accounts import add_staff
    from tests.support import Browser

    app = make_app(ROOT / "exemplars" / "report-a-fault")
    add_staff(
        app.extensions["mvpkit"].db,
        "officer@example.gov.uk",
        "a long enough password",
        "report-a-fault",
    )
    staff = Browser(app.test_client())
    staff.get("/staff/sign-in")
    staff.submit(data={"email": "officer@example.gov.uk", "password": "a long enough password"})
    export = [rule for rule in app.url_map.iter_rules() if "export" in str(rule.endpoint)]
    assert export
    response = staff.client.get(str(export[0].rule))
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
