"""The gate's report: an HTML page for people, JUnit XML for CI, a JSON summary for tools."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from dataclasses import asdict
from html import escape
from pathlib import Path
from typing import Any

from mvpkit.gate.check import GateResult, StageResult

STAGE_TITLES = {
    "validate": "The service definition",
    "features": "User research features in a browser",
    "accessibility": "Accessibility of every page on every route (axe, WCAG 2.2 AA)",
    "load": "Speed under load (Locust)",
}


def write_report(result: GateResult) -> Path:
    """Write index.html, junit.xml and summary.json; return the HTML page's path."""
    folder = result.report_dir
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "summary.json").write_text(json.dumps(summary(result), indent=2))
    _write_junit(result, folder / "junit.xml")
    page = folder / "index.html"
    page.write_text(_html(result))
    return page


def summary(result: GateResult) -> dict[str, Any]:
    """The result as plain data."""
    return {
        "service": result.service_name,
        "service_dir": str(result.service_dir),
        "passed": result.passed,
        "stages": [_stage_summary(stage) for stage in result.stages],
    }


def _stage_summary(stage: StageResult) -> dict[str, Any]:
    data = {key: value for key, value in asdict(stage).items() if key != "data"}
    if stage.name == "load":
        data["load"] = stage.data.get("total")
    return data


def _write_junit(result: GateResult, path: Path) -> None:
    failures = sum(1 for stage in result.stages if not stage.passed)
    suite = ET.Element(
        "testsuite",
        name=f"mvpkit check: {result.service_name}",
        tests=str(len(result.stages)),
        failures=str(failures),
    )
    for stage in result.stages:
        case = ET.SubElement(
            suite, "testcase", classname="mvpkit.gate", name=stage.name, time=str(stage.seconds)
        )
        if not stage.passed:
            failure = ET.SubElement(case, "failure", message=stage.summary)
            failure.text = "\n".join(stage.details)
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)


STYLE = """
body{font-family:arial,sans-serif;margin:0;color:#0b0c0c;line-height:1.4}
header{background:#0b0c0c;color:#fff;padding:16px 30px}
main{max-width:960px;margin:0 auto;padding:20px 30px}
h1{font-size:2rem}h2{font-size:1.5rem;margin-top:2em}
.tag{display:inline-block;padding:2px 8px;font-weight:bold;color:#fff}
.pass{background:#00703c}.fail{background:#d4351c}.skip{background:#505a5f}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px;
border-bottom:1px solid #b1b4b6;vertical-align:top}pre{white-space:pre-wrap;
background:#f3f2f1;padding:10px}
figure{display:inline-block;vertical-align:top;margin:0 16px 16px 0;width:280px}
figure img{width:280px;border:1px solid #b1b4b6}
"""


def _tag(stage: StageResult) -> str:
    if stage.skipped:
        return '<span class="tag skip">Not run</span>'
    return (
        '<span class="tag pass">Passed</span>'
        if stage.passed
        else '<span class="tag fail">Failed</span>'
    )


def _html(result: GateResult) -> str:
    verdict = "passed" if result.passed else "failed"
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Release check: {escape(result.service_name)} {verdict}</title>",
        f"<style>{STYLE}</style></head><body><header>mvpkit release check</header><main>",
        f"<h1>{escape(result.service_name)}: the release check {verdict}</h1>",
        "<table><thead><tr><th>Check</th><th>Result</th><th>What we found</th>"
        "<th>Seconds</th></tr></thead><tbody>",
    ]
    for stage in result.stages:
        parts.append(
            f"<tr><td>{escape(STAGE_TITLES.get(stage.name, stage.name))}</td>"
            f"<td>{_tag(stage)}</td><td>{escape(stage.summary)}</td>"
            f"<td>{stage.seconds}</td></tr>"
        )
    parts.append("</tbody></table>")
    for stage in result.stages:
        if stage.details:
            parts.append(
                f"<h2>{escape(STAGE_TITLES.get(stage.name, stage.name))}: what to fix</h2>"
            )
            parts.extend(f"<pre>{escape(detail)}</pre>" for detail in stage.details)
        if stage.name == "load" and stage.data.get("rows"):
            parts.append(_load_section(stage))
    parts.append(_screenshots(result.report_dir))
    parts.append("</main></body></html>")
    return "\n".join(parts)


