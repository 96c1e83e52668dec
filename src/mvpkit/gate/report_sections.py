"""The report's sections for each stage: its checks by name, their pages, the load's figures."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from mvpkit.definition.model import Service
from mvpkit.gate.junit import Case
from mvpkit.gate.report_chart import latency_chart
from mvpkit.journeys.journey_map import journey_map, journey_map_svg, journey_map_table

SCREENSHOTS = "screenshots"
RESULTS = {"passed": "Passed", "failed": "Failed", "skipped": "Skipped"}
RESULT_CLASSES = {"passed": "pass", "failed": "fail", "skipped": "skip"}


def checks_section(cases: list[Case], noun: str, report_dir: Path) -> str:
    """A table per feature naming each check and its result, then each check's pages."""
    parts: list[str] = []
    for group, members in _groups(cases):
        heading = f"Feature: {group}" if group else f"{noun}s"
        parts.append(f"<h3>{escape(heading)}</h3>")
        parts.append(_results_table(members, noun, heading))
        for case in members:
            parts.append(_album(case, noun, report_dir))
    return "\n".join(part for part in parts if part)


def _groups(cases: Iterable[Case]) -> list[tuple[str, list[Case]]]:
    """Cases by feature, features in the order their first scenario ran."""
    groups: dict[str, list[Case]] = {}
    for case in cases:
        groups.setdefault(case.group, []).append(case)
    return list(groups.items())


