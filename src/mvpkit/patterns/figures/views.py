"""The figures' pages: the staff dashboard, the programme view and the public page.

Figures are worked out only when one of these pages (or its download) is asked for: no
other page of the service does any of this work. Each shows the 12 months up to the
current one, or up to the month asked for (`?month=2026-11`). Small numbers are kept back
everywhere (`shown.py`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Blueprint, Flask, Response, abort, render_template, request, url_for
from markupsafe import Markup

from mvpkit import clock
from mvpkit.backoffice.access import staff_required
from mvpkit.backoffice.navigation import StaffLink, add_staff_links
from mvpkit.kit import Kit, current_kit
from mvpkit.patterns.figures import downloads
from mvpkit.patterns.figures.compute import STAFF_DAY_HOURS, ServiceFigures, service_figures
from mvpkit.patterns.figures.drawn import chart
from mvpkit.patterns.figures.programme import PROGRAMME, programme
from mvpkit.patterns.figures.series import (
    Group,
    Section,
    assumptions,
    groups,
    month_label,
    published,
)
from mvpkit.patterns.figures.settings import figures_of
from mvpkit.store.months import MonthError, month_name, months_until, parse_month

figures_staff = Blueprint("figures_staff", __name__, url_prefix="/staff/figures")
figures_public = Blueprint("figures_public", __name__)
MONTHS = 12  # shown at once
CHOICES = 36  # months offered to choose from
EARLIEST = date(2000, 1, 1)
STAFF_LINKS = (
    StaffLink(
        "Figures",
        "figures_staff.dashboard",
        ("figures_staff.programme", "figures_public.staff_csv", "figures_public.staff_json"),
    ),
)


def install_links(app: Flask) -> None:
    """Add "Figures" to the back office's navigation."""
    add_staff_links(app, STAFF_LINKS)


@dataclass(frozen=True)
class Drawn:
    """A section with its chart, for the template."""

    section: Section
    chart: Markup


def _current_month() -> str:
    """This month on London's clocks, like 2026-11."""
    return month_name(clock.today().replace(day=1))


def _months() -> list[str]:
    """The 12 months up to `?month=` (from 2000 to this month), else up to this month."""
    asked = request.args.get("month", "")
    current = _current_month()
    if not asked:
        return months_until(current, MONTHS)
    try:
        first = parse_month(asked)
    except MonthError:
        abort(400)
    if not EARLIEST <= first <= parse_month(current):
        abort(404)
    return months_until(month_name(first), MONTHS)


def _choices(last: str) -> list[dict[str, Any]]:
    """The months to choose the last one shown from, newest first."""
    return [
        {"value": month, "text": month_label(month), "selected": month == last}
        for month in reversed(months_until(_current_month(), CHOICES))
    ]


def _drawn(found: list[Group], months: list[str]) -> list[tuple[Group, list[Drawn]]]:
    """Each group with each of its sections' charts."""
    shown, number = [], 0
    for group in found:
        charts = []
        for section in group.sections:
            number += 1
            charts.append(Drawn(section, chart(section, months, f"figures-chart-{number}")))
        shown.append((group, charts))
    return shown


def _download(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _service(kit: Kit, months: list[str]) -> tuple[ServiceFigures, list[Group]]:
    """The service's figures for the months, and their groups of sections."""
    figures = service_figures(kit, months)
    return figures, groups(figures, figures_of(kit.service))


def _page_context(kit: Kit, months: list[str], found: list[Group]) -> dict[str, Any]:
    settings = figures_of(kit.service)
    return {
        "months": months,
        "month_labels": [month_label(month) for month in months],
        "first_label": month_label(months[0]),
        "last_label": month_label(months[-1]),
        "last_month": months[-1],
        "current": months[-1] == _current_month(),
        "choices": _choices(months[-1]),
        "drawn": _drawn(found, months),
        "costs": assumptions(settings),
        "staff_minutes": settings.staff_minutes,
        "staff_minutes_source": settings.staff_minutes_source,
        "staff_day_hours": STAFF_DAY_HOURS,
    }


@figures_staff.get("")
@staff_required
def dashboard() -> str:
    """The service's figures, month by month: charts, tables and the assumptions."""
    kit = current_kit()
    months = _months()
    _figures, found = _service(kit, months)
    return render_template(
        "mvpkit/figures/dashboard.html",
        title="Figures",
        csv_href=url_for("figures_public.staff_csv", month=months[-1]),
        json_href=url_for("figures_public.staff_json", month=months[-1]),
        programme_href=url_for("figures_staff.programme", month=months[-1]),
        **_page_context(kit, months, found),
    )


@figures_public.get("/staff/figures.csv")
@staff_required
def staff_csv() -> Response:
    """The dashboard's figures as CSV: a row a month."""
    kit = current_kit()
    months = _months()
    figures, found = _service(kit, months)
    body = downloads.service_csv(figures, found)
    return _download(body, "text/csv", f"{kit.slug}-figures-{months[-1]}.csv")


@figures_public.get("/staff/figures.json")
@staff_required
def staff_json() -> Response:
    """The dashboard's figures as JSON, with their definitions and assumptions."""
    kit = current_kit()
    months = _months()
    figures, found = _service(kit, months)
    body = json.dumps(downloads.service_json(figures, found, figures_of(kit.service)), indent=2)
    return _download(body, "application/json", f"{kit.slug}-figures-{months[-1]}.json")


@figures_staff.get("/programme", endpoint="programme")
@staff_required
def programme_view() -> str:
    """Every service served together with this one, a table a figure."""
    kit = current_kit()
    months = _months()
    found = programme(kit, months)
    return render_template(
        "mvpkit/figures/programme.html",
        title="Programme figures",
        programme=found,
        programme_name=PROGRAMME,
        first_label=month_label(months[0]),
        last_label=month_label(months[-1]),
        last_month=months[-1],
        choices=_choices(months[-1]),
        csv_href=url_for("figures_staff.programme_csv", month=months[-1]),
        json_href=url_for("figures_staff.programme_json", month=months[-1]),
        back_href=url_for("figures_staff.dashboard", month=months[-1]),
    )


@figures_staff.get("/programme.csv")
@staff_required
def programme_csv() -> Response:
    """The programme's figures as CSV: a row a month and figure."""
    kit = current_kit()
    months = _months()
    body = downloads.programme_csv(programme(kit, months))
    return _download(body, "text/csv", f"programme-figures-{months[-1]}.csv")


@figures_staff.get("/programme.json")
@staff_required
def programme_json() -> Response:
    """The programme's figures as JSON, by service."""
    kit = current_kit()
    months = _months()
    body = json.dumps(downloads.programme_json(programme(kit, months)), indent=2)
    return _download(body, "application/json", f"programme-figures-{months[-1]}.json")


@figures_public.get("/performance")
def performance() -> str:
    """The figures the service publishes (`figures.public`), for anyone: 404 if none."""
    kit = current_kit()
    public = figures_of(kit.service).public
    if not public:
        abort(404)
    months = _months()
    _figures, found = _service(kit, months)
    return render_template(
        "mvpkit/figures/performance.html",
        title="Service performance",
        **_page_context(kit, months, published(found, public)),
    )
