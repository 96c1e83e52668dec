"""`mvpkit research findings ...`: a round's findings, written as Gherkin features."""

from __future__ import annotations

from pathlib import Path

import click

from mvpkit.research_cli.setup import research_database


@click.group("findings")
def findings() -> None:
    """Findings made from participants' notes and errors (see docs/research.md)."""


@findings.command("export")
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=Path("."))
@click.option(
    "--round",
    "round_number",
    type=click.IntRange(min=1),
    default=None,
    help="Only this round (every round with findings when left out).",
)
def findings_export(path: Path, round_number: int | None) -> None:
    """Write each round's findings as features/<service>/research-round-N.feature."""
    from mvpkit.definition import load_service
    from mvpkit.gate.browser_stages import features_dir
    from mvpkit.patterns.research import findings as found
    from mvpkit.serve import NoServicesError, find_services
    from mvpkit.testing.research_features import write_round

    try:
        services = find_services(path)
    except NoServicesError as exc:
        raise click.ClickException(str(exc)) from exc
    db = research_database(path)
    try:
        for folder in services:
            service = load_service(folder)
            rounds = [round_number] if round_number else found.rounds(db, folder.name)
            for number in rounds:
                exported = found.export(db, folder.name, number)
                if not exported:
                    click.echo(f"No findings in round {number} of {folder.name}: nothing written.")
                    continue
                target = features_dir(folder) or folder / "features"
                written = write_round(service, target, number, exported)
                click.echo(f"Wrote {written}: {_count(len(exported))}")
            if not rounds:
                click.echo(f"No findings for {folder.name} yet.")
    finally:
        db.dispose()


def _count(number: int) -> str:
    return f"{number} finding" if number == 1 else f"{number} findings"
