"""`mvpkit figures PATH`: one month's figures of each service, as plain text.

Each service's figures are its dashboard's (`mvpkit.patterns.figures.month_report`),
worked out from its own database without starting the app, with the same labels and the
same small numbers kept back.
"""

from __future__ import annotations

from pathlib import Path

import click


def last_complete_month() -> str:
    """The month before this one, on London's clocks."""
    from mvpkit import clock
    from mvpkit.store.months import month_name, months_until

    return months_until(month_name(clock.today().replace(day=1)), 2)[0]


@click.command("figures")
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=Path("."))
@click.option("--month", help="The month, like 2026-11. [default: the last complete month]")
def figures(path: Path, month: str | None) -> None:
    """Print a month's figures of the service in PATH, or of every service below it."""
    from mvpkit.definition.source import DefinitionError
    from mvpkit.patterns.figures.month_report import month_report, service_kit
    from mvpkit.serve import NoServicesError, find_services
    from mvpkit.settings import SettingsError
    from mvpkit.store.months import MonthError, month_name, parse_month

    try:
        chosen = month_name(parse_month(month)) if month else last_complete_month()
    except MonthError as exc:
        raise click.BadParameter(str(exc), param_hint="--month") from exc
    try:
        folders = find_services(path)
        for number, folder in enumerate(folders):
            with service_kit(folder) as kit:
                click.echo(("\n\n" if number else "") + month_report(kit, chosen))
    except (NoServicesError, SettingsError, DefinitionError) as exc:
        raise click.ClickException(str(exc)) from exc
