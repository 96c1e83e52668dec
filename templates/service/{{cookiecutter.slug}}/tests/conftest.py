"""Fixtures: the service running on a fresh SQLite database, and a client to browse it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mvpkit.app import create_app
from mvpkit.definition import Service, find_definition, load_service
from mvpkit.kit import current_kit

SERVICE_DIR = Path(__file__).parents[1]


@pytest.fixture
def service() -> Service:
    """The service definition, read from service.yaml."""
    return load_service(find_definition(SERVICE_DIR))


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The service's app, with its own database that is thrown away after the test."""
    monkeypatch.setenv("MVPKIT_ENV", "test")
    app = create_app(
        SERVICE_DIR,
        {
            "database_url": f"sqlite:///{tmp_path}/test.db",
            "environment": "test",
            "secret_key": "a-secret-key-for-tests-only",
        },
    )
    yield app
    with app.app_context():
        current_kit().db.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser without JavaScript: it follows links and posts forms."""
    return app.test_client()
