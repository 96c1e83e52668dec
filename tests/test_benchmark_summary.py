"""The benchmark's summary: each figure as the median of its runs, every run shown."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from tests.conftest import ROOT


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark", ROOT / "load" / "benchmark.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("benchmark", module)
    spec.loader.exec_module(module)
    return module


def _run(get: float, post: float, pss: float, startup: float, p95: float) -> dict:  # type: ignore[type-arg]
    return {
        "cases": [
            {"name": "question-get", "ratio_to_hello": get},
            {"name": "question-post", "ratio_to_hello": post},
        ],
        "pss_total_mb": pss,
        "startup_seconds": startup,
        "first_start_seconds": startup + 0.5,
        "my_account_p95_ms": p95,
        "check_seconds": None,
    }


def test_each_figure_is_the_median_of_the_runs_with_each_run_beside_it() -> None:
    benchmark = _benchmark()
    runs = [
        _run(0.2, 0.15, 140, 2.0, 300),
        _run(0.3, 0.1, 130, 1.0, 500),
        _run(0.1, 0.2, 150, 3, 400),
    ]
    lines = benchmark.summary_table(runs).splitlines()
    assert lines[0] == "The figures, median of 3 run(s) (each run's in brackets):"
    shown = {line[:54].strip(): line[54:].split("(")[0].strip() for line in lines[1:]}
    assert shown["question page GET, share of hello world"] == "0.200"
    assert shown["answer POST (302), share of hello world"] == "0.150"
    assert shown["memory of master + 2 workers after load (PSS, MiB)"] == "140.0"
    assert shown["mvpkit serve to first 200, bytecode warm (s)"] == "2.00"
    assert shown["the same, first start on a new database (s)"] == "2.50"
    assert shown["My Account under the gate's 10 users: p95 (ms)"] == "400"
    assert shown["mvpkit check on one exemplar (s)"] == "not measured"
    assert "(0.200, 0.300, 0.100)" in lines[1]


def test_the_memory_figure_adds_up_master_and_workers() -> None:
    benchmark = _benchmark()
    found = {"master_pss_mb": 45.2, "workers": [{"pss_mb": 44.3}, {"pss_mb": 44.2}]}
    assert benchmark.pss_total(found) == 133.7
    assert benchmark.pss_total({"master_pss_mb": None, "workers": []}) is None


def _result(benchmark: ModuleType, name: str, rate: float, errors: int = 0) -> object:
    return benchmark.Result(
        name=name,
        description=name,
        requests_per_second=rate,
        p50_ms=1.0,
        p99_ms=2.0,
        requests=int(rate * 10),
        unexpected=errors,
        non_2xx_3xx=0,
        socket_errors={"timeout": errors},
        loadavg_before=[0.0, 0.0, 0.0],
    )


def test_a_case_is_compared_with_the_hello_world_runs_either_side_of_it() -> None:
    benchmark = _benchmark()
    case = _result(benchmark, "question-get", 900)
    benchmark.bracketed(case, _result(benchmark, "hello", 2000), _result(benchmark, "hello", 4000))
    assert case.ratio_to_hello == 0.3  # type: ignore[attr-defined]
    assert case.hello_around == [2000, 4000]  # type: ignore[attr-defined]


def test_the_hello_world_row_is_its_median_run_with_every_error_counted() -> None:
    benchmark = _benchmark()
    runs = [
        _result(benchmark, "hello", rate, errors)
        for rate, errors in ((3000, 0), (1000, 2), (5000, 1))
    ]
    row = benchmark.median_hello(runs)
    assert row.requests_per_second == 3000
    assert row.ratio_to_hello == 1.0
    assert row.hello_around == [3000, 1000, 5000]
    assert row.errors == 3 + 3  # unexpected 0+2+1, socket timeouts 0+2+1
