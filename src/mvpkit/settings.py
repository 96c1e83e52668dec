"""Settings: defaults in code, then `service.yaml`, then `MVPKIT_*` environment variables."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from mvpkit.store.database import database_url, sqlite_file

Environment = Literal["development", "test", "production"]
ENVIRONMENTS: tuple[Environment, ...] = ("development", "test", "production")
MIN_SECRET_KEY_BYTES = 32
KNOWN_SECRET_KEYS = frozenset(
    {
        "x",
        "changeme",
        "change-me",
        "secret",
        "secret-key",
        "secretkey",
        "dev",
        "development",
        "password",
        "test",
        "default",
        "mvpkit",
        "please-change-me",
        "insecure",
    }
)
MAKE_A_KEY = 'python -c "import secrets; print(secrets.token_hex(32))"'
LOCAL_HOSTS = ("localhost", "127.0.0.1")


class SettingsError(Exception):
    """A setting is missing or wrong: the message says which and what to do."""


@dataclass(frozen=True)
class Settings:
    """How one service runs."""

    service_dir: Path
    environment: Environment = "development"
    secret_key: str = ""
    database_url: str = ""
    max_form_bytes: int = 64 * 1024
    draft_days: int = 30
    reload_templates: bool = False  # the development server's --reload turns this on
    trusted_proxies: int = 0  # proxies in front whose X-Forwarded-For/-Proto are believed
    public_url: str = ""  # where residents reach the services; emailed links start with it
    served_url: str = "http://localhost"  # the address being served, for development
    research: bool = False  # served by `mvpkit research`: a prototype behind its passwords
    research_round: int = 1  # the round of research this app serves (earlier ones too)

    @property
    def trusted_hosts(self) -> list[str]:
        """Hosts requests may name: the public address's, and outside production this machine's."""
        hosts = [urlsplit(self.public_url).hostname or ""]
        if not self.production:
            hosts += [urlsplit(self.served_url).hostname or "", *LOCAL_HOSTS]
        return list(dict.fromkeys(host for host in hosts if host))

    @property
    def production(self) -> bool:
        """True in production: secure cookies, no strict templates, a real secret key."""
        return self.environment == "production"


def load_settings(service_dir: Path, overrides: Mapping[str, Any] | None = None) -> Settings:
    """Settings for the service in this folder, from code defaults, then the environment."""
    env = os.environ.get("MVPKIT_ENV", "development")
    if env not in ENVIRONMENTS:
        raise SettingsError(f"MVPKIT_ENV is {env!r}: use development, test or production.")
    settings = Settings(
        service_dir=service_dir, environment=env, trusted_proxies=_trusted_proxies()
    )
    if overrides:
        settings = replace(settings, **overrides)
    if not settings.database_url:
        settings = replace(settings, database_url=database_url(data_folder(service_dir)))
    if not settings.secret_key:
        settings = replace(settings, secret_key=_secret_key(settings))
    if settings.production:
        _check_secret_key(settings.secret_key)
    return replace(settings, public_url=_public_url(settings))


def _trusted_proxies() -> int:
    text = os.environ.get("MVPKIT_TRUSTED_PROXIES", "0").strip() or "0"
    if not text.isdigit() or int(text) > 10:
        raise SettingsError(
            f"MVPKIT_TRUSTED_PROXIES is {text!r}: give the number of proxies in front of the "
            "service, from 0 to 10 (1 for a single load balancer)."
        )
    return int(text)


def data_folder(service_dir: Path) -> Path:
    """Whose instance/ folder holds the service's SQLite file, when no database is set.

    Services in one folder share its database (`exemplars/instance/mvpkit.sqlite3`), so My
    Account sees what residents did in the others, whether they are served together or one
    at a time, and `mvpkit email send` or `mvpkit staff add` reach the same rows. A service
    alone in its folder keeps its own file.
    """
    parent = service_dir.resolve().parent
    siblings = (
        child
        for child in parent.iterdir()
        if child.is_dir() and child != service_dir.resolve() and (child / "service.yaml").is_file()
    )
    return parent if any(True for _ in siblings) else service_dir


def key_folder(settings: Settings) -> Path:
    """Where development keeps its secret key: beside the SQLite file, else the data's instance/.

    With the default database that is the data folder's instance/; a test that puts its
    database in a temporary folder keeps the key there, out of the service folder.
    """
    database = sqlite_file(settings.database_url)
    if database is not None:
        return database.resolve().parent
    return data_folder(settings.service_dir) / "instance"


def _secret_key(settings: Settings) -> str:
    key = os.environ.get("MVPKIT_SECRET_KEY", "")
    if key:
        return key
    if settings.production:
        raise SettingsError(
            "MVPKIT_SECRET_KEY is not set: production needs a long random secret, for example "
            f"from `{MAKE_A_KEY}`."
        )
    # Development keeps one key beside its data, so a restart signs out nobody.
    path = key_folder(settings) / "secret-key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _check_secret_key(key: str) -> None:
    """Refuse a key that is short or one of the well-known defaults."""
    if len(key.encode()) < MIN_SECRET_KEY_BYTES or key.strip().lower() in KNOWN_SECRET_KEYS:
        raise SettingsError(
            f"MVPKIT_SECRET_KEY is too weak: production needs at least {MIN_SECRET_KEY_BYTES} "
            f"random bytes, for example from `{MAKE_A_KEY}`."
        )


def _public_url(settings: Settings) -> str:
    """The public address: as set, else (outside production) the address being served."""
    url = (settings.public_url or os.environ.get("MVPKIT_PUBLIC_URL", "")).strip().rstrip("/")
    if not url:
        if settings.production:
            raise SettingsError(
                "MVPKIT_PUBLIC_URL is not set: production needs the address residents use, "
                "for example https://services.council.gov.uk, to build the links it emails."
            )
        url = settings.served_url.rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise SettingsError(
            f"MVPKIT_PUBLIC_URL is {url!r}: set it to an address like "
            "https://services.council.gov.uk, with no query or fragment."
        )
    return url
