"""`mvpkit research report`: a round's playback as one HTML file, with each page pictured.

The file is the playback the researcher's page downloads (`/research/round/report.html`),
with one more section: a screenshot of each page of the round's journey (its frozen
definition when the round was frozen, else the live one) on the class of device most of
the round's participants used. Without a Chromium it is written without that section.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from mvpkit.research_cli.setup import research_database, research_folder


@click.command("report")
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=Path("."))
@click.option(
    "--round",
    "round_number",
    type=click.IntRange(min=1),
    default=None,
    help="This round (the one being run when left out).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The file to write (research/round-<N>-playback.html when left out).",
)
def report(path: Path, round_number: int | None, output: Path | None) -> None:
    """Write a round's playback as one HTML file, with a screenshot of each page."""
    from mvpkit.serve import NoServicesError, find_services

    try:
        services = find_services(path)
    except NoServicesError as exc:
        raise click.ClickException(str(exc)) from exc
    research = research_folder(path)
    number, folders = round_services(research, services, round_number)
    if output is not None and len(folders) > 1:
        raise click.ClickException(
            f"{path} holds {len(folders)} services: leave out --output to write one report each."
        )
    db = research_database(path)
    try:
        for folder in folders:
            slug = folder.name if len(folders) > 1 else ""
            target = output or default_output(research, number, slug)
            html = round_html(db, folder, number)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            click.echo(f"Wrote {target} ({_kb(len(html.encode()))}).")
    finally:
        db.dispose()


def round_services(
    research: Path, services: Sequence[Path], asked: int | None
) -> tuple[int, list[Path]]:
    """The round asked for (else the one being run) and its services, frozen if it was."""
    from mvpkit.patterns.research.rounds import rounds
    from mvpkit.research_cli.rounds import served_round

    current, _served = served_round(research, services)
    number = asked or current
    if number > current:
        raise click.ClickException(
            f"Round {number} has not started: the round being run is {current}."
        )
    frozen = {each.number: list(each.services) for each in rounds(research)}
    if number in frozen:
        return number, frozen[number]
    if frozen:
        click.echo(
            f"Round {number} was not frozen: its pages are pictured as the services are now.",
            err=True,
        )
    return number, list(services)


def default_output(research: Path, number: int, slug: str = "") -> Path:
    """`research/round-<N>-playback.html`, with the service's name when there are several."""
    middle = f"-{slug}" if slug else ""
    return research / f"round-{number}{middle}-playback.html"


def round_html(db: Any, folder: Path, number: int) -> str:
    """The round's one-file playback of the service in `folder`, with its pages pictured."""
    from mvpkit import clock
    from mvpkit.definition.loader import DefinitionError, load_service
    from mvpkit.patterns.research.playback import round_playback
    from mvpkit.patterns.research.playback_pages import most_used_device, pages_section
    from mvpkit.patterns.research.playback_report import round_report
    from mvpkit.research_cli.page_shots import NoPicturesError, take_pictures

    try:
        service = load_service(folder)
    except DefinitionError as exc:
        raise click.ClickException(str(exc)) from exc
    figures = round_playback(db, service, folder.name, number)
    if not service.pages:
        click.echo(f"{folder.name} has no journey of its own: no pages to picture.", err=True)
        return round_report(db, service, figures, clock.now())
    device = most_used_device(figures)
    try:
        pictures = take_pictures(
            folder, service, device, say=lambda line: click.echo(line, err=True)
        )
    except NoPicturesError as exc:
        click.echo(
            f"No screenshots of the pages: {exc} The report has no section for them.", err=True
        )
        return round_report(db, service, figures, clock.now())
    for problem in pictures.problems:
        click.echo(problem, err=True)
    click.echo(
        f"Pictured {len(pictures.shots)} pages of {folder.name} on a {device} in "
        f"{pictures.seconds:.1f} s: {_kb(pictures.size)} of PNG.",
        err=True,
    )
    more = pages_section(figures, device, pictures.of(service), pictures.problems)
    return round_report(db, service, figures, clock.now(), more)


def _kb(size: int) -> str:
    return f"{round(size / 1024)} KB"
