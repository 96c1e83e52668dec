"""`mvpkit research round ...`: freeze a round, list the rounds, compare two of them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from mvpkit.research_cli.setup import research_folder

path_option = click.option(
    "--path",
    type=click.Path(exists=True, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The folder served with `mvpkit research`.",
)


@click.group("round")
def round_group() -> None:
    """Rounds of research: each round's services frozen as they were tested."""


@round_group.command("start")
@click.argument("number", type=click.IntRange(1, 999))
@path_option
def round_start(number: int, path: Path) -> None:
    """Freeze the services in PATH as round NUMBER; earlier rounds stay servable."""
    from mvpkit.patterns.research.rounds import RoundError, start_round
    from mvpkit.serve import NoServicesError, find_services

    try:
        started = start_round(research_folder(path), number, find_services(path))
    except (RoundError, NoServicesError) as exc:
        raise click.ClickException(str(exc)) from exc
    names = ", ".join(folder.name for folder in started.services)
    click.echo(f"Round {number} started: {names} frozen as they are now.")


@round_group.command("list")
@path_option
def round_list(path: Path) -> None:
    """Every round, and the services frozen in it."""
    from mvpkit.patterns.research.rounds import rounds

    found = rounds(research_folder(path))
    if not found:
        click.echo("No round has started: the services are served as they are, as round 1.")
    for each in found:
        click.echo(f"Round {each.number}: {', '.join(f.name for f in each.services)}")


@round_group.command("diff")
@click.argument("before", type=int)
@click.argument("after", type=int)
@path_option
def round_diff(before: int, after: int, path: Path) -> None:
    """What changed in each service's journey from round BEFORE to round AFTER."""
    from mvpkit.definition.loader import DefinitionError, load_service
    from mvpkit.patterns.research.round_diff import compare
    from mvpkit.patterns.research.rounds import rounds

    frozen = {each.number: each for each in rounds(research_folder(path))}
    for number in (before, after):
        if number not in frozen:
            raise click.ClickException(f"Round {number} has not started.")
    later = {folder.name: folder for folder in frozen[after].services}
    for folder in frozen[before].services:
        if folder.name not in later:
            click.echo(f"{folder.name}: not in round {after}")
            continue
        try:
            changes = compare(load_service(folder), load_service(later[folder.name]))
        except DefinitionError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"{folder.name}: {len(changes)} change{'s' if len(changes) != 1 else ''}")
        for change in changes:
            click.echo(f"  {change}")


def served_round(research: Path, services: Sequence[Path]) -> tuple[int, list[Path]]:
    """The round being run and its services: the latest frozen, or the live ones as round 1."""
    from mvpkit.patterns.research.rounds import rounds

    frozen = rounds(research)
    return (frozen[-1].number, list(frozen[-1].services)) if frozen else (1, list(services))


def prototype_app(served: Sequence[Path], research: Path, settings: Mapping[str, Any]) -> Any:
    """The WSGI app: the round being run at `/<slug>/`, earlier rounds at `/round-<N>/`."""
    from mvpkit.serve import build_wsgi

    app = build_wsgi(served, migrate_schema=False, config=settings)
    app.mounts.update(round_apps(research, settings))
    return app


def round_apps(research: Path, config: Mapping[str, Any]) -> dict[str, Any]:
    """Every earlier round's services, as apps to mount at `/round-<N>/<slug>`."""
    from mvpkit.app import create_app
    from mvpkit.patterns.research.rounds import rounds

    found = rounds(research)
    return {
        f"/round-{each.number}/{folder.name}": create_app(
            folder, {**config, "research_round": each.number}, migrate=False
        )
        for each in found[:-1]
        for folder in each.services
    }
