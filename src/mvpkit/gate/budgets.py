"""Load budgets: read from `service.yaml`, overridden by `MVPKIT_BUDGET_*`, checked in words.

This module does not import Locust (which patches the standard library with gevent on
import), so the gate and the tests can use it in their own process.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from mvpkit.definition.loader import load_service
from mvpkit.definition.model import Budgets

SERVICE_ENV = "MVPKIT_SERVICE"
OVERRIDES = {
    "p95_ms": "MVPKIT_BUDGET_P95_MS",
    "fail_ratio": "MVPKIT_BUDGET_FAIL_RATIO",
    "min_rps": "MVPKIT_BUDGET_MIN_RPS",
}
BROKEN = "Budget broken: "  # starts each line Locust prints for a broken budget
MET = "Budgets met: "


@dataclass(frozen=True)
class StatsSummary:
    """What a load test measured over all its requests."""

    requests: int
    failures: int
    p95_ms: float
    rps: float

    @property
    def fail_ratio(self) -> float:
        """Failed requests as a share of all requests (0 to 1)."""
        return self.failures / self.requests if self.requests else 0.0


def budgets_for(service_dir: Path, environ: Mapping[str, str] | None = None) -> Budgets:
    """The service's budgets, with any `MVPKIT_BUDGET_*` environment variable applied."""
    return with_overrides(load_service(Path(service_dir)).budgets, environ)


def with_overrides(budgets: Budgets, environ: Mapping[str, str] | None = None) -> Budgets:
    """The budgets with `MVPKIT_BUDGET_P95_MS`, `_FAIL_RATIO` and `_MIN_RPS` applied."""
    environ = os.environ if environ is None else environ
    changes = {key: environ[name] for key, name in OVERRIDES.items() if environ.get(name)}
    if not changes:
        return budgets
    try:
        return Budgets.model_validate({**budgets.model_dump(), **changes})
    except ValidationError as exc:
        names = ", ".join(OVERRIDES[str(error["loc"][0])] for error in exc.errors())
        raise ValueError(f"{names} is not a usable budget: {exc}") from exc


def budget_problems(budgets: Budgets, summary: StatsSummary) -> list[str]:
    """One sentence for each budget the measurements break; none when all are met."""
    if summary.requests == 0:
        return ["no requests were made, so no budget could be checked"]
    problems: list[str] = []
    if summary.p95_ms > budgets.p95_ms:
        problems.append(
            f"p95 of {_distinct(summary.p95_ms, budgets.p95_ms, 0)} ms is over the budget "
            f"of {budgets.p95_ms} ms"
        )
    if summary.fail_ratio > budgets.fail_ratio:
        shown = _distinct(summary.fail_ratio * 100, budgets.fail_ratio * 100, 1)
        problems.append(
            f"{shown}% of requests failed; the budget is {_percent(budgets.fail_ratio)}%"
        )
    if summary.rps < budgets.min_rps:
        problems.append(
            f"{_distinct(summary.rps, budgets.min_rps, 1)} requests a second is under the "
            f"budget of {budgets.min_rps:g}"
        )
    return problems


def budget_summary(budgets: Budgets, summary: StatsSummary) -> str:
    """The measurements beside their budgets, in one line."""
    return (
        f"p95 {summary.p95_ms:.0f} ms (budget {budgets.p95_ms} ms), "
        f"{summary.fail_ratio * 100:.1f}% failed (budget {_percent(budgets.fail_ratio)}%), "
        f"{summary.rps:.1f} requests a second (budget {budgets.min_rps:g})"
    )


def _percent(ratio: float) -> str:
    """A budget ratio as a percentage: one decimal place, or more if it has them."""
    percent = ratio * 100
    shown = f"{percent:.1f}"
    return shown if float(shown) == round(percent, 9) else f"{round(percent, 9):g}"


def _distinct(value: float, limit: float, places: int) -> str:
    """The value, with enough decimal places that it does not read as equal to the limit."""
    for more in range(places, places + 4):
        if f"{value:.{more}f}" != f"{limit:.{more}f}":
            return f"{value:.{more}f}"
    return f"{value:.{places + 3}f}"
