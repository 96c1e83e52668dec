"""Fixtures shared by the kit's tests: databases, apps and a GOV.UK-aware client."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from mvpkit.app import create_app
from mvpkit.auth import hashing
from mvpkit.store import counts
from mvpkit.store.database import normalise_url
from tests.support import Browser

ROOT = Path(__file__).resolve().parents[1]
EXEMPLAR = ROOT / "exemplars" / "report-a-fault"
POSTGRES_URL = os.environ.get("MVPKIT_TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = os.environ.get("MVPKIT_REQUIRE_POSTGRES") == "1"


UNTOUCHED = ("exemplars", "features", "tests")  # tests write their data elsewhere


def _written_paths() -> set[Path]:
    """Every file and folder under the folders tests leave alone, but Python's bytecode."""
    return {
        path
        for top in UNTOUCHED
        for path in (ROOT / top).rglob("*")
        if "__pycache__" not in path.parts
    }


@pytest.fixture(scope="session", autouse=True)
def _service_folders_untouched() -> Iterator[None]:
    """The test run writes nothing into the services, the features or the tests."""
    before = _written_paths()
    yield
    written = sorted(str(path.relative_to(ROOT)) for path in _written_paths() - before)
    assert not written, f"the tests wrote into the repository: {written}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the tests that take minutes first, then those that start processes or browsers.

    With workers handed two tests at a time (`-n N --dist load --maxschedchunk 2`, as nox
    runs them), each worker starts on a long test with a short one beside it; the tests of
    many seconds follow, and the quick ones come last, so that no worker finishes the run
    alone with a slow test started late.
    """
    long = [item for item in items if item.get_closest_marker("long")]
    rest = [item for item in items if not item.get_closest_marker("long")]
    ordered: list[pytest.Item] = []
    for index, item in enumerate(long):
        ordered.append(item)
        ordered.extend(rest[index : index + 1])
    later = rest[len(long) :]
    ordered.extend(sorted(later, key=lambda item: not _takes_seconds(item)))  # a stable sort
    items[:] = ordered


def _takes_seconds(item: pytest.Item) -> bool:
    """Tests that start a process or a browser, or run on PostgreSQL."""
    return any(item.get_closest_marker(name) for name in ("slow", "browser", "postgres"))


@pytest.fixture(autouse=True)
def _no_counts_carried_over() -> Iterator[None]:
    """Visits a test counted but did not write go with its database, not into the next test."""
    counts.drop_unwritten()
    yield
    counts.drop_unwritten()


QUICK_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
QUICK_DUMMY_HASH = QUICK_HASHER.hash("a password nobody has")


@pytest.fixture(autouse=True)
def _quick_password_hashing(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Argon2id at its least cost in this process, as the tests hash thousands of passwords.

    OWASP's settings, which a hash costs about 35 ms of a core at, are what the kit uses:
    tests marked `real_password_hashing` (tests/test_hashing.py) check them, and every
    service a test starts in a process of its own (gunicorn, the gate) hashes with them.
    """
    if request.node.get_closest_marker("real_password_hashing"):
        return
    monkeypatch.setattr(hashing, "HASHER", QUICK_HASHER)
    monkeypatch.setattr(hashing, "DUMMY_HASH", QUICK_DUMMY_HASH)


@pytest.fixture(autouse=True)
def _test_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs in the test environment, with no database chosen by the shell."""
    monkeypatch.setenv("MVPKIT_ENV", "test")
    for name in ("DATABASE_URL", "MVPKIT_DATABASE_URL", "MVPKIT_SECRET_KEY", "MVPKIT_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite file."""
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema in the test PostgreSQL database, dropped afterwards."""
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("MVPKIT_REQUIRE_POSTGRES=1 but MVPKIT_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL tests need MVPKIT_TEST_POSTGRES_URL (.ci/run sets it)")
    base = normalise_url(POSTGRES_URL)
    schema = f"t_{secrets.token_hex(6)}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each test that asks for this runs on SQLite and on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


AppFactory = Callable[..., Flask]


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[AppFactory]:
    """Build apps for a service folder; each is disposed of afterwards."""
    built: list[Flask] = []

    def factory(service_dir: Path = EXEMPLAR, database_url: str = "", **config: object) -> Flask:
        settings = {
            "database_url": database_url or f"sqlite:///{tmp_path / 'app.sqlite3'}",
            "secret_key": "test-secret-key-that-is-long-enough-to-use",
            "environment": "test",
            "public_url": "http://localhost",
            **config,
        }
        app = create_app(service_dir, settings)
        built.append(app)
        return app

    yield factory
    for app in built:
        app.extensions["mvpkit"].db.dispose()


@pytest.fixture
def app(make_app: AppFactory, database_url: str) -> Flask:
    """The report-a-fault exemplar on each database."""
    return make_app(EXEMPLAR, database_url)


@pytest.fixture
def visitor(app: Flask) -> Browser:
    """A client that reads pages as a user would and sends forms with their CSRF token."""
    return Browser(app.test_client())


def write_service(folder: Path, definition: str) -> Path:
    """A service folder holding this service.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "service.yaml").write_text(definition)
    return folder
