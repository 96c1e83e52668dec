"""Limits per client: behind trusted proxies the resident's own address, and worded by cause."""

from __future__ import annotations

import pytest
from flask import Flask

from mvpkit.auth import limits
from mvpkit.settings import SettingsError, load_settings
from mvpkit.store.references import ALPHABET
from tests.account_support import MY_ACCOUNT, register
from tests.conftest import EXEMPLAR, AppFactory
from tests.support import Browser, Page
from tests.test_backoffice import report

EMAIL = "sam.jones@example.com"
NETWORK = "There have been too many attempts to sign in from this network or device"


def _from(app: Flask, address: str) -> Browser:
    """A browser whose requests the proxy in front says came from this address."""
    browser = Browser(app.test_client())
    browser.client.environ_base["HTTP_X_FORWARDED_FOR"] = address
    return browser


def _fail_sign_ins(resident: Browser, times: int) -> list[int]:
    resident.get("/sign-in")
    return [
        resident.submit(data={"email": f"who{n}@example.com", "password": "a guess"}).status_code
        for n in range(times)
    ]


def test_behind_a_trusted_proxy_each_resident_has_their_own_limit(
    make_app: AppFactory, database_url: str
) -> None:
    app = make_app(MY_ACCOUNT, database_url, trusted_proxies=1)
    register(app, EMAIL)
    busy = _fail_sign_ins(_from(app, "203.0.113.7"), limits.SIGN_IN_PER_CLIENT.most + 1)
    assert busy[-1] == 429
    neighbour = _from(app, "198.51.100.2")
    neighbour.get("/sign-in")
    assert neighbour.submit(data={"email": EMAIL, "password": "a guess"}).status_code == 200


def test_without_trusted_proxies_the_forwarded_address_is_not_believed(
    make_app: AppFactory, database_url: str
) -> None:
    app = make_app(MY_ACCOUNT, database_url)
    _fail_sign_ins(_from(app, "203.0.113.7"), limits.SIGN_IN_PER_CLIENT.most)
    other = _from(app, "198.51.100.2")  # a made-up header changes nothing
    other.get("/sign-in")
    response = other.submit(data={"email": EMAIL, "password": "a guess"})
    assert response.status_code == 429


def test_the_lock_message_says_its_cause(make_app: AppFactory, database_url: str) -> None:
    app = make_app(MY_ACCOUNT, database_url, trusted_proxies=1)
    register(app, EMAIL)
    resident = _from(app, "203.0.113.7")
    statuses = _fail_sign_ins(resident, limits.SIGN_IN_PER_CLIENT.most + 1)
    assert statuses == [200] * limits.SIGN_IN_PER_CLIENT.most + [429]
    page = Page(resident.submit(data={"email": EMAIL, "password": "a guess"}))
    assert page.error_summary[0][0].startswith(NETWORK)
    assert "wrong password" not in page.text()
    owner = _from(app, "198.51.100.2")
    owner.get("/sign-in")
    for _attempt in range(limits.SIGN_IN_PER_EMAIL.most):
        owner.submit(data={"email": EMAIL, "password": "a wrong password"})
    page = Page(owner.submit(data={"email": EMAIL, "password": "a wrong password"}))
    assert page.error_summary[0][0].startswith("You have entered a wrong password 5 times")


def test_tracking_look_ups_are_limited_per_client(make_app: AppFactory, database_url: str) -> None:
    app = make_app(EXEMPLAR, database_url, trusted_proxies=1)
    reference = report(app)
    prober = _from(app, "203.0.113.7")
    for n in range(limits.TRACK_PER_CLIENT.most):
        prober.get("/track")
        guess = f"RF-AAAA-{ALPHABET[n // 25]}{ALPHABET[n % 25]}AA"
        page = Page(prober.submit(data={"reference": guess}))
        assert page.error_summary[0][0].startswith("We cannot find that reference number")
    prober.get("/track")
    refused = prober.submit(data={"reference": reference})
    assert refused.status_code == 429
    assert "too many attempts from this network or device" in Page(refused).text()
    assert prober.client.get(f"/track/{reference}").status_code == 429
    resident = _from(app, "198.51.100.2")
    assert reference in resident.get(f"/track/{reference}").text()


def test_finding_a_reference_uses_up_nothing(make_app: AppFactory, database_url: str) -> None:
    app = make_app(EXEMPLAR, database_url)
    reference = report(app)
    resident = Browser(app.test_client())
    for _look in range(limits.TRACK_PER_CLIENT.most + 5):
        assert resident.client.get(f"/track/{reference}").status_code == 200


@pytest.mark.parametrize("value", ["-1", "many", "11"])
def test_trusted_proxies_must_be_a_small_number(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MVPKIT_TRUSTED_PROXIES", value)
    with pytest.raises(SettingsError, match="MVPKIT_TRUSTED_PROXIES"):
        load_settings(EXEMPLAR)


def test_trusted_proxies_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, sqlite_url: str
) -> None:
    monkeypatch.setenv("MVPKIT_TRUSTED_PROXIES", "2")
    assert load_settings(EXEMPLAR, {"database_url": sqlite_url}).trusted_proxies == 2
