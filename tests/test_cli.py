"""The `mvpkit` command: validate, staff add, serve's folder discovery and index."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from werkzeug.test import Client

from mvpkit.backoffice.accounts import sign_in
from mvpkit.cli import main
from mvpkit.frontend.assets import AssetsError
from mvpkit.serve import NoServicesError, build_wsgi, find_services
from mvpkit.store.database import connect
from tests.conftest import EXEMPLAR, write_service

GOOD = """name: Apply for a bin
pages:
  - id: size
    title: What size of bin do you need?
    type: radios
    options: [Small, Large]
"""
BAD = """name: Apply for a bin
pages:
  - id: size
    title: What size of bin do you need?
    type: radio
    next:
      - {goto: nowhere}
"""


def test_validate_passes_a_good_definition(tmp_path: Path) -> None:
    folder = write_service(tmp_path / "bins", GOOD)
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 0
    assert "no problems found" in result.output


def test_validate_reports_file_and_line_and_exits_1(tmp_path: Path) -> None:
    folder = write_service(tmp_path / "bins", BAD)
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 1
    assert "service.yaml:5:" in result.output
    assert "'radio'" in result.output
    assert "Traceback" not in result.output


def test_validate_every_service_below_a_folder(tmp_path: Path) -> None:
    write_service(tmp_path / "a-good-one", GOOD)
    write_service(tmp_path / "b-bad-one", BAD)
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "a-good-one/service.yaml: no problems found" in result.output
    assert "b-bad-one/service.yaml:5:" in result.output


def test_validate_a_folder_without_services_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "No service.yaml" in result.output


def test_staff_add_reads_the_password_and_stores_a_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'staff.sqlite3'}"
    monkeypatch.setenv("MVPKIT_DATABASE_URL", url)
    folder = write_service(tmp_path / "bins", GOOD)
    result = CliRunner().invoke(
        main,
        ["staff", "add", "Officer@Example.gov.uk", "--service", str(folder), "--password-stdin"],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Added staff account officer@example.gov.uk" in result.output
    db = connect(url)
    assert sign_in(db, "bins", "officer@example.gov.uk", "a long enough password", "cli").ok
    assert not sign_in(db, "other", "officer@example.gov.uk", "a long enough password", "cli").ok
    db.dispose()
    again = CliRunner().invoke(
        main,
        ["staff", "add", "officer@example.gov.uk", "--service", str(folder), "--password-stdin"],
        input="a long enough password\n",
    )
    assert again.exit_code == 1
    assert "already a staff account" in again.output


def test_staff_add_refuses_a_short_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MVPKIT_DATABASE_URL", f"sqlite:///{tmp_path / 's.sqlite3'}")
    folder = write_service(tmp_path / "bins", GOOD)
    result = CliRunner().invoke(
        main,
        ["staff", "add", "a@example.com", "--service", str(folder), "--password-stdin"],
        input="short\n",
    )
    assert result.exit_code == 1
    assert "12 characters or more" in result.output


def test_find_services(tmp_path: Path) -> None:
    one = write_service(tmp_path / "one", GOOD)
    two = write_service(tmp_path / "two", GOOD)
    (tmp_path / "notes").mkdir()
    assert find_services(tmp_path) == [one.resolve(), two.resolve()]
    assert find_services(one) == [one.resolve()]
    with pytest.raises(NoServicesError):
        find_services(tmp_path / "notes")


def test_serve_mounts_each_service_at_its_slug_with_an_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MVPKIT_DATABASE_URL", f"sqlite:///{tmp_path / 'all.sqlite3'}")
    monkeypatch.setenv("MVPKIT_SECRET_KEY", "k" * 64)
    bins = write_service(tmp_path / "apply-for-a-bin", GOOD)
    client = Client(build_wsgi([bins.resolve(), EXEMPLAR]))
    index = client.get("/")
    assert index.status_code == 200
    html = index.get_data(as_text=True)
    assert 'href="/apply-for-a-bin/"' in html
    assert "Report a street light or drain problem" in html
    start = client.get("/report-a-fault/")
    assert start.status_code == 200
    assert 'href="/report-a-fault/problem-type"' in start.get_data(as_text=True)
    assert client.get("/apply-for-a-bin/size").status_code == 200


def test_serve_explains_a_failed_asset_fetch_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_npm(**_: object) -> None:
        raise AssetsError("npm was not found: install Node.js 20.19 or later, then try again.")

    monkeypatch.setattr("mvpkit.frontend.asset_build.build_assets", no_npm)
    folder = write_service(tmp_path / "bins", GOOD)
    result = CliRunner().invoke(main, ["serve", str(folder)])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: npm was not found: install Node.js 20.19 or later, then try again."
    )


def test_serve_on_a_busy_port_says_so_and_which_port_to_try(tmp_path: Path) -> None:
    folder = write_service(tmp_path / "bins", GOOD)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", str(folder), "--port", str(port)])
    assert result.exit_code == 1
    suggested = re.fullmatch(
        rf"Error: Port {port} is in use: try --port (\d+)", result.output.strip()
    )
    assert suggested, result.output
    with socket.socket() as free:
        free.bind(("127.0.0.1", int(suggested.group(1))))  # the port it names is free


def test_serve_refuses_a_broken_definition(tmp_path: Path) -> None:
    folder = write_service(tmp_path / "bins", BAD)
    result = CliRunner().invoke(main, ["serve", str(folder)])
    assert result.exit_code == 1
    assert "service.yaml:5:" in result.output


def test_validate_checks_the_file_it_is_given(tmp_path: Path) -> None:
    write_service(tmp_path, GOOD)
    other = tmp_path / "draft.yaml"
    other.write_text(BAD)
    result = CliRunner().invoke(main, ["validate", str(other)])
    assert result.exit_code == 1
    assert "draft.yaml:5:" in result.output


def test_production_without_a_secret_key_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MVPKIT_ENV", "production")
    monkeypatch.setenv("MVPKIT_DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite3'}")
    folder = write_service(tmp_path / "bins", GOOD)
    for args in (
        ["serve", str(folder)],
        ["staff", "add", "a@example.com", "--service", str(folder), "--password-stdin"],
    ):
        result = CliRunner().invoke(main, args, input="a long enough password\n")
        assert result.exit_code == 1
        assert "MVPKIT_SECRET_KEY is not set" in result.output
        assert "Traceback" not in result.output


def test_check_without_the_testing_tools_says_the_exact_pip_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util
    import sys

    found = importlib.util.find_spec
    absent = {"locust", "pytest_bdd"}
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name in absent else found(name, *a)
    )
    folder = write_service(tmp_path / "bins", GOOD)
    result = CliRunner().invoke(main, ["check", str(folder), "--report", str(tmp_path / "r")])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: The release gate needs pytest_bdd, locust, which are not installed: "
        f"run {sys.executable} -m pip install 'mvpkit[testing]'"
    )
    assert not (tmp_path / "r").exists()  # nothing started


def test_check_of_the_definition_alone_needs_no_testing_tools(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda *_a: None)
    folder = write_service(tmp_path / "bins", GOOD)
    result = CliRunner().invoke(
        main, ["check", str(folder), "--stages", "validate", "--report", str(tmp_path / "r")]
    )
    assert result.exit_code == 0, result.output


def test_one_missing_tool_is_named_in_the_singular() -> None:
    from mvpkit.gate.requirements import install_hint

    assert install_hint(["locust"]).startswith("The release gate needs locust, which is not")


def test_the_command_line_loads_no_web_or_database_library_until_a_command_needs_one() -> None:
    """`mvpkit new` and `mvpkit --help` do not wait for Flask, SQLAlchemy or pydantic."""
    import json
    import subprocess
    import sys

    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys, mvpkit.cli; print(json.dumps(list(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    loaded = {name.split(".")[0] for name in json.loads(shown.stdout)}
    assert loaded.isdisjoint({"flask", "sqlalchemy", "pydantic", "jinja2"}), loaded
