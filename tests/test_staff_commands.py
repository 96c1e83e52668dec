"""`mvpkit staff`: add grants one service; grant, revoke, remove, passwd and list."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mvpkit.auth import limits
from mvpkit.backoffice.accounts import sign_in
from mvpkit.cli import main
from mvpkit.store.database import Database, connect
from tests.conftest import write_service
from tests.test_cli import GOOD

EMAIL = "officer@example.gov.uk"
PASSWORD = "a long enough password"


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Two services, bins and parking, on one database."""
    monkeypatch.setenv("MVPKIT_DATABASE_URL", f"sqlite:///{tmp_path / 'staff.sqlite3'}")
    return write_service(tmp_path / "bins", GOOD), write_service(tmp_path / "parking", GOOD)


@pytest.fixture
def db(folders: tuple[Path, Path], tmp_path: Path) -> Database:
    """The services' database, with an account granted bins."""
    assert staff("add", EMAIL, "--service", folders[0], "--password-stdin").exit_code == 0
    return connect(f"sqlite:///{tmp_path / 'staff.sqlite3'}")


def staff(*args: str | Path, password: str = PASSWORD) -> Result:
    """Run `mvpkit staff ...` with the password on standard input."""
    return CliRunner().invoke(main, ["staff", *map(str, args)], input=f"{password}\n")


def _can_sign_in(db: Database, service: str, password: str = PASSWORD) -> bool:
    return sign_in(db, service, EMAIL, password, "cli").ok


def test_add_grants_only_the_service_it_names(db: Database) -> None:
    assert _can_sign_in(db, "bins")
    assert not _can_sign_in(db, "parking")


def test_grant_and_revoke_a_service(db: Database, folders: tuple[Path, Path]) -> None:
    result = staff("grant", EMAIL.upper(), "--service", folders[1])
    assert result.exit_code == 0, result.output
    assert f"{EMAIL} may now sign in to parking" in result.output
    assert _can_sign_in(db, "parking")
    result = staff("revoke", EMAIL, "--service", folders[0])
    assert result.exit_code == 0, result.output
    assert not _can_sign_in(db, "bins")
    assert _can_sign_in(db, "parking")


def test_passwd_sets_a_new_password_under_the_policy(
    db: Database, folders: tuple[Path, Path]
) -> None:
    refused = staff("passwd", EMAIL, "--service", folders[0], "--password-stdin", password="x")
    assert refused.exit_code == 1
    assert "Password must be 12 characters or more" in refused.output
    new = "an entirely new passphrase"
    result = staff("passwd", EMAIL, "--service", folders[0], "--password-stdin", password=new)
    assert result.exit_code == 0, result.output
    assert not _can_sign_in(db, "bins")
    assert _can_sign_in(db, "bins", new)


def test_remove_deletes_the_account(db: Database, folders: tuple[Path, Path]) -> None:
    assert staff("remove", EMAIL, "--service", folders[0]).exit_code == 0
    assert not _can_sign_in(db, "bins")
    again = staff("remove", EMAIL, "--service", folders[0])
    assert again.exit_code == 1
    assert f"There is no staff account for {EMAIL}" in again.output


def test_list_shows_services_and_locks(db: Database, folders: tuple[Path, Path]) -> None:
    staff("add", "clerk@example.gov.uk", "--service", folders[1], "--password-stdin")
    listed = staff("list", "--service", folders[0])
    assert listed.output.splitlines() == [f"{EMAIL}\tbins\tnot locked"]
    for _attempt in range(limits.STAFF_PER_EMAIL.most):
        sign_in(db, "bins", EMAIL, "a wrong guess", "cli")
    everyone = staff("list", "--service", folders[1]).output.splitlines()
    assert everyone == ["clerk@example.gov.uk\tparking\tnot locked"]
    staff("grant", EMAIL, "--service", folders[1])
    everyone = staff("list", "--service", folders[1]).output.splitlines()
    assert everyone == [
        "clerk@example.gov.uk\tparking\tnot locked",
        f"{EMAIL}\tbins, parking\tlocked",
    ]
    staff("revoke", "clerk@example.gov.uk", "--service", folders[1])
    assert staff("list").output.splitlines() == [
        "clerk@example.gov.uk\tno services\tnot locked",
        f"{EMAIL}\tbins, parking\tlocked",
    ]
