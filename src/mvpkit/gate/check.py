"""`mvpkit check`: the release gate, stage by stage, with a report a product owner can read."""

from __future__ import annotations

import contextlib
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from mvpkit.definition.loader import Review, review_definition
from mvpkit.gate.browser_stages import BROWSER_STAGES, BrowserStages
from mvpkit.gate.load_server import LoadServer
from mvpkit.gate.stage import StageResult

STAGES = ("validate", "features", "accessibility", "load")


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
    """Run the chosen stages: a failed definition stops the rest.

    The load stage runs beside the browser stages, on a server of its own: most of its
    time is its users waiting between pages, so the two together take little longer
    than the browser stages alone. The results come in the stages' order.
    """
    service_dir = service_dir.resolve()
    report_dir = options.report_dir.resolve()
    report_dir.mkdir(parents=True, exist_ok=True)
    review = review_definition(service_dir)
    service, problems = review.service, review.problems
    results: list[StageResult] = []
    browser = BrowserStages(service_dir, report_dir, options.stages)
    load_server = LoadServer(service_dir, report_dir)
    runners: dict[str, Callable[[], StageResult]] = {
        "validate": lambda: _validate(review),
        "features": lambda: browser.result("features"),
        "accessibility": lambda: browser.result("accessibility"),
        "load": lambda: _load(service_dir, report_dir, options, load_server),
    }
    beside = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mvpkit-gate-load")
    load: Future[StageResult] | None = None
    try:
        if "load" in options.stages and not problems:
            with contextlib.suppress(OSError):  # if it cannot start, the load stage says why
                load_server.launch()  # it starts while the stages before load run
            if any(name in options.stages for name in BROWSER_STAGES):
                load = beside.submit(_timed_stage, "load", runners["load"])
        for name in STAGES:
            if name not in options.stages:
                continue
            if name != "validate" and problems:
                results.append(
                    StageResult(name, False, "Not run: the definition has problems.", skipped=True)
                )
                continue
            if name == "load" and load is not None:
                results.append(load.result())
            else:
                results.append(_timed_stage(name, runners[name]))
    finally:
        load_server.stop()  # a load stage still running ends: its server has gone
        beside.shutdown(wait=True)
        load_server.close()
    return GateResult(
        service_dir, service.name if service else service_dir.name, results, report_dir
    )


def _timed_stage(name: str, runner: Callable[[], StageResult]) -> StageResult:
    """The stage's result, with the seconds it took unless it says itself."""
    started = time.monotonic()
    result = _run_stage(name, runner)
    result.seconds = result.seconds or round(time.monotonic() - started, 1)
    return result


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


def _load(
    service_dir: Path, report_dir: Path, options: GateOptions, started: LoadServer
) -> StageResult:
    from mvpkit.gate import server
    from mvpkit.gate.load import run_load
    from mvpkit.gate.load_figures import figures_after_load

    try:
        started.ready()
    except server.ServerDidNotStartError as exc:
        return StageResult("load", False, "The service did not start under gunicorn.", [str(exc)])
    try:
        result = run_load(
            load_file(service_dir),
            service_dir,
            started.base,
            users=options.users,
            spawn_rate=max(1.0, options.users / 2),
            seconds=options.seconds,
            out_dir=report_dir / "load",
        )
    finally:
        started.stop()
    problems = list(result.problems)
    try:
        figures = figures_after_load(service_dir, started.database_url, report_dir / "load")
    except Exception as exc:  # the report is written whatever goes wrong here
        figures = {}
        problems.append(
            f"The service's figures after the load test could not be worked out: {exc!r}"
        )
    total = result.total
    summary = (
        f"{total.get('requests', 0)} requests at {total.get('rps', 0):.1f} a second, "
        f"p95 {total.get('p95_ms', 0):.0f} ms, {total.get('failures', 0)} failed."
    )
    return StageResult(
        "load",
        result.passed and bool(figures),
        summary,
        problems,
        data={
            "rows": result.rows,
            "total": total,
            "history_csv": str(result.history_csv or ""),
            "failures": result.failures,
            "figures": figures,
        },
    )
