"""One month of a service's figures as plain text: the dashboard's figures, in its words.

`mvpkit figures` prints it and the release check writes it after its load test. Each
figure is a column of the dashboard (`series.py`), with the same label and the same value,
small numbers kept back the same way; then the costs they assume.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from mvpkit.definition.loader import load_service
from mvpkit.kit import Kit
from mvpkit.migrate import upgrade
from mvpkit.patterns.figures import shown
from mvpkit.patterns.figures.compute import ServiceFigures, service_figures
from mvpkit.patterns.figures.series import Group, groups
from mvpkit.patterns.figures.settings import CHANNELS, FiguresSettings, figures_of
from mvpkit.settings import load_settings
from mvpkit.store.database import connect
from mvpkit.store.months import parse_month

Row = tuple[str, str]  # a figure and its value, in the dashboard's words


@contextmanager
def service_kit(folder: Path, database_url: str | None = None) -> Iterator[Kit]:
    """The service in `folder` on its own database (or this one), brought up to date."""
    service = load_service(folder)
    settings = load_settings(folder, {"database_url": database_url} if database_url else None)
    db = connect(settings.database_url)
    try:
        upgrade(db.engine)
        yield Kit(service, folder.name, settings, db, None)
    finally:
        db.dispose()


def month_figures(kit: Kit, month: str) -> tuple[ServiceFigures, list[Group]]:
    """The service's figures for one month, in the dashboard's groups."""
    found = service_figures(kit, [month])
    return found, groups(found, figures_of(kit.service))


def month_rows(all_groups: Sequence[Group]) -> list[tuple[str, list[Row]]]:
    """Each group's figures for its one month, every figure once."""
    seen: set[str] = set()
    found = []
    for group in all_groups:
        rows = []
        for section in group.sections:
            for column in section.columns:
                if column.key not in seen:
                    seen.add(column.key)
                    rows.append((column.full, column.values[0].text))
        found.append((group.title, rows))
    return found


def month_report(kit: Kit, month: str) -> str:
    """One service's figures for the month, by group, with the costs they assume."""
    figures, all_groups = month_figures(kit, month)
    return report_text(figures, all_groups, figures_of(kit.service))


def report_text(
    figures: ServiceFigures, all_groups: Sequence[Group], settings: FiguresSettings
) -> str:
    """The figures of a one-month `ServiceFigures`, by group, then what they assume."""
    grouped = month_rows(all_groups)
    width = max(len(name) for _title, rows in grouped for name, _value in rows)
    month = figures.months[0].month
    lines = [f"{figures.name} ({figures.slug}): {parse_month(month):%B %Y}"]
    for title, rows in grouped:
        lines += ["", title, *(f"  {name:<{width}}  {value}" for name, value in rows)]
    return "\n".join([*lines, "", *assumed(settings)])


def assumed(settings: FiguresSettings) -> list[str]:
    """The costs and staff minutes the figures assume, with where they come from."""
    lines = ["Assumed: a transaction costs"]
    for channel in CHANNELS:
        cost = settings.cost(channel)
        lines.append(f"  {channel:<13} {shown.pounds(cost.cost):>8}  {cost.source}")
    if settings.staff_minutes is not None:
        lines.append(
            f"and an offline one takes {settings.staff_minutes:g} minutes of staff time "
            f"({settings.staff_minutes_source})."
        )
    return lines
