"""Production refuses weak secret keys and a missing public address, each in one sentence."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from click.testing import CliRunner

from mvpkit.cli import main
from mvpkit.settings import SettingsError, load_settings
from tests.conftest import write_service

MINIMAL = """name: Apply for a bin
pages:
  - id: size
    title: What size of bin do you need?
    type: radios
    options: [Small, Large]
"""
PUBLIC = "https://services.council.example"
MAKE_ONE = 'python -c "import secrets; print(secrets.token_hex(32))"'


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A service folder, with the environment set for production except what a test names."""
    monkeypatch.setenv("MVPKIT_ENV", "production")
    monkeypatch.setenv("MVPKIT_DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite3'}")
    monkeypatch.setenv("MVPKIT_PUBLIC_URL", PUBLIC)
    monkeypatch.setenv("MVPKIT_SECRET_KEY", secrets.token_hex(32))
    return write_service(tmp_path / "bins", MINIMAL)


@pytest.mark.parametrize(
    "key",
    ["x", "changeme", "secret", "dev", "development", "password", "a" * 31, "short but not known"],
)
def test_production_refuses_a_weak_secret_key(
    production: Path, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    monkeypatch.setenv("MVPKIT_SECRET_KEY", key)
    with pytest.raises(SettingsError) as refused:
        load_settings(production)
    assert str(refused.value) == (
        "MVPKIT_SECRET_KEY is too weak: production needs at least 32 random bytes, "
        f"for example from `{MAKE_ONE}`."
    )


@pytest.mark.parametrize("known", ["changeme", "password"])
def test_a_known_default_is_refused_however_it_is_padded(
    production: Path, monkeypatch: pytest.MonkeyPatch, known: str
) -> None:
    monkeypatch.setenv("MVPKIT_SECRET_KEY", f"  {known.upper()}  ")
    with pytest.raises(SettingsError, match="too weak"):
        load_settings(production)


def test_production_accepts_a_long_random_key(production: Path) -> None:
    settings = load_settings(production)
    assert len(settings.secret_key) == 64
    assert settings.public_url == PUBLIC


def test_development_still_accepts_a_short_key(
    production: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MVPKIT_ENV", "development")
    monkeypatch.setenv("MVPKIT_SECRET_KEY", "dev")
    assert load_settings(production).secret_key == "dev"


def test_serve_explains_a_weak_key_in_one_line(
    production: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MVPKIT_SECRET_KEY", "changeme")
    result = CliRunner().invoke(main, ["serve", str(production)])
    assert result.exit_code == 1
    assert "MVPKIT_SECRET_KEY is too weak" in result.output
    assert MAKE_ONE in result.output
    assert "Traceback" not in result.output


def test_production_refuses_to_start_without_a_public_address(
    production: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MVPKIT_PUBLIC_URL")
    with pytest.raises(SettingsError) as refused:
        load_settings(production)
    assert str(refused.value).startswith("MVPKIT_PUBLIC_URL is not set: production needs")
    result = CliRunner().invoke(main, ["serve", str(production)])
    assert result.exit_code == 1
    assert "MVPKIT_PUBLIC_URL is not set" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "url", ["services.council.example", "ftp://council.example", f"{PUBLIC}/?x=1", "https://"]
)
def test_a_public_address_that_is_not_one_is_refused(
    production: Path, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("MVPKIT_PUBLIC_URL", url)
    with pytest.raises(SettingsError, match="MVPKIT_PUBLIC_URL is"):
        load_settings(production)


def test_production_trusts_only_the_public_host(production: Path) -> None:
    assert load_settings(production).trusted_hosts == ["services.council.example"]


def test_development_uses_the_address_being_served(
    production: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MVPKIT_ENV", "development")
    monkeypatch.delenv("MVPKIT_PUBLIC_URL")
    settings = load_settings(production, {"served_url": "http://192.0.2.7:8000"})
    assert settings.public_url == "http://192.0.2.7:8000"
    assert settings.trusted_hosts == ["192.0.2.7", "localhost", "127.0.0.1"]
    monkeypatch.setenv("MVPKIT_PUBLIC_URL", PUBLIC + "/")
    settings = load_settings(production, {"served_url": "http://192.0.2.7:8000"})
    assert settings.public_url == PUBLIC
    assert settings.trusted_hosts == [
        "services.council.example",
        "192.0.2.7",
        "localhost",
        "127.0.0.1",
    ]
