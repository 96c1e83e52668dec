"""`mvpkit check`: the release gate, stage by stage, with a report a product owner can read."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mvpkit.definition.loader import Review, review_definition
from mvpkit.gate.junit import read_cases, what_to_fix

STAGES = ("validate", "features", "accessibility", "load")
PYTEST_TIMEOUT = 1200
CHECK_NOUNS = {"features": "Scenario", "accessibility": "Route"}


@dataclass
class StageResult:
    """What one stage found."""

    name: str
    passed: bool
    summary: str
    details: list[str] = field(default_factory=list)
    seconds: float = 0.0
    skipped: bool = False
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GateOptions:
    """How to run the gate."""

    stages: Sequence[str] = STAGES
    users: int = 10
    seconds: int = 15
    report_dir: Path = Path("mvpkit-report")


@dataclass
class GateResult:
    """Every stage's result; the gate passes only when every stage that ran passed."""

    service_dir: Path
    service_name: str
    stages: list[StageResult]
    report_dir: Path

    @property
    def passed(self) -> bool:
        """True when no stage failed."""
        return all(stage.passed for stage in self.stages)


def run_gate(service_dir: Path, options: GateOptions) -> GateResult:
    """Run the chosen stages in order: a failed definition stops the rest."""
    service_dir = service_dir.resolve()
    report_dir = options.report_dir.resolve()
    report_dir.mkdir(parents=True, exist_ok=True)
    review = review_definition(service_dir)
    service, problems = review.service, review.problems
    results: list[StageResult] = []
    runners: dict[str, Callable[[], StageResult]] = {
        "validate": lambda: _validate(review),
        "features": lambda: _features(service_dir, report_dir),
        "accessibility": lambda: _accessibility(service_dir, report_dir),
        "load": lambda: _load(service_dir, report_dir, options),
    }
    for name in STAGES:
        if name not in options.stages:
            continue
        if name != "validate" and problems:
            results.append(
                StageResult(name, False, "Not run: the definition has problems.", skipped=True)
            )
            continue
        started = time.monotonic()
        result = _run_stage(name, runners[name])
        result.seconds = round(time.monotonic() - started, 1)
        results.append(result)
    return GateResult(
        service_dir, service.name if service else service_dir.name, results, report_dir
    )


def _run_stage(name: str, runner: Callable[[], StageResult]) -> StageResult:
    """The stage's result; a stage that raises is a failed stage, with the error reported."""
    try:
        return runner()
    except Exception as exc:  # the report must be written whatever a stage does
        trace = traceback.format_exception(exc)
        return StageResult(
            name, False, f"The check stopped with an error: {exc!r}", ["".join(trace[-12:])]
        )


def _validate(review: Review) -> StageResult:
    """Problems fail the stage; warnings are listed after them but do not."""
    details = [str(problem) for problem in [*review.problems, *review.warnings]]
    warned = f" and {len(review.warnings)} warning(s)" if review.warnings else ""
    if review.problems:
        return StageResult(
            "validate",
            False,
            f"{len(review.problems)} problem(s){warned} in the definition.",
            details,
        )
    return StageResult("validate", True, f"The definition has no problems{warned}.", details)


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


def _features(service_dir: Path, report_dir: Path) -> StageResult:
    folder = features_dir(service_dir)
    if folder is None:
        return StageResult(
            "features",
            False,
            "No features found: add a features/ folder to the service, with .feature files "
            "(`mvpkit features draft` writes a first one for each route).",
        )
    return _pytest_stage(
        "features",
        [str(folder), "--mvpkit-features"],
        report_dir / "features.xml",
        service_dir,
        report_dir,
    )


def _accessibility(service_dir: Path, report_dir: Path) -> StageResult:
    module = Path(__file__).resolve().parents[1] / "testing" / "route_checks_module.py"
    return _pytest_stage(
        "accessibility", [str(module)], report_dir / "accessibility.xml", service_dir, report_dir
    )


def _pytest_stage(
    name: str, args: list[str], junit: Path, service_dir: Path, report_dir: Path
) -> StageResult:
    env = {
        **os.environ,
        "MVPKIT_SERVICE": str(service_dir),
        "MVPKIT_SCREENSHOTS": str(report_dir / "screenshots"),
    }
    command = [
        sys.executable,
        "-m",
        "pytest",
        *args,
        f"--junitxml={junit}",
        "-q",
        "-p",
        "no:cacheprovider",
    ]
    try:
        finished = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=PYTEST_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        return StageResult(name, False, f"Stopped after {PYTEST_TIMEOUT} seconds.")
    cases = read_cases(junit)
    failed = [case for case in cases if case.outcome == "failed"]
    passed = finished.returncode == 0 and bool(cases)
    if not cases:
        tail = "\n".join(finished.stdout.splitlines()[-15:] + finished.stderr.splitlines()[-5:])
        return StageResult(name, False, "No checks ran.", [tail])
    summary = f"{len(cases) - len(failed)} of {len(cases)} passed."
    details = [what_to_fix(case, CHECK_NOUNS[name]) for case in failed]
    return StageResult(name, passed, summary, details, data={"cases": cases})


def load_file(service_dir: Path) -> Path:
    """The service's own locustfile, the repository's load/<slug>.py, or the generated one."""
    own = sorted((service_dir / "load").glob("*.py")) if (service_dir / "load").is_dir() else []
    if own:
        return own[0]
    for parent in service_dir.parents:
        candidate = parent / "load" / f"{service_dir.name}.py"
        if candidate.is_file():
            return candidate
    return Path(__file__).resolve().parent / "locustfile.py"


def _load(service_dir: Path, report_dir: Path, options: GateOptions) -> StageResult:
    from mvpkit.gate import server
    from mvpkit.gate.load import run_load

    port = server.free_port()
    with tempfile.TemporaryDirectory(prefix="mvpkit-gate-") as scratch:
        env = {
            **os.environ,
            "MVPKIT_DATABASE_URL": f"sqlite:///{scratch}/gate.sqlite3",
            "MVPKIT_SECRET_KEY": "gate-" + os.urandom(16).hex(),
            "MVPKIT_ENV": "development",
        }
        log = report_dir / "server.log"
        log.write_text("")
        base = f"http://127.0.0.1:{port}/{service_dir.name}"
        command = server.serve_command(service_dir, port, "--no-access-log", "--workers", "2")
        try:
            process = server.start(command, env, log, f"{base}/health")
        except server.ServerDidNotStartError as exc:
            return StageResult(
                "load", False, "The service did not start under gunicorn.", [str(exc)]
            )
        try:
            result = run_load(
                load_file(service_dir),
                service_dir,
                base,
                users=options.users,
                spawn_rate=max(1.0, options.users / 2),
                seconds=options.seconds,
                out_dir=report_dir / "load",
            )
        finally:
            server.stop(process)
    total = result.total
    summary = (
        f"{total.get('requests', 0)} requests at {total.get('rps', 0):.1f} a second, "
        f"p95 {total.get('p95_ms', 0):.0f} ms, {total.get('failures', 0)} failed."
    )
    return StageResult(
        "load",
        result.passed,
        summary,
        list(result.problems),
        data={
            "rows": result.rows,
            "total": total,
            "history_csv": str(result.history_csv or ""),
            "failures": result.failures,
        },
    )
