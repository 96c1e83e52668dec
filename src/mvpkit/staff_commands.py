"""`mvpkit staff`: add, grant, revoke, remove, passwd and list back office accounts; assist."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from mvpkit.store.database import Database

service_option = click.option(
    "--service",
    "service_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The service folder: its back office, and the database it uses.",
)
password_option = click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input."
)


@click.group()
def staff() -> None:
    """Manage back office accounts and the services each may sign in to."""


@contextmanager
def _database(service_dir: Path, *, check: bool = True) -> Iterator[Database]:
    """The service's database, up to date; account problems become command errors."""
    from mvpkit.backoffice.accounts import AccountError
    from mvpkit.definition.loader import check_definition
    from mvpkit.migrate import upgrade
    from mvpkit.settings import SettingsError, load_settings
    from mvpkit.store.database import connect

    if check:
        _service, problems = check_definition(service_dir)
        if problems:
            raise click.ClickException("\n".join(str(problem) for problem in problems))
    try:
        settings = load_settings(service_dir.resolve())
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc
    database = connect(settings.database_url)
    try:
        upgrade(database.engine)
        yield database
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        database.dispose()


def _slug(service_dir: Path) -> str:
    """A service's slug: its folder's name, as `mvpkit serve` mounts it."""
    return service_dir.resolve().name


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


def _run(service_dir: Path, action: Callable[[Database], Any], *, check: bool = True) -> None:
    with _database(service_dir, check=check) as database:
        action(database)


@staff.command("add")
@click.argument("email")
@service_option
@password_option
def staff_add(email: str, service_dir: Path, password_stdin: bool) -> None:
    """Create a staff account for EMAIL, granted this service only (never a default password)."""
    from mvpkit.backoffice.accounts import add_staff

    password = _password(password_stdin)
    _run(service_dir, lambda db: add_staff(db, email, password, _slug(service_dir)))
    click.echo(f"Added staff account {email.strip().lower()} for {_slug(service_dir)}")


@staff.command("grant")
@click.argument("email")
@service_option
def staff_grant(email: str, service_dir: Path) -> None:
    """Let EMAIL sign in to this service's back office too."""
    from mvpkit.backoffice.accounts import grant

    _run(service_dir, lambda db: grant(db, email, _slug(service_dir)))
    click.echo(f"{email.strip().lower()} may now sign in to {_slug(service_dir)}")


@staff.command("revoke")
@click.argument("email")
@service_option
def staff_revoke(email: str, service_dir: Path) -> None:
    """Stop EMAIL signing in to this service's back office; its sessions there end."""
    from mvpkit.backoffice.accounts import revoke

    _run(service_dir, lambda db: revoke(db, email, _slug(service_dir)), check=False)
    click.echo(f"{email.strip().lower()} may no longer sign in to {_slug(service_dir)}")


@staff.command("remove")
@click.argument("email")
@service_option
def staff_remove(email: str, service_dir: Path) -> None:
    """Delete the staff account EMAIL: its grants and sessions go with it."""
    from mvpkit.backoffice.accounts import remove

    _run(service_dir, lambda db: remove(db, email), check=False)
    click.echo(f"Removed staff account {email.strip().lower()}")


@staff.command("passwd")
@click.argument("email")
@service_option
@password_option
def staff_passwd(email: str, service_dir: Path, password_stdin: bool) -> None:
    """Set a new password for EMAIL; every session of the account ends."""
    from mvpkit.backoffice.accounts import set_password

    password = _password(password_stdin)
    _run(service_dir, lambda db: set_password(db, email, password), check=False)
    click.echo(f"Changed the password of {email.strip().lower()}; its sessions have ended")


@staff.command("assist")
@click.argument("email")
@service_option
def staff_assist(email: str, service_dir: Path) -> None:
    """Let EMAIL help residents fill in this service's form (assisted digital)."""
    from mvpkit.patterns.figures.assisting import allow_assisting

    _run(service_dir, lambda db: allow_assisting(db, email, _slug(service_dir)))
    click.echo(f"{email.strip().lower()} may now help residents in {_slug(service_dir)}")


@staff.command("unassist")
@click.argument("email")
@service_option
def staff_unassist(email: str, service_dir: Path) -> None:
    """Stop EMAIL helping residents in this service; they may still sign in."""
    from mvpkit.patterns.figures.assisting import stop_assisting

    _run(service_dir, lambda db: stop_assisting(db, email, _slug(service_dir)), check=False)
    click.echo(f"{email.strip().lower()} may no longer help residents in {_slug(service_dir)}")


@staff.command("list")
@click.option(
    "--service",
    "service_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Only the accounts granted this service (and its database).",
)
def staff_list(service_dir: Path | None) -> None:
    """Every staff account: its email, the services it may sign in to, and any lock."""
    from mvpkit.backoffice.accounts import list_staff

    folder = service_dir or Path(".")
    with _database(folder, check=False) as database:
        rows = list_staff(database, _slug(folder) if service_dir else None)
    for row in rows:
        services = ", ".join(row.services) or "no services"
        click.echo(f"{row.email}\t{services}\t{'locked' if row.locked else 'not locked'}")
    if not rows:
        click.echo("No staff accounts")
