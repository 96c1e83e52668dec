"""`mvpkit research password ...`: the prototype's named, revocable passwords."""

from __future__ import annotations

from pathlib import Path

import click

from mvpkit.research_cli.setup import research_database


@click.group("password")
def password() -> None:
    """The prototype's passwords: each named, revocable, stored only hashed."""


@password.command("add")
@click.argument("name")
@click.option("--path", type=click.Path(exists=True, path_type=Path), default=Path("."))
@click.option("--researcher", is_flag=True, help="Also open the research pages.")
def password_add(name: str, path: Path, researcher: bool) -> None:
    """Make a password called NAME; it is printed once."""
    from mvpkit.patterns.research.passwords import PasswordError, add

    db = research_database(path)
    try:
        made = add(db, name, "researcher" if researcher else "participant")
    except PasswordError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        db.dispose()
    click.echo(made)


@password.command("list")
@click.option("--path", type=click.Path(exists=True, path_type=Path), default=Path("."))
def password_list(path: Path) -> None:
    """Every password's name and role, and whether it is revoked."""
    from mvpkit.patterns.research.passwords import listed

    db = research_database(path)
    try:
        for row in listed(db):
            state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "works"
            click.echo(f"{row.name}\t{row.role}\t{state}")
    finally:
        db.dispose()


@password.command("revoke")
@click.argument("name")
@click.option("--path", type=click.Path(exists=True, path_type=Path), default=Path("."))
def password_revoke(name: str, path: Path) -> None:
    """Stop the password NAME working; whoever came in with it is signed out."""
    from mvpkit.patterns.research.passwords import PasswordError, revoke

    db = research_database(path)
    try:
        revoke(db, name)
    except PasswordError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        db.dispose()
    click.echo(f"{name} no longer works.")
