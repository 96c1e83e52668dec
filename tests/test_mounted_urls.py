"""Under `mvpkit serve` every service is mounted at `/<slug>/`: its forms and links say so."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from werkzeug.test import Client

from mvpkit import clock
from mvpkit.frontend.asset_serving import asset_href
from mvpkit.frontend.assets import find_assets
from mvpkit.patterns.booking.links import manage_key
from mvpkit.patterns.booking.store import book
from mvpkit.serve import build_wsgi
from tests.conftest import ROOT

EXEMPLARS = ROOT / "exemplars"
BOOKING = "register-a-birth-or-death"
ACTION = re.compile(r'<form method="post" action="([^"]*)"')
OFFERED_DAY = re.compile(r'name="new-day" type="radio" value="([0-9-]+)"')


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Client:
    """Every exemplar, as `mvpkit serve exemplars` mounts them, in the test environment."""
    monkeypatch.setenv("MVPKIT_DATABASE_URL", f"sqlite:///{tmp_path / 'all.sqlite3'}")
    monkeypatch.setenv("MVPKIT_SECRET_KEY", "k" * 64)
    return Client(build_wsgi([EXEMPLARS / name for name in (BOOKING, "my-account")]))


def page_at(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def test_change_and_cancel_forms_post_below_the_service_mount(served: Client) -> None:
    app = served.application.mounts[f"/{BOOKING}"]  # type: ignore[attr-defined]
    kit = app.extensions["mvpkit"]
    start = clock.now().replace(second=0, microsecond=0) + timedelta(days=3)
    reference = book(kit.db, BOOKING, start, 2, {"email": "sam@example.com"}, prefix="RB").reference
    key = manage_key(kit.settings.secret_key, reference)
    opened = served.get(f"/{BOOKING}/appointments/{reference}?key={key}")
    assert opened.location == f"/{BOOKING}/appointments/{reference}"

    mount = f"/{BOOKING}/appointments/{reference}"
    days = page_at(served, f"{mount}/change")
    assert ACTION.findall(days) == [f"{mount}/change"]
    assert ACTION.findall(page_at(served, f"{mount}/cancel")) == [f"{mount}/cancel"]
    day = OFFERED_DAY.findall(days)[0]  # a day with free times, whatever the date today
    assert ACTION.findall(page_at(served, f"{mount}/change/{day}")) == [f"{mount}/change/{day}"]


def test_the_account_forms_post_below_the_service_mount(served: Client) -> None:
    assert ACTION.findall(page_at(served, "/my-account/sign-in")) == ["/my-account/sign-in"]


def test_the_index_links_below_an_outer_prefix(served: Client) -> None:
    html = served.get("/", base_url="http://localhost/council/").get_data(as_text=True)
    assert f'href="/council/{BOOKING}/"' in html
    assert f'href="{asset_href(find_assets(), "/council", "council.css")}"' in html
