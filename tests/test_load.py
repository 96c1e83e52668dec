"""The load stage: budgets checked in words, and Locust runs against the exemplar on 127.0.0.1.

Locust itself runs only in subprocesses: importing it would patch this process with gevent.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

import mvpkit.gate
from mvpkit.definition.loader import load_service
from mvpkit.definition.model import Budgets
from mvpkit.gate.budgets import (
    StatsSummary,
    budget_problems,
    budget_summary,
    budgets_for,
    with_overrides,
)
from mvpkit.gate.load import check_host, percentile, read_stats, run_load
from mvpkit.testing.live_server import LiveServer

ROOT = Path(__file__).resolve().parents[1]
EXEMPLAR = ROOT / "exemplars" / "report-a-fault"
GENERATED = Path(mvpkit.gate.__file__).parent / "locustfile.py"
OWN = ROOT / "load" / "report-a-fault.py"
USERS = 5
SECONDS = 5
BUDGETS = Budgets(p95_ms=500, fail_ratio=0.01, min_rps=20)


def summary(
    requests: int = 1000, failures: int = 0, p95: float = 100, rps: float = 50.0
) -> StatsSummary:
    return StatsSummary(requests=requests, failures=failures, p95_ms=p95, rps=rps)


# --- budgets, without Locust -------------------------------------------------------------


def test_budgets_met_give_no_problems() -> None:
    assert budget_problems(BUDGETS, summary()) == []
    assert budget_problems(BUDGETS, summary(p95=500, failures=10, rps=20)) == []


def test_each_broken_budget_is_one_sentence() -> None:
    problems = budget_problems(BUDGETS, summary(p95=812, failures=12, rps=12.34))
    assert problems == [
        "p95 of 812 ms is over the budget of 500 ms",
        "1.2% of requests failed; the budget is 1.0%",
        "12.3 requests a second is under the budget of 20",
    ]


def test_a_near_miss_is_not_shown_as_equal_to_its_budget() -> None:
    problems = budget_problems(BUDGETS, summary(requests=10000, failures=104, rps=19.96))
    assert problems == [
        "1.04% of requests failed; the budget is 1.0%",
        "19.96 requests a second is under the budget of 20",
    ]


def test_a_run_with_no_requests_fails() -> None:
    assert budget_problems(Budgets(min_rps=0), summary(requests=0, rps=0, p95=0)) == [
        "no requests were made, so no budget could be checked"
    ]


def test_the_summary_line_puts_each_figure_beside_its_budget() -> None:
    assert budget_summary(BUDGETS, summary(failures=5, rps=61.04, p95=14)) == (
        "p95 14 ms (budget 500 ms), 0.5% failed (budget 1.0%), 61.0 requests a second (budget 20)"
    )


def test_budgets_have_defaults_and_limits() -> None:
    assert Budgets() == Budgets(p95_ms=800, fail_ratio=0.01, min_rps=5)
    for wrong in ({"fail_ratio": 2}, {"fail_ratio": -0.1}, {"min_rps": -1}, {"p95_ms": 0}):
        with pytest.raises(ValidationError):
            Budgets.model_validate(wrong)


def test_the_exemplar_sets_its_budgets() -> None:
    assert load_service(EXEMPLAR).budgets == BUDGETS
    assert budgets_for(EXEMPLAR, {}) == BUDGETS


def test_environment_variables_override_budgets() -> None:
    environ = {"MVPKIT_BUDGET_P95_MS": "1", "MVPKIT_BUDGET_MIN_RPS": "0.5"}
    assert with_overrides(BUDGETS, environ) == Budgets(p95_ms=1, fail_ratio=0.01, min_rps=0.5)
    assert budgets_for(EXEMPLAR, {"MVPKIT_BUDGET_FAIL_RATIO": "0"}).fail_ratio == 0
    with pytest.raises(ValueError, match="MVPKIT_BUDGET_FAIL_RATIO"):
        with_overrides(BUDGETS, {"MVPKIT_BUDGET_FAIL_RATIO": "lots"})


@pytest.mark.parametrize(
    "host",
    [
        "http://example.com/report-a-fault",
        "http://localhost:8000",
        "http://127.0.0.2:8000",
        "http://10.0.0.1",
        "ftp://127.0.0.1:8000",
        "127.0.0.1:8000",
        "http://127.0.0.1.example.com",
    ],
)
def test_load_goes_only_to_127_0_0_1(host: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        check_host(host)
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        run_load(GENERATED, EXEMPLAR, host, users=1, spawn_rate=1, seconds=1, out_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []  # nothing ran
    check_host("http://127.0.0.1:8000/report-a-fault")


def test_users_and_seconds_are_bounded(tmp_path: Path) -> None:
    host = "http://127.0.0.1:8000"
    with pytest.raises(ValueError, match="users"):
        run_load(GENERATED, EXEMPLAR, host, users=0, spawn_rate=1, seconds=5, out_dir=tmp_path)
    with pytest.raises(ValueError, match="seconds"):
        run_load(GENERATED, EXEMPLAR, host, users=1, spawn_rate=1, seconds=0, out_dir=tmp_path)


def test_percentiles_are_locusts() -> None:
    times = {10: 90, 20: 5, 300: 5}  # response time in ms: how many requests took it
    assert percentile(times, 100, 0.5) == 10
    assert percentile(times, 100, 0.9) == 20
    assert percentile(times, 100, 0.95) == 300
    assert percentile({}, 0, 0.95) == 0


def test_stats_are_read_from_locusts_json(tmp_path: Path) -> None:
    def entry(name: str, method: str, times: dict[str, int], failures: int) -> dict[str, object]:
        return {
            "name": name,
            "method": method,
            "start_time": 100.0,
            "last_request_timestamp": 110.0,
            "num_requests": sum(times.values()),
            "num_none_requests": 0,
            "num_failures": failures,
            "response_times": times,
        }

    path = tmp_path / "locust.json"
    path.write_text(
        json.dumps(
            [entry("/track", "POST", {"12": 19, "40": 1}, 1), entry("/", "GET", {"5": 80}, 0)]
        )
    )
    rows, total = read_stats(path)
    assert rows == [
        {
            "name": "/",
            "method": "GET",
            "requests": 80,
            "failures": 0,
            "median_ms": 5,
            "p95_ms": 5,
            "rps": 8.0,
        },
        {
            "name": "/track",
            "method": "POST",
            "requests": 20,
            "failures": 1,
            "median_ms": 12,
            "p95_ms": 40,
            "rps": 2.0,
        },
    ]
    assert total == {
        "name": "Aggregated",
        "method": "",
        "requests": 100,
        "failures": 1,
        "median_ms": 5,
        "p95_ms": 12,
        "rps": 10.0,
        "fail_ratio": 0.01,
        "seconds": 10.0,
    }
    assert read_stats(tmp_path / "missing.json") == ([], {})


# --- Locust, in subprocesses, against the exemplar on 127.0.0.1 ----------------------------


@pytest.fixture(scope="module")
def exemplar() -> Iterator[LiveServer]:
    with LiveServer(EXEMPLAR) as server:
        yield server


@pytest.mark.slow
def test_the_generated_user_passes_and_visits_every_page(
    exemplar: LiveServer, tmp_path: Path
) -> None:
    result = run_load(
        GENERATED,
        EXEMPLAR,
        exemplar.url,
        users=USERS,
        spawn_rate=USERS,
        seconds=SECONDS,
        out_dir=tmp_path,
    )
    assert result.passed, result.output
    assert (result.exit_code, result.problems) == (0, [])
    assert result.total["failures"] == 0
    assert result.total["requests"] == sum(row["requests"] for row in result.rows)
    visited = {(row["method"], row["name"]) for row in result.rows}
    service = load_service(EXEMPLAR)
    for page in service.pages:
        assert ("GET", f"/{page.id}") in visited
        if not page.is_exit:
            assert ("POST", f"/{page.id}") in visited
    assert {
        ("GET", "/"),
        ("GET", "/check-answers"),
        ("POST", "/check-answers"),
        ("GET", "/confirmation"),
        ("GET", "/track"),
        ("POST", "/track"),
        ("GET", "/track/[reference]"),
    } <= visited
    assert result.history_csv is not None
    assert result.history_csv.is_file()
    assert "Budgets met: " in result.output


@pytest.mark.slow
def test_a_broken_budget_fails_the_exit_code(exemplar: LiveServer, tmp_path: Path) -> None:
    result = run_load(
        GENERATED,
        EXEMPLAR,
        exemplar.url,
        users=USERS,
        spawn_rate=USERS,
        seconds=3,
        out_dir=tmp_path,
        env={**os.environ, "MVPKIT_BUDGET_P95_MS": "1"},
    )
    assert not result.passed
    assert result.exit_code != 0
    assert len(result.problems) == 1, result.problems
    assert result.problems[0].startswith("p95 of ")
    assert result.problems[0].endswith(" ms is over the budget of 1 ms")
    assert result.total["requests"] > 0


@pytest.mark.slow
def test_the_exemplars_own_locustfile_passes(exemplar: LiveServer, tmp_path: Path) -> None:
    result = run_load(
        OWN,
        EXEMPLAR,
        exemplar.url,
        users=USERS,
        spawn_rate=USERS,
        seconds=SECONDS,
        out_dir=tmp_path,
    )
    assert result.passed, result.output
    assert result.problems == []
    assert result.total["failures"] == 0
    names = {row["name"] for row in result.rows}
    assert {"/light-problem", "/drain-problem", "/confirmation", "/track/[reference]"} <= names


@pytest.mark.slow
def test_the_generated_locustfile_defines_a_user_only_when_given_a_service() -> None:
    script = (
        "import json, sys\n"
        "from locust import User\n"
        "import mvpkit.gate.locustfile as module\n"
        "users = [v for v in vars(module).values()\n"
        "         if isinstance(v, type) and issubclass(v, User) and not v.abstract]\n"
        "print(json.dumps([[u.__name__, sorted(getattr(t, '__name__', '') for t in u.tasks),\n"
        "                   u.host] for u in users]))\n"
        "print(callable(module.journey_user))\n"
    )
    environ = {key: value for key, value in os.environ.items() if not key.startswith("MVPKIT_")}

    def users(extra: dict[str, str]) -> list[object]:
        finished = subprocess.run(
            [sys.executable, "-c", script],
            env={**environ, **extra},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        found, journey_user = finished.stdout.splitlines()[-2:]
        assert journey_user == "True"
        return list(json.loads(found))

    assert users({}) == []
    assert users({"MVPKIT_SERVICE": str(EXEMPLAR)}) == [
        [
            "ReportAStreetLightOrDrainProblemUser",
            ["complete_a_route", "complete_a_route", "complete_a_route", "track_a_reference"],
            None,
        ]
    ]


SLOW_TO_LOAD = """
import gevent
from gevent import monkey
from locust import HttpUser, constant, task

