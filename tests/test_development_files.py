"""Development files live beside the data or in the user's cache, never in a service folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from mvpkit.app import create_app
from mvpkit.kit import current_kit
from mvpkit.settings import key_folder, load_settings
from tests.conftest import write_service
from tests.test_settings_security import MINIMAL


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's cache folder, in a temporary place."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


def _start_page(service: Path, database: str) -> str:
    app = create_app(service, {"database_url": database})
    try:
        response = app.test_client().get("/size")
        assert response.status_code == 200
        return response.get_data(as_text=True)
    finally:
        with app.app_context():
            current_kit().db.dispose()


def test_a_test_database_elsewhere_keeps_the_service_folder_untouched(
    tmp_path: Path, cache: Path
) -> None:
    service = write_service(tmp_path / "services" / "apply-for-a-bin", MINIMAL)
    data = tmp_path / "data"
    data.mkdir()

    _start_page(service, f"sqlite:///{data / 'test.sqlite3'}")

    assert sorted(path.name for path in service.iterdir()) == ["service.yaml"]
    assert not (service.parent / "instance").exists()
    assert (data / "secret-key").is_file()
    assert any((cache / "mvpkit" / "jinja").iterdir())


def test_a_cache_that_cannot_be_written_means_no_compiled_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(not_a_folder))
    service = write_service(tmp_path / "apply-for-a-bin", MINIMAL)

    app = create_app(service, {"database_url": f"sqlite:///{tmp_path / 'test.sqlite3'}"})

    assert app.jinja_env.bytecode_cache is None
    assert "What size of bin" in app.test_client().get("/size").get_data(True)
    with app.app_context():
        current_kit().db.dispose()


def test_the_default_database_keeps_its_key_beside_it(tmp_path: Path) -> None:
    alone = write_service(tmp_path / "alone" / "apply-for-a-bin", MINIMAL)
    shared = write_service(tmp_path / "shared" / "apply-for-a-bin", MINIMAL)
    write_service(tmp_path / "shared" / "other", MINIMAL.replace("a bin", "a skip"))

    assert key_folder(load_settings(alone)) == alone / "instance"
    assert key_folder(load_settings(shared)) == tmp_path / "shared" / "instance"
    assert (tmp_path / "shared" / "instance" / "secret-key").is_file()
    assert not (shared / "instance").exists()


def test_a_postgres_database_keeps_the_key_in_the_data_folder(tmp_path: Path) -> None:
    write_service(tmp_path / "other", MINIMAL.replace("a bin", "a skip"))
    service = write_service(tmp_path / "apply-for-a-bin", MINIMAL)

    settings = load_settings(service, {"database_url": "postgresql://nobody@db.invalid/x"})

    assert key_folder(settings) == tmp_path / "instance"
    assert (tmp_path / "instance" / "secret-key").read_text().strip() == settings.secret_key
