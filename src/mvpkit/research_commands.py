"""`mvpkit research`: serve services as a prototype, and manage its passwords.

The prototype's data lives in `research/` inside the folder given (its own SQLite
database and secret key), never in a service's own database.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from pathlib import Path
from typing import Any

import click

from mvpkit.serve import find_services

RESEARCH = "research"
DATABASE = "research.sqlite3"
KEY_FILE = "secret-key"  # the file holding the key, made once
UNROUTED = ("10.255.255.255", 1)  # no packet is sent: it only picks the outgoing address


def research_folder(path: Path) -> Path:
    """Where the prototype keeps its data: `research/` in the folder given."""
    base = path.resolve()
    return (base.parent if base.is_file() else base) / RESEARCH


def research_config(path: Path) -> dict[str, Any]:
    """The settings every service takes in research mode: its database, its one secret."""
    folder = research_folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    gitignore = folder / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text("# participants' data and the secret key stay on this machine\n*\n")
    secret = folder / KEY_FILE
    if not secret.exists():
        secret.touch(mode=0o600)
        secret.write_text(secrets.token_urlsafe(48))
    url = os.environ.get("MVPKIT_RESEARCH_DATABASE_URL") or f"sqlite:///{folder / DATABASE}"
    return {"research": True, "database_url": url, "secret_key": secret.read_text().strip()}


def shared_address(host: str, port: int) -> str:
    """The address to give participants: this machine's on the network for 0.0.0.0."""
    if host not in ("0.0.0.0", "::"):  # noqa: S104 - only naming what was asked for
        return f"http://{host}:{port}"
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(UNROUTED)
            address = probe.getsockname()[0]
    except OSError:
        address = "127.0.0.1"
    return f"http://{address}:{port}"


def _database(path: Path) -> Any:
    from mvpkit.migrate import upgrade
    from mvpkit.store.database import connect

    db = connect(research_config(path)["database_url"])
    upgrade(db.engine)
    return db


class DefaultServe(click.Group):
    """`mvpkit research PATH` serves; `mvpkit research password ...` manages passwords."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["serve", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultServe)
def research() -> None:
    """Serve services as a prototype for research with residents (see docs/research.md)."""


@research.command("serve")
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=Path("."))
@click.option("--host", default="127.0.0.1", show_default=True, help="0.0.0.0 to share it.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--reload", is_flag=True, help="Restart on changes (development server).")
def serve_prototype(path: Path, host: str, port: int, reload: bool) -> None:
    """Serve the service in PATH (or every service below it) as a password-protected prototype."""
    from mvpkit import serve as server
    from mvpkit.frontend.assets import AssetsError, build_assets
    from mvpkit.patterns.research import passwords
    from mvpkit.patterns.research.links import terminal_qr
    from mvpkit.ports import PortError, check_port

    try:
        if not os.environ.get("WERKZEUG_RUN_MAIN"):
            check_port(host, port)
        services = find_services(path)
        build_assets(say=lambda message: click.echo(message, err=True))
    except (server.NoServicesError, AssetsError, PortError) as exc:
        raise click.ClickException(str(exc)) from exc
    config = research_config(path)
    address = shared_address(host, port)
    config["public_url"] = address
    db = _database(path)
    try:
        if not passwords.any_active(db):
            made = passwords.add(db, "researcher", "researcher")
            click.echo(f"Researcher's password (shown once): {made}", err=True)
    finally:
        db.dispose()
    first = f"{address}/{services[0].name}/"
    click.echo(f"Prototype at {first} (data in {research_folder(path)})", err=True)
    click.echo(terminal_qr(first), err=True)
    if reload or sys.platform == "win32":
        server.run_reloader(services, host, port, config)
    else:
        server.run_gunicorn(services, host, port, 2, config=config)


@research.group("password")
def password() -> None:
    """The prototype's passwords: each named, revocable, stored only hashed."""


@password.command("add")
@click.argument("name")
@click.option("--path", type=click.Path(exists=True, path_type=Path), default=Path("."))
@click.option("--researcher", is_flag=True, help="Also open the research pages.")
def password_add(name: str, path: Path, researcher: bool) -> None:
    """Make a password called NAME; it is printed once."""
    from mvpkit.patterns.research.passwords import PasswordError, add

    db = _database(path)
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

    db = _database(path)
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

    db = _database(path)
    try:
        revoke(db, name)
    except PasswordError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        db.dispose()
    click.echo(f"{name} no longer works.")