from mvpkit.definition.model import Budgets
from mvpkit.gate.locust_users import check_budgets_on_quit

gevent.get_hub()  # the loop's clock starts here...
monkey.get_original("time", "sleep")(4)  # ...and loading takes longer than the run
check_budgets_on_quit(Budgets(p95_ms=10000, min_rps=0))


class Visitor(HttpUser):
    wait_time = constant(0.2)

    @task
    def start_page(self) -> None:
        self.client.get("/")
"""


@pytest.mark.slow
def test_a_locustfile_slower_to_load_than_the_run_still_runs_for_the_time_asked(
    exemplar: LiveServer, tmp_path: Path
) -> None:
    locustfile = tmp_path / "slow_to_load.py"
    locustfile.write_text(SLOW_TO_LOAD)

    result = run_load(
        locustfile, EXEMPLAR, exemplar.url, users=1, spawn_rate=1, seconds=2, out_dir=tmp_path
    )

    assert result.passed, result.output
    assert result.total["requests"] >= 3, result.output


SEND_WITH_A_TAKEN_TIME = """
import json, sys
from mvpkit.gate.locust_users import send


class Response:
    def __init__(self, status, text="", location=""):
        self.status_code, self.text, self.error = status, text, None
        self.headers = {"Location": location} if location else {}
        self.outcome = "untold"

    def success(self):
        self.outcome = "success"

    def failure(self, why):
        self.outcome = "failure: " + why

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class Client:
    \"\"\"Check answers shows its form; sending redirects where argv[1] says.\"\"\"

    def __init__(self):
        self.seen = []

    def get(self, path, **_):
        self.seen.append(Response(200, '<input name="csrf_token" value="t">'))
        return self.seen[-1]

    def post(self, path, **_):
        self.seen.append(Response(302, location="/register/appointment-time"))
        return self.seen[-1]


client = Client()
back = sys.argv[1] or None
print(json.dumps([send(client, "RB", back), [r.outcome for r in client.seen]]))
"""


@pytest.mark.parametrize(
    ("sent_back_to", "outcome"),
    [
        ("/appointment-time", "success"),
        ("", "failure: expected a redirect to /confirmation, got 302"),
    ],
    ids=["the-journey-has-that-page", "no-such-page"],
)
def test_sending_back_to_the_time_page_counts_only_where_the_journey_has_one(
    sent_back_to: str, outcome: str
) -> None:
    finished = subprocess.run(
        [sys.executable, "-c", SEND_WITH_A_TAKEN_TIME, sent_back_to],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    reference, outcomes = json.loads(finished.stdout.splitlines()[-1])
    assert reference is None
    assert outcomes == ["success", outcome]
