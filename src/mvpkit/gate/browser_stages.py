"""The features and accessibility stages, run together in one pytest: one start, one browser.

Starting pytest, importing the kit and launching Chromium take seconds; the two browser
stages share them. Each stage is judged only on its own tests: the scenarios of the
service's `.feature` files, and the generated route checks.

With pytest-xdist installed and more than one processor, the tests run in several processes
at once, the longest (the route checks) first; the processes share axe's findings and the
pictures taken by page (see `mvpkit.testing.shared_memo`). The run's time is shared between
the stages in proportion to the time their tests took.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mvpkit.gate.junit import Case, read_cases, what_to_fix
from mvpkit.gate.stage import StageResult
from mvpkit.testing.shared_memo import MEMO_ENV

BROWSER_STAGES = ("features", "accessibility")
PYTEST_TIMEOUT = 1200
CHECK_NOUNS = {"features": "Scenario", "accessibility": "Route"}
ROUTE_CHECKS = Path(__file__).resolve().parents[1] / "testing" / "route_checks_module.py"
JUNIT_FILE = "browser.xml"
MAX_WORKERS = 4  # each starts its own Chromium


def features_dir(service_dir: Path) -> Path | None:
    """The service's own features/, or features/<slug>/ in the repository around it."""
    own = service_dir / "features"
    if own.is_dir():
        return own
    for parent in service_dir.parents:
        candidate = parent / "features" / service_dir.name
        if candidate.is_dir():
            return candidate
    return None


NO_FEATURES = (
    "No features found: add a features/ folder to the service, with .feature files "
    "(`mvpkit features draft` writes a first one for each route)."
)


@dataclass
class _Run:
    """What the one pytest run left: its cases by stage, its exit and its last words."""

    cases: dict[str, list[Case]]
    returncode: int | None
    tail: str
    seconds: float  # the whole run's, from starting pytest to its end


class BrowserStages:
    """Runs the chosen browser stages in one pytest the first time either is asked for."""

    def __init__(self, service_dir: Path, report_dir: Path, stages: Sequence[str]) -> None:
        self.service_dir = service_dir
        self.report_dir = report_dir
        self.features = features_dir(service_dir) if "features" in stages else None
        self.stages = [  # the stages the pytest run holds tests for
            name
            for name in BROWSER_STAGES
            if name in stages and (name != "features" or self.features is not None)
        ]
        self._run: _Run | None = None

    def result(self, name: str) -> StageResult:
        """The stage's result, running the tests on the first call."""
        if name == "features" and self.features is None:
            return StageResult("features", False, NO_FEATURES)
        if self._run is None:
            self._run = self._pytest()
        return self._stage(name, self._run)

    def _pytest(self) -> _Run:
        junit = self.report_dir / JUNIT_FILE
        junit.unlink(missing_ok=True)
        paths = []
        if "accessibility" in self.stages:  # the longest tests, started first
            paths.append(str(ROUTE_CHECKS))
        if self.features is not None:
            paths += [str(self.features), "--mvpkit-features"]
        command = pytest_command(paths, junit)
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="mvpkit-memo-") as memo:
            env = {
                **os.environ,
                "MVPKIT_SERVICE": str(self.service_dir),
                "MVPKIT_SCREENSHOTS": str(self.report_dir / "screenshots"),
                MEMO_ENV: memo,
            }
            try:
                finished = subprocess.run(
                    command,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=PYTEST_TIMEOUT,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                return _Run({}, None, "", 0.0)
        tail = "\n".join(finished.stdout.splitlines()[-15:] + finished.stderr.splitlines()[-5:])
        cases: dict[str, list[Case]] = {name: [] for name in BROWSER_STAGES}
        for case in read_cases(junit):
            cases[
                "accessibility" if case.module.endswith(ROUTE_CHECKS.stem) else "features"
            ].append(case)
        return _Run(cases, finished.returncode, tail, time.monotonic() - started)

    def _stage(self, name: str, run: _Run) -> StageResult:
        if run.returncode is None:
            return StageResult(name, False, f"Stopped after {PYTEST_TIMEOUT} seconds.")
        cases = run.cases[name]
        seconds = run.seconds * _share(run, name)
        if not cases:
            return StageResult(name, False, "No checks ran.", [run.tail], seconds=seconds)
        failed = [case for case in cases if case.outcome == "failed"]
        # 0: all passed; 1: some test failed (perhaps of the other stage); else pytest broke
        passed = not failed and run.returncode in (0, 1)
        details = [what_to_fix(case, CHECK_NOUNS[name]) for case in failed]
        if not passed and not failed:
            details.append(run.tail)
        summary = f"{len(cases) - len(failed)} of {len(cases)} passed."
        return StageResult(name, passed, summary, details, round(seconds, 1), data={"cases": cases})


def pytest_command(paths: Sequence[str], junit: Path) -> list[str]:
    """The pytest that runs the tests in `paths`, its JUnit XML written to `junit`."""
    return [
        sys.executable,
        "-m",
        "pytest",
        *paths,
        *parallel_options(),
        f"--junitxml={junit}",
        "--continue-on-collection-errors",  # a broken feature file stops no other check
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "mvpkit.testing.run_order",  # the report lists the tests in the order written
    ]


def _share(run: _Run, name: str) -> float:
    """The stage's share of the run: its tests' time over all the tests' time."""
    took = {stage: sum(case.seconds for case in cases) for stage, cases in run.cases.items()}
    total = sum(took.values())
    if total:
        return took.get(name, 0.0) / total
    return 1 / len(run.cases) if run.cases else 0.0


def parallel_options(processors: int | None = None) -> list[str]:
    """pytest-xdist's options to run the tests in a process for each processor, if it helps.

    Without pytest-xdist, or with one processor, the tests run in pytest's own process.
    """
    workers = min(processors or os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2 or importlib.util.find_spec("xdist") is None:
        return []
    return ["-n", str(workers), "--dist", "load"]