def _load_section(stage: StageResult) -> str:
    rows = stage.data["rows"]
    lines = [
        "<h2>Speed under load</h2><table><thead><tr><th>Request</th><th>Requests</th>"
        "<th>Failures</th><th>Median ms</th><th>95% ms</th><th>A second</th></tr>"
        "</thead><tbody>"
    ]
    for row in rows:
        lines.append(
            f"<tr><td>{escape(str(row.get('method', '')))} {escape(str(row.get('name', '')))}"
            f"</td><td>{row.get('requests', 0)}</td><td>{row.get('failures', 0)}</td>"
            f"<td>{_number(row.get('median_ms'))}</td><td>{_number(row.get('p95_ms'))}</td>"
            f"<td>{_number(row.get('rps'), 1)}</td></tr>"
        )
    lines.append("</tbody></table>")
    history = stage.data.get("history_csv")
    if history and Path(history).exists():
        lines.append(latency_chart(Path(history)))
    return "\n".join(lines)


def _number(value: Any, places: int = 0) -> str:
    try:
        return f"{float(value):,.{places}f}"
    except (TypeError, ValueError):
        return "–"


def latency_chart(history_csv: Path, width: int = 880, height: int = 240) -> str:
    """An SVG line chart of the median and 95th percentile over the run."""
    points: list[tuple[float, float, float]] = []
    with history_csv.open() as handle:
        for row in csv.DictReader(handle):
            if row.get("Name") != "Aggregated":
                continue
            try:
                points.append((float(row["Timestamp"]), float(row["50%"]), float(row["95%"])))
            except (KeyError, ValueError):
                continue
    if len(points) < 2:
        return "<p>Too short a run to chart.</p>"
    start, end = points[0][0], points[-1][0]
    top = max(p95 for _t, _p50, p95 in points) or 1.0

    def line(index: int) -> str:
        return " ".join(
            f"{(t - start) / max(end - start, 1) * (width - 60) + 50:.1f},"
            f"{height - 30 - values / top * (height - 50):.1f}"
            for t, *rest in points
            for values in [rest[index]]
        )

    return (
        f'<h2>Response times during the run</h2><svg role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" '
        'aria-label="Median and 95th percentile response times during the load test">'
        f'<line x1="50" y1="{height - 30}" x2="{width - 10}" y2="{height - 30}" stroke="#0b0c0c"/>'
        f'<line x1="50" y1="10" x2="50" y2="{height - 30}" stroke="#0b0c0c"/>'
        f'<text x="5" y="20" font-size="12">{top:.0f} ms</text>'
        f'<text x="5" y="{height - 32}" font-size="12">0</text>'
        f'<text x="{width - 120}" y="{height - 10}" font-size="12">{end - start:.0f} s</text>'
        f'<polyline fill="none" stroke="#1d70b8" stroke-width="2" points="{line(0)}"/>'
        f'<polyline fill="none" stroke="#d4351c" stroke-width="2" points="{line(1)}"/>'
        '<text x="60" y="20" font-size="12" fill="#1d70b8">median</text>'
        '<text x="120" y="20" font-size="12" fill="#d4351c">95th percentile</text></svg>'
    )


def _screenshots(folder: Path) -> str:
    images = sorted((folder / "screenshots").glob("*.png"))
    if not images:
        return ""
    figures = "".join(
        f'<figure><img src="screenshots/{escape(image.name)}" alt="The {escape(image.stem)} '
        f'page"><figcaption>{escape(image.stem)}</figcaption></figure>'
        for image in images
    )
    return f"<h2>Every page</h2>{figures}"