def _results_table(cases: list[Case], noun: str, caption: str) -> str:
    rows = "".join(
        f'<tr><th scope="row">{escape(case.title)}</th>'
        f'<td><strong class="tag {RESULT_CLASSES[case.outcome]}">{RESULTS[case.outcome]}'
        f"</strong></td><td>{escape(_note(case))}</td><td>{case.seconds:.1f}</td></tr>"
        for case in cases
    )
    return (
        f'<table><caption class="visually-hidden">{escape(caption)}</caption><thead><tr>'
        f'<th scope="col">{noun}</th><th scope="col">Result</th><th scope="col">Notes</th>'
        f'<th scope="col">Seconds</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def _note(case: Case) -> str:
    if case.outcome == "failed":
        return f"Failed on the page {case.page}." if case.page else "See what to fix."
    if case.outcome == "skipped":
        return case.message.splitlines()[0] if case.message else "Not run."
    return ""


def _album(case: Case, noun: str, report_dir: Path) -> str:
    """The check's screenshots in the order taken, each a thumbnail linked to the full size."""
    listing = report_dir / SCREENSHOTS / case.album
    shots = _shots(listing) if case.album else []
    if not shots:
        return ""
    folder = listing.parent.relative_to(report_dir).as_posix()
    items = []
    for number, shot in enumerate(shots, start=1):
        source = escape(f"{folder}/{shot['file']}")
        described = f"{number}. {shot.get('title') or 'Untitled page'} ({shot.get('path', '')})"
        items.append(
            f'<li><figure><a href="{source}"><img src="{source}" '
            f'alt="Full-size picture of page {escape(described)}"></a>'
            f"<figcaption>{escape(described)}</figcaption></figure></li>"
        )
    return (
        f"<h4>Pages in the {noun.lower()} “{escape(case.title)}”, in order</h4>"
        f'<ol class="shots">{"".join(items)}</ol>'
    )


def _shots(listing: Path) -> list[dict[str, str]]:
    """The album's pictures in the order they were taken, those still on disk."""
    if not listing.is_file():
        return []
    shots: list[dict[str, str]] = json.loads(listing.read_text(encoding="utf-8"))
    return [shot for shot in shots if (listing.parent / shot["file"]).is_file()]


def journey_map_section(service: Service | None) -> str:
    """The "Journey map" section: the map as an inline SVG, then the same as a table."""
    parts = ['<h2 id="journey-map">Journey map</h2>']
    journey = journey_map(service) if service is not None else None
    if journey is None:
        parts.append("<p>The journey map is drawn once the definition has no problems.</p>")
    elif not journey.nodes:
        parts.append(
            "<p>This service has no question pages of its own, so there is no journey to map.</p>"
        )
    else:
        parts.append(
            "<p>Every page of the journey in the order the definition lists them, with "
            "branches and exit pages to the side. Each arrow says when users take it. The "
            "table after the map gives the same.</p>"
        )
        parts.append(f'<div class="journey-map">{journey_map_svg(journey)}</div>')
        parts.append(journey_map_table(journey))
    return "\n".join(parts)


def load_section(data: dict[str, Any]) -> str:
    """Why requests failed, the figures for each request, and the chart of the run."""
    parts = [_failures(data.get("failures") or [])]
    if data.get("rows"):
        parts.append(_rows(data["rows"]))
    history = data.get("history_csv")
    if history and Path(history).exists():
        parts.append(latency_chart(Path(history)))
    parts.append(figures_section(data.get("figures") or {}))
    return "\n".join(part for part in parts if part)


def figures_section(figures: dict[str, Any]) -> str:
    """The service's figures after the load test, as its dashboard shows them, with links."""
    if not figures:
        return ""
    month = datetime.strptime(figures["month"], "%Y-%m").strftime("%B %Y")
    links = ", ".join(
        f"<a href='{escape(path)}'>{escape(Path(path).suffix[1:].upper())}</a>"
        for path in figures["files"]
    )
    parts = [
        "<h3 id='figures'>The service's figures after the load test</h3>",
        f"<p>What the load users did, counted as the service's figures dashboard counts it, "
        f"for {escape(month)}, small numbers kept back as there. As {links}.</p>",
    ]
    for title, rows in figures["groups"]:
        body = "".join(
            f"<tr><th scope='row'>{escape(name)}</th><td>{escape(value)}</td></tr>"
            for name, value in rows
        )
        parts.append(
            f"<table><caption>{escape(title)}</caption><thead><tr><th scope='col'>Figure</th>"
            f"<th scope='col'>{escape(month)}</th></tr></thead><tbody>{body}</tbody></table>"
        )
    return "\n".join(parts)


def _failures(failures: list[dict[str, Any]]) -> str:
    if not failures:
        return ""
    rows = "".join(
        f"<tr><td>{escape(str(failure['method']))}</td><td>{escape(str(failure['name']))}</td>"
        f"<td>{escape(str(failure['error']))}</td><td>{failure['occurrences']}</td></tr>"
        for failure in failures
    )
    return (
        "<h3>Why requests failed</h3><table><caption class='visually-hidden'>Why requests "
        "failed</caption><thead><tr><th scope='col'>Method</th><th scope='col'>Request</th>"
        "<th scope='col'>Error</th><th scope='col'>Occurrences</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _rows(rows: list[dict[str, Any]]) -> str:
    body = "".join(
        f'<tr><th scope="row">{escape(str(row.get("method", "")))} '
        f"{escape(str(row.get('name', '')))}</th><td>{row.get('requests', 0)}</td>"
        f"<td>{row.get('failures', 0)}</td><td>{_number(row.get('median_ms'))}</td>"
        f"<td>{_number(row.get('p95_ms'))}</td><td>{_number(row.get('rps'), 1)}</td></tr>"
        for row in rows
    )
    return (
        "<h3>Each request</h3><table><caption class='visually-hidden'>Each request</caption>"
        "<thead><tr><th scope='col'>Request</th><th scope='col'>Requests</th>"
        "<th scope='col'>Failures</th><th scope='col'>Median ms</th><th scope='col'>95% ms</th>"
        f"<th scope='col'>A second</th></tr></thead><tbody>{body}</tbody></table>"
    )


def _number(value: Any, places: int = 0) -> str:
    try:
        return f"{float(value):,.{places}f}"
    except (TypeError, ValueError):
        return "–"
