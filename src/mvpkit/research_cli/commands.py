"""`mvpkit research`: serve services as a prototype; its subcommands live beside this."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from mvpkit.research_cli.findings import findings
from mvpkit.research_cli.passwords import password
from mvpkit.research_cli.rounds import prototype_app, round_group, served_round
from mvpkit.research_cli.setup import (
    research_config,
    research_database,
    research_folder,
    shared_address,
)


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
    from mvpkit.clock import ClockError, start_from_environment
    from mvpkit.frontend.asset_build import build_assets
    from mvpkit.frontend.assets import AssetsError
    from mvpkit.patterns.research import passwords
    from mvpkit.patterns.research.links import terminal_qr
    from mvpkit.ports import PortError, check_port

    try:
        if not os.environ.get("WERKZEUG_RUN_MAIN"):
            check_port(host, port)
        services = server.find_services(path)
        build_assets(say=lambda message: click.echo(message, err=True))
        started = start_from_environment()
    except (server.NoServicesError, AssetsError, PortError, ClockError) as exc:
        raise click.ClickException(str(exc)) from exc
    config = research_config(path)
    address = shared_address(host, port)
    config["public_url"] = address
    db = research_database(path)
    try:
        if not passwords.any_active(db):
            made = passwords.add(db, "researcher", "researcher")
            click.echo(f"Researcher's password (shown once): {made}", err=True)
    finally:
        db.dispose()
    research_dir = research_folder(path)
    config["research_round"], served = served_round(research_dir, services)
    _check_scenarios(served)

    def build(settings: Mapping[str, Any]) -> Any:
        return prototype_app(served, research_dir, settings)

    first = f"{address}/{services[0].name}/"
    click.echo(f"Prototype at {first} (data in {research_dir})", err=True)
    for earlier in range(1, config["research_round"]):
        click.echo(f"Round {earlier} at {address}/round-{earlier}/<service>/", err=True)
    click.echo(terminal_qr(first), err=True)
    if started is not None:
        click.echo(f"The clock starts at {started.isoformat(timespec='minutes')}", err=True)
    if reload or sys.platform == "win32":
        server.run_reloader(served, host, port, config, build=build)
    else:
        server.run_gunicorn(served, host, port, 2, config=config, build=build)


def _check_scenarios(services: list[Path]) -> None:
    """Refuse to start with a `scenarios.yaml` that cannot be used, saying why."""
    from mvpkit.definition.loader import load_service
    from mvpkit.patterns.research.scenarios import ScenarioError, load_scenarios

    for folder in services:
        try:
            load_scenarios(folder, load_service(folder))
        except ScenarioError as exc:
            raise click.ClickException(str(exc)) from exc


research.add_command(password)
research.add_command(round_group)
research.add_command(findings)

from mvpkit.research_cli.report import report  # noqa: E402 - beside the other subcommands

research.add_command(report)
