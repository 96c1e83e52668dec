"""The service's figures after the load test: what its load users did, counted as the
service's own dashboard counts it, written beside the load test's report.

The load users visit from phones, tablets and desktops, start journeys, send them and
look them up, so the month's transactions, completion rate, visits by device and the
patterns' figures (times to each status, appointments booked) all have something in them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mvpkit import clock
from mvpkit.patterns.figures.downloads import service_csv, service_json
from mvpkit.patterns.figures.month_report import (
    month_figures,
    month_rows,
    report_text,
    service_kit,
)
from mvpkit.patterns.figures.settings import figures_of
from mvpkit.store.months import month_name

FILES = ("figures.txt", "figures.csv", "figures.json")


def figures_after_load(service_dir: Path, database_url: str, out_dir: Path) -> dict[str, Any]:
    """This month's figures from the load test's database, written to `out_dir`.

    Returns what the report shows: the month, each group's (figure, value) rows, and the
    files written, relative to the report's folder.
    """
    month = month_name(clock.today().replace(day=1))
    out_dir.mkdir(parents=True, exist_ok=True)
    with service_kit(service_dir, database_url) as kit:
        found, all_groups = month_figures(kit, month)
        settings = figures_of(kit.service)
        (out_dir / FILES[0]).write_text(report_text(found, all_groups, settings) + "\n")
        (out_dir / FILES[1]).write_text(service_csv(found, all_groups))
        described = service_json(found, all_groups, settings)
        (out_dir / FILES[2]).write_text(json.dumps(described, indent=2) + "\n")
    return {
        "month": month,
        "groups": [[title, [list(row) for row in rows]] for title, rows in month_rows(all_groups)],
        "files": [f"{out_dir.name}/{name}" for name in FILES],
    }
