"""The gate's report: an HTML page for people, JUnit XML for CI, a JSON summary for tools."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import asdict
from html import escape
from pathlib import Path
from typing import Any

from mvpkit.definition.loader import review_definition
from mvpkit.definition.model import Service
from mvpkit.gate.addresses import to_paths
from mvpkit.gate.browser_stages import CHECK_NOUNS
from mvpkit.gate.check import GateResult
from mvpkit.gate.report_sections import checks_section, journey_map_section, load_section
from mvpkit.gate.stage import StageResult

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
caption{text-align:left;font-weight:bold}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
ol.shots{list-style:none;padding:0}ol.shots li{display:inline-block;vertical-align:top}
figure{margin:0 16px 16px 0;width:200px}figcaption{font-size:.9rem}
figure img{width:200px;height:260px;object-fit:cover;object-position:top;
border:1px solid #b1b4b6}a:focus{outline:3px solid #fd0;background:#fd0}
.journey-map{overflow-x:auto;margin-bottom:20px}
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
        "<table><caption class='visually-hidden'>Every check</caption><thead><tr>"
        "<th scope='col'>Check</th><th scope='col'>Result</th><th scope='col'>What we found</th>"
        "<th scope='col'>Seconds</th></tr></thead><tbody>",
    ]
    for stage in result.stages:
        parts.append(
            f"<tr><th scope='row'><a href='#{stage.name}'>{escape(_title(stage))}</a></th>"
            f"<td>{_tag(stage)}</td><td>{escape(stage.summary)}</td>"
            f"<td>{stage.seconds}</td></tr>"
        )
    parts.append("</tbody></table>")
    if any(stage.data.get("figures") for stage in result.stages):
        parts.append(
            "<p><a href='#figures'>The service's figures after the load test</a>: "
            "transactions, completion, visits by device and more, as its dashboard counts them."
            "</p>"
        )
    parts.append(_journey_map(result))
    parts.extend(_stage_section(stage, result.report_dir) for stage in result.stages)
    parts.append("</main></body></html>")
    return "\n".join(parts)


def _journey_map(result: GateResult) -> str:
    """The journey map section; the report is written even if the map cannot be drawn."""
    try:
        return journey_map_section(_checked_service(result.service_dir))
    except Exception as exc:  # a map that cannot be drawn must not lose the report
        return (
            '<h2 id="journey-map">Journey map</h2>'
            f"<p>The journey map could not be drawn: {escape(str(exc))}</p>"
        )


def _checked_service(service_dir: Path) -> Service | None:
    """The service the gate checked, or None when its definition has problems."""
    review = review_definition(service_dir)
    return None if review.problems else review.service


def _title(stage: StageResult) -> str:
    return STAGE_TITLES.get(stage.name, stage.name)


def _stage_section(stage: StageResult, report_dir: Path) -> str:
    """The stage's heading and summary, what to fix, then its checks one by one."""
    parts = [
        f"<h2 id='{stage.name}'>{escape(_title(stage))}</h2>",
        f"<p>{_tag(stage)} {escape(stage.summary)}</p>",
    ]
    if stage.details:
        parts.append("<h3>What to fix</h3>")
        parts.extend(f"<pre>{escape(to_paths(detail))}</pre>" for detail in stage.details)
    if stage.name in CHECK_NOUNS and stage.data.get("cases"):
        parts.append(checks_section(stage.data["cases"], CHECK_NOUNS[stage.name], report_dir))
    if stage.name == "load":
        parts.append(load_section(stage.data))
    return "\n".join(parts)
