"""The figures as CSV and JSON: the same months and the same small numbers kept back.

A value is a number in its column's unit (a count, a percentage, pounds or days), or the
words the page shows instead: "fewer than 5", "fewer than 5 transactions", "no ratings".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from mvpkit.backoffice.export import spreadsheet_safe
from mvpkit.patterns.figures.compute import STAFF_DAY_HOURS, ServiceFigures
from mvpkit.patterns.figures.programme import PROGRAMME, Programme
from mvpkit.patterns.figures.series import Column, Group, columns
from mvpkit.patterns.figures.settings import CHANNELS, FiguresSettings
from mvpkit.patterns.figures.shown import SMALLEST, Shown

KEPT_BACK = (
    f"Counts from 1 to {SMALLEST - 1} are shown as 'fewer than {SMALLEST}'; a share, an "
    f"average or a time is shown only when worked out from {SMALLEST} or more."
)
UNITS = {"count": "count", "percent": "percent", "pounds": "pounds", "days": "days"}


def _cell(value: float | int | str) -> float | int | str:
    return spreadsheet_safe(value) if isinstance(value, str) else value


def _csv(rows: Sequence[Sequence[float | int | str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def service_csv(figures: ServiceFigures, groups: Sequence[Group]) -> str:
    """One row a month, one column a figure, headed with its unit."""
    found = columns(groups)
    rows: list[list[float | int | str]] = [["Month", *(column.heading for column in found)]]
    for index, month in enumerate(figures.months):
        rows.append([month.month, *(column.download(index) for column in found)])
    return _csv(rows)


def service_json(
    figures: ServiceFigures, groups: Sequence[Group], settings: FiguresSettings
) -> dict[str, Any]:
    """The figures' definitions, then one object a month, with the assumptions."""
    found = columns(groups)
    return {
        "service": figures.slug,
        "name": figures.name,
        "months": [month.month for month in figures.months],
        "kept_back": KEPT_BACK,
        "figures": [_described(column) for column in found],
        "values": [
            {"month": month.month, **{c.key: c.download(index) for c in found}}
            for index, month in enumerate(figures.months)
        ],
        "assumptions": {
            "costs": [
                {"channel": c, "cost": settings.cost(c).cost, "source": settings.cost(c).source}
                for c in CHANNELS
            ],
            "staff_minutes": settings.staff_minutes,
            "staff_minutes_source": settings.staff_minutes_source,
            "staff_day_hours": STAFF_DAY_HOURS,
        },
    }


def _described(column: Column) -> dict[str, str]:
    return {"key": column.key, "label": column.full, "unit": UNITS[column.unit]}


def _plain(value: Shown, unit: str) -> float | int | str:
    return Column("", "", "", unit, [value]).download(0)


def programme_csv(found: Programme) -> str:
    """One row a month and figure, a column a service and one for the programme."""
    names = [figures.name for figures in found.services]
    rows: list[list[float | int | str]] = [["Month", "Figure", *names, PROGRAMME]]
    for table in found.tables:
        for row in table.rows:
            unit = {"percent": " (%)", "pounds": " (£)", "days": " (days)"}.get(table.unit, "")
            rows.append(
                [row.month, table.title + unit, *(_plain(cell, table.unit) for cell in row.cells)]
            )
    return _csv(rows)


def programme_json(found: Programme) -> dict[str, Any]:
    """Each figure, month by month, by service slug and for the programme."""
    slugs = [figures.slug for figures in found.services]
    return {
        "services": [{"slug": f.slug, "name": f.name} for f in found.services],
        "months": found.months,
        "kept_back": KEPT_BACK,
        "figures": [
            {
                "key": table.key,
                "label": table.title,
                "unit": UNITS[table.unit],
                "values": {
                    row.month: {
                        name: _plain(cell, table.unit)
                        for name, cell in zip([*slugs, "programme"], row.cells, strict=True)
                    }
                    for row in table.rows
                },
            }
            for table in found.tables
        ],
    }
