"""The release gate passes on every exemplar, each scenario of its features run once.

This is what CI gates a release of the kit on: `mvpkit check` on each service, every stage,
with the report of each kept in `reports/<slug>/` for a person to read when one fails. A
freshly baked and edited service is gated in tests/test_new_user_path.py. In both, the load
stage runs 5 seconds (`--seconds 5`) rather than the default 15, its budgets checked the same
way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mvpkit.gate.check import GateOptions, GateResult, run_gate
from mvpkit.gate.report import write_report
from mvpkit.testing.browsers import find_chromium
from tests.conftest import ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not find_chromium(), reason="no system Chromium (.ci/run installs it)"),
]

EXEMPLARS = sorted(path.parent for path in (ROOT / "exemplars").glob("*/service.yaml"))
REPORTS = ROOT / "reports"
LOAD_SECONDS = 5


def gate(service: Path, report_name: str) -> GateResult:
    """Every stage of the gate on `service`, its report written to reports/<report_name>/."""
    result = run_gate(service, GateOptions(seconds=LOAD_SECONDS, report_dir=REPORTS / report_name))
    write_report(result)
    return result


def what_failed(result: GateResult) -> str:
    """Each failed stage with its summary and details, for the assertion message."""
    return "\n".join(
        f"{stage.name}: {stage.summary}\n  " + "\n  ".join(stage.details)
        for stage in result.stages
        if not stage.passed
    )


def test_there_are_exemplars_to_gate() -> None:
    assert [folder.name for folder in EXEMPLARS] == [
        "groups-and-events",
        "my-account",
        "register-a-birth-or-death",
        "report-a-fault",
    ]


@pytest.mark.long
@pytest.mark.parametrize("service", EXEMPLARS, ids=lambda folder: folder.name)
def test_the_gate_passes_on_the_exemplar(service: Path) -> None:
    result = gate(service, service.name)

    assert [stage.name for stage in result.stages] == [
        "validate",
        "features",
        "accessibility",
        "load",
    ]
    assert result.passed, what_failed(result)
    figures = result.stages[3].data["figures"]
    shown = {name: value for _title, rows in figures["groups"] for name, value in rows}
    counted = [value for value in shown.values() if value[0].isdigit() and value != "0"]
    assert counted, shown  # what the load users did shows in the service's figures
    assert all((REPORTS / service.name / path).is_file() for path in figures["files"])
    ran = [(case.group, case.title) for case in result.stages[1].data["cases"]]
    assert sorted(ran) == sorted(scenarios(ROOT / "features" / service.name))


def scenarios(folder: Path) -> list[tuple[str, str]]:
    """Each scenario written in the folder's feature files, with its feature's name."""
    written = []
    for feature in folder.glob("*.feature"):
        name = ""
        for line in feature.read_text().splitlines():
            keyword, _, title = line.strip().partition(": ")
            if keyword == "Feature":
                name = title
            elif keyword == "Scenario":
                written.append((name, title))
    return written
