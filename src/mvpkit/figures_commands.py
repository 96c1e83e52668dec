"""`mvpkit figures PATH`: one month's figures of each service, as a plain-text table.

Each service's figures are worked out as its dashboard works them out
(`mvpkit.patterns.figures.compute.service_figures`), from its own database, without
starting the app, and shown as `mvpkit.patterns.figures.shown` shows them everywhere:
counts from 1 to 4 as "fewer than 5", a share, an average or a time only when it is
worked out from 5 or more.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from mvpkit.kit import Kit
    from mvpkit.pattern import MonthlyFigure
    from mvpkit.patterns.figures.compute import Month
    from mvpkit.patterns.figures.shown import Shown

Row = tuple[str, str, str]  # the figure, its value and its unit


def month_rows(month: Month) -> list[Row]:
    """The month's figures of every service, each with its unit."""
    from mvpkit.patterns.figures import shown
    from mvpkit.patterns.figures.compute import MOBILE

    def count(number: int) -> str:
        return shown.count(number).text

    rows: list[Row] = [
        ("Online transactions", count(month.online), "transactions"),
        ("Assisted digital transactions", count(month.assisted), "transactions"),
        *(
            (f"  at {place}", count(number), "transactions")
            for place, number in sorted(month.assisted_places.items())
        ),
        ("Offline transactions", count(month.offline_total), "transactions"),
        *(
            (f"  {channel}", count(number), "transactions")
            for channel, number in sorted(month.offline.items())
        ),
        ("Transactions", count(month.transactions), "transactions"),
        (
            "Digital take-up",
            shown.share(month.digital, month.transactions).text,
            "of transactions",
        ),
        ("Journeys started", count(month.started), "journeys"),
        (
            "Completion rate",
            shown.share(min(month.digital, month.started), month.started, "journeys").text,
            "of journeys started",
        ),
        (
            "Cost per transaction",
            shown.average(month.cost, month.transactions).text,
            "pounds a transaction",
        ),
        ("Savings", shown.money(month.savings, month.digital).text, "pounds in the month"),
        (
            "Staff time saved",
            _number(shown.staff_days(month.staff_days_saved, month.online)),
            "staff days of 7.4 hours",
        ),
        ("Ratings", count(month.rated), "ratings"),
        (
            "User satisfaction",
            shown.share(month.satisfied, month.rated, "ratings").text,
            "of ratings",
        ),
        ("Visits", count(month.visit_total), "visits to the start page"),
        *(
            (f"  {device}", count(number), "visits")
            for device, number in sorted(month.visits.items())
        ),
        (
            "Mobile share",
            shown.share(
                sum(month.visits.get(d, 0) for d in MOBILE), month.visit_total, "visits"
            ).text,
            "of visits",
        ),
    ]
    return rows


def pattern_rows(figure: MonthlyFigure, month: str) -> list[Row]:
    """A pattern's figure for the month: a count, or a time's median and 90th percentile."""
    from mvpkit.patterns.figures import shown

    if figure.kind != "days":
        return [
            (figure.label, shown.count(round(figure.values.get(month, 0))).text, "in the month")
        ]
    measured = int(figure.counts.get(month, 0))
    median = shown.days(figure.values.get(month), measured, "times measured")
    p90 = shown.days(figure.p90.get(month), measured, "times measured")
    return [
        (f"{figure.label}: median", _number(median), "days"),
        (f"{figure.label}: 90th percentile", _number(p90), "days"),
        (f"{figure.label}: measured", shown.count(measured).text, "times measured"),
    ]


def _number(value: Shown) -> str:
    """Days to one place, as the unit column names them; else the words kept back."""
    return value.text if value.value is None else f"{value.value:,.1f}"


def table(rows: Sequence[Row]) -> str:
    """The rows under a heading, in columns."""
    heading: Row = ("Figure", "Value", "Unit")
    widths = [max(len(row[column]) for row in (heading, *rows)) for column in range(3)]
    rule: Row = ("-" * widths[0], "-" * widths[1], "-" * widths[2])
    return "\n".join(
        f"{name:<{widths[0]}}  {value:>{widths[1]}}  {unit}".rstrip()
        for name, value, unit in (heading, rule, *rows)
    )


def report(kit: Kit, month: str) -> str:
    """One service's figures for the month, with the costs they assume."""
    from mvpkit.patterns.figures import shown
    from mvpkit.patterns.figures.compute import service_figures
    from mvpkit.patterns.figures.settings import CHANNELS, figures_of
    from mvpkit.store.months import parse_month

    found = service_figures(kit, [month])
    rows = month_rows(found.months[0])
    for figure in found.extra:
        rows += pattern_rows(figure, month)
    settings = figures_of(kit.service)
    assumed = ["Assumed: a transaction costs"]
    for channel in CHANNELS:
        cost = settings.cost(channel)
        assumed.append(f"  {channel:<13} {shown.pounds(cost.cost):>8}  {cost.source}")
    if settings.staff_minutes is not None:
        assumed.append(
            f"and an offline one takes {settings.staff_minutes:g} minutes of staff time "
            f"({settings.staff_minutes_source})."
        )
    title = f"{found.name} ({found.slug}): {parse_month(month):%B %Y}"
    return "\n".join([title, "", table(rows), "", *assumed])


@contextmanager
def service_kit(folder: Path) -> Iterator[Kit]:
    """The service in `folder`, with its own database brought up to date; no app started."""
    from mvpkit.definition.loader import load_service
    from mvpkit.kit import Kit
    from mvpkit.migrate import upgrade
    from mvpkit.settings import load_settings
    from mvpkit.store.database import connect

    service = load_service(folder)
    settings = load_settings(folder)
    db = connect(settings.database_url)
    try:
        upgrade(db.engine)
        yield Kit(service, folder.name, settings, db, None)
    finally:
        db.dispose()


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
                click.echo(("\n\n" if number else "") + report(kit, chosen))
    except (NoServicesError, SettingsError, DefinitionError) as exc:
        raise click.ClickException(str(exc)) from exc
